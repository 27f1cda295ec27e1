"""The vocabulary in code (kg.graph.vocab.XC) and the ontology (ontology/xuncha.ttl) declare the same terms."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from kg.graph.validate import ONTOLOGY_FILE
from kg.graph.vocab import ONTOLOGY_IRI, XC

DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.NamedIndividual,
    OWL.AnnotationProperty,
}
# The terms of shared/ONTOLOGY_CONTRACT.md in the xc namespace: a published interface.
CONTRACT = [
    "Notice",
    "Inspection",
    "InspectionGroup",
    "Organization",
    "Person",
    "Regulation",
    "Problem",
    "Measure",
    "Place",
    "Completed",
    "InProgress",
    "LongTerm",
    "sourceFile",
    "reportsOn",
    "conductedBy",
    "inspected",
    "startDate",
    "endDate",
    "feedbackDate",
    "round",
    "reportedProblemCount",
    "reportedMeasureCount",
    "completedProblemCount",
    "inProgressProblemCount",
    "raised",
    "status",
    "subProblemOf",
    "hasMeasure",
    "documentNumber",
    "post",
    "ledBy",
    "mentionedIn",
]


def vocab_terms() -> set[str]:
    return set(XC.__annotations__)


def ontology_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY_FILE)
    return {
        str(s)[len(ONTOLOGY_IRI) :]
        for s, o in g.subject_objects(RDF.type)
        if isinstance(s, URIRef) and s.startswith(ONTOLOGY_IRI) and o in DECLARATIONS
    }


def test_vocab_and_ontology_declare_the_same_terms():
    assert vocab_terms() == ontology_terms()


def test_every_contract_term_is_in_the_vocab():
    assert set(CONTRACT) <= vocab_terms()


def test_vocab_refuses_a_misspelt_term():
    with pytest.raises(AttributeError):
        XC.Inspecton  # noqa: B018
