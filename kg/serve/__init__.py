"""A read-only SPARQL endpoint and query page for a build, on loopback."""
