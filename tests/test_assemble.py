"""kg.graph.assemble: evidence stored once per sentence, each fact reaching it from its key."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.graph.assemble import build_dataset, fact_iri, notice_iri, org_iri, union
from kg.graph.vocab import XC
from kg.models import Header, Notice, NoticeText, Org
from tests.graph_fixtures import fixture_dataset, fixture_notices, span


def graph() -> Graph:
    return union(fixture_dataset())


def test_each_sentence_is_one_node_of_four_statements():
    g = graph()
    sentences = set(g.subjects(RDF.type, XC.Sentence))
    assert sentences
    for sentence in sentences:
        assert {p for p, _ in g.predicate_objects(sentence)} == {
            RDF.type,
            XC.inNotice,
            XC.sentence,
            XC.charStart,
        }
        assert len(list(g.predicate_objects(sentence))) == 4
    places = [
        (g.value(s, XC.inNotice), int(g.value(s, XC.charStart)), g.value(s, XC.sentence)) for s in sentences
    ]
    assert len(places) == len(set(places)), "one node per sentence of a notice"


def test_facts_read_in_one_sentence_share_its_node():
    uses = Counter(sentence for _, sentence in graph().subject_objects(XC.readIn))
    assert max(uses.values()) >= 3  # a problem's raised, status and subProblemOf at least


def test_the_sentence_offset_finds_its_text_in_the_notice_body():
    g = graph()
    for notice in fixture_notices():
        body = notice.text.body
        node = notice_iri(notice.text.source, notice.text.index)
        for sentence in g.subjects(XC.inNotice, node):
            text, start = str(g.value(sentence, XC.sentence)), int(g.value(sentence, XC.charStart))
            assert body[start : start + len(text)] == text


def test_which_sentence_says_a_problem_is_completed():
    g = graph()
    completed = list(g.subjects(XC.status, XC.Completed))
    assert completed
    for problem in completed:
        [sentence] = g.objects(fact_iri(problem, XC.status, XC.Completed), XC.readIn)
        assert str(g.value(problem, RDFS.label)) in str(g.value(sentence, XC.sentence))
    assert not list(g.objects(fact_iri(completed[0], XC.status, XC.InProgress), XC.readIn))


def test_a_fact_read_in_two_sentences_reaches_both():
    g = graph()
    counts = Counter(s for s, _ in g.subject_objects(XC.readIn))
    assert max(counts.values()) >= 2, "an organization mentioned twice in a notice"


def test_the_key_is_the_facts_lexical_forms_hashed():
    a = fact_iri(XC.Problem, XC.status, Literal(5))
    assert a == fact_iri(XC.Problem, XC.status, Literal("5"))
    assert a != fact_iri(XC.Problem, XC.status, Literal(6))


def test_words_wrapped_over_a_line_end_keep_the_sentence_they_run_on_into():
    """Regression: a sentence keyed by its start alone took the text of whichever was read first."""
    body = "云岚县文旅局、云岚县水\n务局参加会议。\n会后云岚县水务局通报。"
    wrapped, plain = span(body, "云岚县水\n务局"), span(body, "云岚县文旅局")
    unit = Org("云岚县水务局", evidence=(wrapped,))
    other = Org("云岚县文旅局", evidence=(plain,))
    notice = Notice(NoticeText("a.txt", 0, None, body), Header(), organizations=(other, unit))
    g = union(build_dataset([notice]))
    node = notice_iri("a.txt", 0)
    texts = {
        str(g.value(s, XC.sentence))
        for o in (unit, other)
        for s in g.objects(fact_iri(org_iri(o.name), XC.mentionedIn, node), XC.readIn)
    }
    assert texts == {"云岚县文旅局、云岚县水\n务局参加会议。", "云岚县文旅局、云岚县水"}


def _reported(source: str, index: int, group: str, unit: str) -> Notice:
    body = f"{group}向{unit}党组反馈了巡察情况。"
    header = Header(
        group=group, group_as_written=group, target=Org(unit), evidence={"group": span(body, group)}
    )
    return Notice(text=NoticeText(source, index, None, body), header=header, organizations=(Org(unit),))


def _nodes(notices: list[Notice], kind: URIRef) -> set:
    return set(union(build_dataset(notices)).subjects(RDF.type, kind))


@pytest.mark.parametrize(
    ("documents", "group", "unit", "nodes"),
    [
        # 市委第二巡察组 of a page that never says where is not the same group as another page's
        ([("a.txt", 0), ("b.txt", 0)], "市委第二巡察组", "市卫健委", 2),
        # the notices of one document share its unqualified group
        ([("a.txt", 0), ("a.txt", 1)], "市委第二巡察组", "市卫健委", 1),
        # so is one a traditional page writes
        ([("a.txt", 0), ("b.txt", 0)], "縣委第二巡察組", "縣衛健局", 2),
        # a qualified group is one node across documents
        ([("a.txt", 0), ("b.txt", 0)], "青川市委第二巡察组", "青川市卫健委", 1),
    ],
)
def test_an_unqualified_name_is_one_node_per_document(
    documents: list[tuple[str, int]], group: str, unit: str, nodes: int
):
    notices = [_reported(source, index, group, unit) for source, index in documents]
    assert len(_nodes(notices, XC.InspectionGroup)) == nodes
    assert len(_nodes(notices, XC.Inspection)) == nodes
    assert len({org_iri(unit, source) for source, _ in documents}) == nodes
