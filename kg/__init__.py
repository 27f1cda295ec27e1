"""xuncha-kg: rectification notices of 巡察/巡视 inspections as an RDF knowledge graph."""

__version__ = "0.1.0"
