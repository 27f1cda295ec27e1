"""Pages to explore a graph in a browser: the network explorer, neighbourhoods, annotated notices."""
