"""How kg.graph.assemble writes persons: post, the unit it is held at, group leaders, meeting roles."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS

from kg.extract.persons import extract_persons
from kg.graph.assemble import inspection_iri, notice_iri, notice_triples, org_iri
from kg.graph.vocab import XC
from kg.models import Header, Notice, NoticeText, Org

BODY = (
    "4月2日，县委第三巡察组向县农业农村局党组反馈巡察情况。"
    "县委第三巡察组组长郑立群、副组长邵红梅出席会议，郑立群反馈了巡察情况。"
    "县农业农村局党组书记、局长白松涛主持会议并作表态发言。"
    "会议传达学习了习近平总书记关于巡视工作的重要论述。"
    "（记者孟若溪）"
)


def _graph(group: str = "云岭县委第三巡察组", written: str = "县委第三巡察组") -> tuple[set, Notice]:
    header = Header(
        group=group,
        group_as_written=written,
        target=Org("云岭县农业农村局党组"),
    )
    notice = Notice(
        text=NoticeText("a.txt", 0, None, BODY),
        header=header,
        persons=tuple(extract_persons(BODY)),
        organizations=(Org("云岭县农业农村局", aliases=("县农业农村局",)),),
    )
    return set(notice_triples(notice)[1]), notice


def _person(triples: set, name: str):
    return next(
        s
        for s, p, o in triples
        if p == RDFS.label and o == Literal(name, lang="zh") and (s, RDF.type, XC.Person) in triples
    )


def test_group_leader_and_deputy_lead_the_inspection():
    triples, notice = _graph()
    insp = inspection_iri(notice.header)
    assert (insp, XC.ledBy, _person(triples, "郑立群")) in triples
    assert (insp, XC.deputyLedBy, _person(triples, "邵红梅")) in triples
    assert not any(p == XC.ledBy and o == _person(triples, "白松涛") for _, p, o in triples)


def test_a_leader_of_another_group_leads_nothing_here():
    triples, _ = _graph("云岭县委第一巡察组", "县委第一巡察组")
    assert not any(p in (XC.ledBy, XC.deputyLedBy) for _, p, _ in triples)


def test_post_is_held_at_the_unit_node_named_by_any_of_its_forms():
    triples, _ = _graph()
    person = _person(triples, "白松涛")
    assert (person, XC.post, Literal("县农业农村局党组书记、局长", lang="zh")) in triples
    assert (person, XC.holdsPostAt, org_iri("云岭县农业农村局")) in triples
    assert not any(s == org_iri("县农业农村局") for s, _, _ in triples)


@pytest.mark.parametrize(
    ("name", "prop"),
    [
        ("白松涛", XC.chairedBy),
        ("白松涛", XC.speaker),
        ("邵红梅", XC.attendee),
        ("郑立群", XC.speaker),
        ("孟若溪", DCTERMS.creator),
    ],
)
def test_meeting_roles_and_bylines_hang_on_the_notice(name, prop):
    triples, _ = _graph()
    assert (notice_iri("a.txt", 0), prop, _person(triples, name)) in triples


def test_a_leader_quoted_in_a_policy_phrase_is_mentioned_only():
    triples, _ = _graph()
    person = _person(triples, "习近平")
    roles = {XC.ledBy, XC.deputyLedBy, XC.chairedBy, XC.speaker, XC.attendee, DCTERMS.creator}
    assert not any(p in roles and o == person for _, p, o in triples)
    assert (person, XC.mentionedIn, notice_iri("a.txt", 0)) in triples
