"""ontology/xuncha.ttl: loads in a real OWL parser, documents every term, aligns to W3C vocabularies."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS

from kg.graph.validate import ONTOLOGY_FILE
from kg.graph.vocab import ONTOLOGY_IRI, XC

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ROOT = Path(__file__).resolve().parent.parent
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def xc_terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(ONTOLOGY_IRI)
    )


@pytest.fixture(scope="module")
def owl_world(onto: Graph, tmp_path_factory):
    """The ontology as owlready2 reads it (N-Triples, one of the syntaxes it parses)."""
    import owlready2

    path = tmp_path_factory.mktemp("owl") / "xuncha.nt"
    onto.serialize(destination=path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    return world


def test_owlready2_loads_every_class_and_property(onto: Graph, owl_world):
    import owlready2

    for cls in xc_terms(onto, OWL.Class):
        assert isinstance(owl_world[str(cls)], owlready2.ThingClass), cls
    for prop in xc_terms(onto, OWL.ObjectProperty):
        assert isinstance(owl_world[str(prop)], owlready2.ObjectPropertyClass), prop
    for prop in xc_terms(onto, OWL.DatatypeProperty):
        assert isinstance(owl_world[str(prop)], owlready2.DataPropertyClass), prop


def test_owlready2_sees_the_class_hierarchy(owl_world):
    organization = owl_world[str(XC.Organization)]
    for sub in (XC.PartyOrganization, XC.GovernmentDepartment, XC.Hospital, XC.PrimaryCareCentre, XC.Company):
        assert organization in owl_world[str(sub)].ancestors()
    group = owl_world[str(XC.InspectionGroup)]
    assert organization not in group.ancestors()
    assert any(organization in d.entities for d in group.disjoints())


def test_owlready2_sees_domains_and_ranges(owl_world):
    assert owl_world[str(XC.conductedBy)].range == [owl_world[str(XC.InspectionGroup)]]
    assert owl_world[str(XC.conductedBy)].domain == [owl_world[str(XC.Inspection)]]
    assert owl_world[str(XC.reportedProblemCount)].range == [int]


def test_the_status_individuals_are_statuses(owl_world):
    status = owl_world[str(XC.Status)]
    for individual in (XC.Completed, XC.InProgress, XC.LongTerm):
        assert status in owl_world[str(individual)].is_a


def test_every_term_has_chinese_and_english_labels_and_comments(onto: Graph):
    terms = [t for kind in (OWL.Class, *PROPERTY_KINDS, OWL.NamedIndividual) for t in xc_terms(onto, kind)]
    assert len(terms) == len(XC.__annotations__)
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, prop)}
            assert {"zh", "en"} <= langs, f"{term} lacks {prop} in { ({'zh', 'en'} - langs) }"


def test_every_property_has_a_domain_and_a_range(onto: Graph):
    for kind in PROPERTY_KINDS:
        for prop in xc_terms(onto, kind):
            assert onto.value(prop, RDFS.domain) is not None, prop
            assert onto.value(prop, RDFS.range) is not None, prop


@pytest.mark.parametrize(
    ("term", "relation", "external"),
    [
        (XC.Organization, RDFS.subClassOf, ORG.Organization),
        (XC.Organization, RDFS.subClassOf, FOAF.Organization),
        (XC.InspectionGroup, RDFS.subClassOf, ORG.OrganizationalUnit),
        (XC.Person, RDFS.subClassOf, FOAF.Person),
        (XC.Notice, RDFS.subClassOf, PROV.Entity),
        (XC.Inspection, RDFS.subClassOf, PROV.Activity),
        (XC.Sentence, RDFS.subClassOf, PROV.Entity),
        (XC.readIn, RDFS.domain, RDF.Statement),
        (XC.Regulation, RDFS.subClassOf, ELI.LegalResource),
        (XC.Status, RDFS.subClassOf, SKOS.Concept),
        (XC.Place, RDFS.subClassOf, DCTERMS.Location),
        (XC.conductedBy, RDFS.subPropertyOf, PROV.wasAssociatedWith),
        (XC.holdsPostAt, RDFS.subPropertyOf, ORG.memberOf),
        (XC.documentNumber, RDFS.subPropertyOf, ELI.id_local),
        (XC.mentionedIn, RDFS.subPropertyOf, DCTERMS.isReferencedBy),
        (XC.inNotice, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    ],
)
def test_terms_align_to_w3c_and_other_vocabularies(onto: Graph, term, relation, external):
    assert (term, relation, external) in onto


def test_statuses_form_a_skos_concept_scheme(onto: Graph):
    assert (XC.StatusScheme, RDF.type, SKOS.ConceptScheme) in onto
    tops = set(onto.objects(XC.StatusScheme, SKOS.hasTopConcept))
    assert tops == {XC.Completed, XC.InProgress, XC.LongTerm}
    for status in tops:
        assert (status, SKOS.inScheme, XC.StatusScheme) in onto
        assert {o.language for o in onto.objects(status, SKOS.prefLabel)} == {"zh", "en"}


def test_the_ontology_documents_the_evidence_model(onto: Graph):
    header = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in onto
    english = next(d for d in onto.objects(header, DCTERMS.description) if d.language == "en")
    for words in (
        "named graph",
        "xc:Sentence",
        "xc:readIn",
        "SHA1(",
        "xc:inNotice",
        "xc:sentence",
        "xc:charStart",
    ):
        assert words in english


def test_pylode_documents_every_class(onto: Graph, tmp_path: Path):
    out = tmp_path / "ontology.html"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ontology_docs.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    page = out.read_text(encoding="utf-8")
    title = re.search(r"<h1[^>]*>([^<]*)</h1>", page).group(1)
    assert title == "巡察整改通报本体xuncha-kg ontology of inspection rectification notices"
    for cls in xc_terms(onto, OWL.Class):
        english = next(label for label in onto.objects(cls, RDFS.label) if label.language == "en")
        assert str(english) in page, cls
