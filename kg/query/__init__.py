"""SPARQL over a build's store, and the saved competency queries in `saved/`."""
