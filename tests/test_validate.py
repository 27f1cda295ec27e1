"""kg.graph.validate: the fixture graph conforms to ontology/shapes.ttl, and each kind of damage is named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from kg.graph.assemble import build_dataset, union
from kg.graph.validate import SHAPES_FILE, Report, validate
from kg.graph.vocab import ID, ONTOLOGY_IRI, XC
from kg.models import Person
from tests.graph_fixtures import BODY_2, fixture_dataset, notice_2, span


@pytest.fixture(scope="module")
def graph() -> Graph:
    return union(fixture_dataset())


def first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def inspection_of(g: Graph, unit: str) -> URIRef:
    org = g.value(predicate=RDFS.label, object=Literal(unit, lang="zh"))
    return g.value(predicate=XC.inspected, object=org)


def test_the_fixture_graph_conforms(graph: Graph):
    assert validate(graph) == Report(conforms=True, violations=())


def test_a_dataset_is_validated_as_its_union():
    assert validate(fixture_dataset()).conforms


def test_an_organization_known_only_as_a_posts_unit_conforms():
    """Regression: graph.py typed such an organization but gave it no xc:mentionedIn."""
    notice = notice_2()
    person = Person("孙丽", post="主任", org="青川市城东社区卫生服务中心", evidence=(span(BODY_2, "赵明"),))
    ds = build_dataset([replace(notice, persons=(*notice.persons, person))])
    assert validate(ds) == Report(conforms=True, violations=())


# Each case damages the fixture graph in one way and returns the node the damage is on.
def drop_source_file(g: Graph) -> URIRef:
    notice = first(g, XC.Notice)
    g.remove((notice, XC.sourceFile, None))
    return notice


def second_source_file(g: Graph) -> URIRef:
    notice = first(g, XC.Notice)
    g.add((notice, XC.sourceFile, Literal("other.txt")))
    return notice


def unknown_status(g: Graph) -> URIRef:
    problem = g.value(predicate=XC.status, object=XC.LongTerm)
    g.remove((problem, XC.status, None))
    g.add((problem, XC.status, URIRef(ONTOLOGY_IRI + "Done")))
    return problem


def issued_as_text(g: Graph) -> URIRef:
    notice = first(g, XC.Notice)
    g.set((notice, DCTERMS.issued, Literal("2024年1月20日")))
    return notice


def group_typed_organization(g: Graph) -> URIRef:
    group = first(g, XC.InspectionGroup)
    g.add((group, RDF.type, XC.Organization))
    return group


def negative_count(g: Graph) -> URIRef:
    inspection = first(g, XC.Inspection)
    g.set((inspection, XC.reportedProblemCount, Literal(-1)))
    return inspection


def sentence_before_the_text(g: Graph) -> URIRef:
    sentence = first(g, XC.Sentence)
    g.set((sentence, XC.charStart, Literal(-1)))
    return sentence


def read_in_no_sentence(g: Graph) -> URIRef:
    fact = next(g.subjects(XC.readIn))
    g.add((fact, XC.readIn, ID["sentence/unknown"]))
    return fact


def orphan_problem(g: Graph) -> URIRef:
    problem = g.value(predicate=XC.status, object=XC.LongTerm)
    g.remove((None, XC.raised, problem))
    return problem


def unlabelled_organization(g: Graph) -> URIRef:
    org = g.value(predicate=RDFS.label, object=Literal("青川市第一人民医院", lang="zh"))
    g.remove((org, RDFS.label, None))
    return org


def english_label(g: Graph) -> URIRef:
    org = g.value(predicate=RDFS.label, object=Literal("青川市第一人民医院", lang="zh"))
    g.add((org, RDFS.label, Literal("First People's Hospital", lang="en")))
    return org


def post_at_untyped_node(g: Graph) -> URIRef:
    person = g.value(predicate=RDFS.label, object=Literal("赵明", lang="zh"))
    g.set((person, XC.holdsPostAt, ID["org/unknown"]))
    return person


def inspection_ends_before_it_starts(g: Graph) -> URIRef:
    inspection = inspection_of(g, "中共青川市第一人民医院委员会")
    g.set((inspection, XC.endDate, Literal(date(2023, 1, 1))))
    return inspection


def inspection_of_nobody(g: Graph) -> URIRef:
    inspection = inspection_of(g, "中共青川市第一人民医院委员会")
    g.remove((inspection, XC.inspected, None))
    g.remove((inspection, XC.conductedBy, None))
    return inspection


def regulation_without_title_or_number(g: Graph) -> URIRef:
    regulation = g.value(predicate=RDFS.label, object=Literal("青川市公立医院廉洁从业规定", lang="zh"))
    g.remove((regulation, RDFS.label, None))
    g.remove((regulation, XC.documentNumber, None))
    return regulation


CASES: list[tuple[Callable[[Graph], URIRef], str, str]] = [
    (drop_source_file, "Notice", "needs exactly one xc:sourceFile"),
    (second_source_file, "Notice", "needs exactly one xc:sourceFile"),
    (unknown_status, "Problem", "one of xc:Completed, xc:InProgress and xc:LongTerm (value: <"),
    (issued_as_text, "Notice", "dcterms:issued, an xsd:date (value: "),
    (group_typed_organization, "InspectionGroup", "is typed xc:Organization as well"),
    (negative_count, "Inspection", "xc:reportedProblemCount that is not an xsd:integer of 0 or more"),
    (sentence_before_the_text, "Sentence", "needs exactly one xc:charStart, an xsd:integer from 0"),
    (read_in_no_sentence, "Node", "must be read in (xc:readIn) an xc:Sentence"),
    (orphan_problem, "Problem", "must be raised (xc:raised) by exactly one xc:Inspection"),
    (unlabelled_organization, "Organization", "needs an rdfs:label"),
    (english_label, "Organization", "needs an rdfs:label, its full Chinese (@zh) name"),
    (post_at_untyped_node, "Person", "(xc:holdsPostAt) that is not an xc:Organization"),
    (inspection_ends_before_it_starts, "Inspection", "no later than its xc:endDate"),
    (inspection_of_nobody, "Inspection", "names neither the group"),
    (
        regulation_without_title_or_number,
        "Regulation",
        "has neither a title (rdfs:label) nor a document number",
    ),
]


@pytest.mark.parametrize(("damage", "kind", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_each_violation_is_said_in_plain_words(graph: Graph, damage, kind: str, words: str):
    damaged = Graph()
    damaged += graph
    node = damage(damaged)
    report = validate(damaged)
    assert not report.conforms
    lines = [line for line in report.violations if line.startswith(f"{kind} <{node}>")]
    assert lines, report.violations
    assert any(words in line for line in lines), lines


@pytest.mark.parametrize(("damage", "kind", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_pyshacl_finds_the_same_damage(graph: Graph, damage, kind: str, words: str):
    """The reference engine agrees with shacl-rust on which node each damage breaks."""
    from pyshacl import validate as reference

    from kg.graph.validate import class_hierarchy

    damaged = Graph()
    damaged += graph
    node = damage(damaged)
    ontology = Graph().parse(data=class_hierarchy(), format="nt")
    conforms, results, _ = reference(damaged, shacl_graph=str(SHAPES_FILE), ont_graph=ontology)
    focus = set(results.objects(None, SH.focusNode))
    assert not conforms
    assert node in focus
    assert {f"<{f}>" for f in focus} == {line.split()[1] for line in validate(damaged).violations}


@pytest.mark.cli
def test_kg_validate_checks_a_store_and_names_what_is_wrong(store: Path, tmp_path: Path):
    import shutil

    import pyoxigraph as ox
    from typer.testing import CliRunner

    from kg.cli import app

    assert CliRunner().invoke(app, ["validate", "--out", str(store)]).exit_code == 0
    damaged = tmp_path / "store"
    shutil.copytree(store, damaged)
    db = ox.Store(str(damaged))
    quad = next(
        q
        for q in db.quads_for_pattern(None, ox.NamedNode(str(XC.sourceFile)), None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)  # a notice's graph, not the union's copy
    )
    db.remove(quad)
    db.flush()
    del db
    result = CliRunner().invoke(app, ["validate", "--out", str(damaged)])
    assert result.exit_code == 1
    assert f"Notice <{quad.subject.value}>" in result.output
    assert "needs exactly one xc:sourceFile" in result.output


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_a_file_is_validated_in_memory_and_names_the_node_s_kind_and_label(
    graph: Graph, tmp_path: Path, suffix
):
    from rdflib import Dataset

    from kg.graph.validate import validate_built

    damaged = Dataset()
    notice = damaged.graph(ID["notice/damaged"])
    notice += graph
    person = post_at_untyped_node(notice)
    path = tmp_path / f"graph{suffix}"
    (notice if suffix == ".ttl" else damaged).serialize(path, format="turtle" if suffix == ".ttl" else "trig")
    report = validate_built(path)
    assert not report.conforms
    assert any(
        line.startswith(f'Person <{person}> "赵明" ') and "not an xc:Organization" in line
        for line in report.violations
    ), report.violations
