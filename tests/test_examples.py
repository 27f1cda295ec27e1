"""End to end on the bundled example notices: each shows one hard case of real input."""

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.run import build
from tests.conftest import EXAMPLES

QUERY = """
PREFIX xc: <https://w3id.org/xuncha-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?file ?title ?group ?start ?feedback ?problems ?measures ?done ?open WHERE {
  ?n a xc:Notice ; xc:sourceFile ?file ; dcterms:title ?title ; xc:reportsOn ?i .
  ?i xc:conductedBy ?g ; xc:startDate ?start ; xc:feedbackDate ?feedback ;
     xc:reportedProblemCount ?problems ; xc:reportedMeasureCount ?measures ;
     xc:completedProblemCount ?done ; xc:inProgressProblemCount ?open .
  ?g rdfs:label ?group .
} ORDER BY ?file ?title
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Graph:
    out = tmp_path_factory.mktemp("examples")
    report = build([EXAMPLES], out)
    assert not report.failed
    return Graph().parse(out / "graph.ttl")


def test_every_example_notice_is_read_with_its_header(graph: Graph):
    notices = {"hard_wrapped.txt", "two_notices_gbk.txt", "web_page.html"}  # the rectification notices
    rows = [tuple(str(x) for x in row) for row in graph.query(QUERY) if str(row[0]) in notices]
    # one row per notice: the group also carries the label a traditional page gave it (組)
    rows = sorted({(r[0], r[1]): r for r in rows if "組" not in r[2]}.values())
    assert len(rows) == 4
    by_title = {r[1]: r for r in rows}
    # two notices in one GB18030 file, each title printed after its own body
    two = [r for r in rows if r[0] == "two_notices_gbk.txt"]
    assert len(two) == 2
    assert all(r[2].startswith("青川市委") for r in two)  # the place comes from the notice, not the group
    for *_, start, feedback, problems, measures, done, open_ in rows:
        assert int(done) + int(open_) <= int(problems) < int(measures)
        assert start < feedback
    assert all(title.endswith(("通报", "情况")) for title in by_title)


def test_groups_are_one_node_each(graph: Graph):
    q = """PREFIX xc: <https://w3id.org/xuncha-kg/ontology#>
           SELECT (COUNT(DISTINCT ?g) AS ?groups) (COUNT(DISTINCT ?i) AS ?inspections)
           WHERE { ?i xc:conductedBy ?g }"""
    groups, inspections = next(iter(graph.query(q)))
    assert int(inspections) == 4
    assert int(groups) <= 4


def test_examples_folder_holds_the_three_hard_cases():
    names = {p.name for p in Path(EXAMPLES).iterdir()}
    assert {"hard_wrapped.txt", "web_page.html", "two_notices_gbk.txt"} <= names


def test_a_units_history_reads_announcement_feedback_rectification_follow_up(graph: Graph):
    rows = graph.query("""
        PREFIX xc: <https://w3id.org/xuncha-kg/ontology#>
        SELECT DISTINCT ?i ?kind WHERE { ?n xc:reportsOn ?i ; xc:documentKind ?kind ; xc:sourceFile ?f .
          FILTER(?f IN ("announcement.txt", "feedback_traditional.txt", "hard_wrapped.txt", "followup.txt")) }
    """)
    inspections = {str(r[0]) for r in rows}
    kinds = {str(r[1]).rsplit("#", 1)[1] for r in rows}
    assert len(inspections) == 1
    assert kinds == {"Announcement", "FeedbackReport", "RectificationNotice", "FollowUpReport"}
