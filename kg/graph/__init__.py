"""From extracted records to RDF: the vocabulary, assembly, SHACL validation and the store."""
