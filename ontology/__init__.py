"""The ontology (xuncha.ttl) and its SHACL shapes (shapes.ttl), installed as package `kg.ontology`
so that an installed xuncha-kg finds them with importlib.resources."""

from importlib.resources import files

ONTOLOGY = files(__name__) / "xuncha.ttl"
SHAPES = files(__name__) / "shapes.ttl"
