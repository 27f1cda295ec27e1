"""kg.query: each saved competency query's answer on the fixture graph, its parameters and pages,
and the result formats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.query import Result as RdflibResult
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.graph.assemble import union
from kg.graph.store import read_store
from kg.graph.terms import rdflib_term
from kg.graph.vocab import XC
from kg.query.formats import format_result, short
from kg.query.sparql import Result, page, question_of, read_query, run_query, saved_queries

A, B = "qingchuan_a.txt", "qingchuan_b.txt"
HEALTH_PARTY, HOSPITAL_PARTY = "中共青川市卫生健康委员会党组", "中共青川市第一人民医院委员会"
GROUP = "青川市委第一巡察组"
TITLE_A = "中共青川市卫生健康委员会党组关于巡察整改进展情况的通报"
TITLE_B = "中共青川市第一人民医院委员会关于巡察整改情况的通报"

EXPECTED: dict[str, list[tuple[str, ...]]] = {
    "alias_mentions": [
        (A, HEALTH_PARTY, "市卫健委党组", "2023年12月5日，巡察组向市卫健委党组反馈了巡察意见。"),
        (
            A,
            "青川市清河镇卫生院",
            "清河镇卫生院",
            "依据《青川市公立医院廉洁从业规定》开展专项检查，清河镇卫生院纳入检查范围。",
        ),
        (B, HOSPITAL_PARTY, "市一院党委", ""),
        (
            B,
            "青川市卫生健康委员会",
            "市卫健委",
            "认真落实《青川市公立医院廉洁从业规定》，配合市卫健委开展行风整治。",
        ),
        (B, "青川市第一人民医院", "市一院", "党委书记李秀兰、院长赵明牵头推进，市一院每月通报医疗质量。"),
    ],
    "count_mismatch": [(HOSPITAL_PARTY, "5", "2", "1", "1")],
    "group_inspections": [
        (GROUP, HEALTH_PARTY, "2023-09-01", "2023-10-31", "2023-12-05", "十三届市委第四轮"),
        (GROUP, HOSPITAL_PARTY, "2023-09-04", "2023-11-03", "2023-12-08", ""),
    ],
    "groups_several_units": [(GROUP, "2")],
    "notices_overview": [  # newest first
        (B, TITLE_B, HOSPITAL_PARTY, "2024-02-26", "problems of B"),
        (A, TITLE_A, HEALTH_PARTY, "2024-01-20", "problems of A"),
    ],
    "people_posts": [
        (A, HEALTH_PARTY, "王建国", "党组书记、主任"),
        (B, HOSPITAL_PARTY, "李秀兰", "党委书记"),
        (B, "青川市第一人民医院", "赵明", "院长"),
    ],
    "problem_measures": [
        (HEALTH_PARTY, "2", "党组会议研究部署不及时", "2"),
        (HEALTH_PARTY, "3", "医疗机构监管存在薄弱环节", "1"),
        (HEALTH_PARTY, "4", "干部队伍建设统筹不够", "1"),
        (HOSPITAL_PARTY, "1", "医疗服务质量管理不严", "0"),
        (HOSPITAL_PARTY, "2", "药品耗材采购管理不规范", "1"),
    ],
    "regulations_issued": [
        (HEALTH_PARTY, "1", "青川市卫生健康系统党风廉政建设责任清单", ""),
        (HOSPITAL_PARTY, "1", "青川市第一人民医院药品耗材采购管理办法", ""),
    ],
    "regulations_most_cited": [
        ("青川市公立医院廉洁从业规定", "青卫发〔2023〕12号", "2", "2"),
        ("", "青委办发〔2023〕8号", "1", "1"),
    ],
    "status_evidence": [
        (A, "党组会议研究部署不及时", "Completed", "（一）党组会议研究部署不及时。", "103"),
        (A, "医疗机构监管存在薄弱环节", "InProgress", "（二）医疗机构监管存在薄弱环节。", "168"),
        (A, "干部队伍建设统筹不够", "Completed", "二、干部队伍建设统筹不够", "227"),
        (B, "医疗服务质量管理不严", "LongTerm", "一、医疗服务质量管理不严", "63"),
        (B, "药品耗材采购管理不规范", "Completed", "二、药品耗材采购管理不规范", "112"),
    ],
    "timeline": [  # latest start first
        (HOSPITAL_PARTY, GROUP, "2023-09-04", "2023-11-03", "2023-12-08", "2024-02-26", TITLE_B),
        (HEALTH_PARTY, GROUP, "2023-09-01", "2023-10-31", "2023-12-05", "2024-01-20", TITLE_A),
    ],
    "unit_problems_by_status": [
        (HEALTH_PARTY, "Completed", "2", "党组会议研究部署不及时"),
        (HEALTH_PARTY, "Completed", "4", "干部队伍建设统筹不够"),
        (HEALTH_PARTY, "InProgress", "3", "医疗机构监管存在薄弱环节"),
        (HOSPITAL_PARTY, "Completed", "2", "药品耗材采购管理不规范"),
        (HOSPITAL_PARTY, "LongTerm", "1", "医疗服务质量管理不严"),
    ],
}


# The parameter of each query that answers about one named entity: a column of its answer, the
# name asked for (empty when none is). The queries that take a file have it as a column anyway.
NAMED = {
    "count_mismatch": "unit",
    "group_inspections": "group",
    "groups_several_units": "group",
    "problem_measures": "unit",
    "regulations_issued": "unit",
    "regulations_most_cited": "regulation",
    "unit_problems_by_status": "unit",
}


def expected(name: str, rows: list[tuple[str, ...]] | None = None, asked: str = "") -> list[tuple[str, ...]]:
    """`rows` (by default all of EXPECTED[name]) as the query answers them, `asked` the name given."""
    rows = EXPECTED[name] if rows is None else rows
    return [(asked, *row) for row in rows] if name in NAMED else rows


def parameters(sparql: str) -> list[str]:
    """The parameters a saved query's comment names (`kg query NAME --bind PARAMETER=…`)."""
    return re.findall(r"kg query \w+ --bind (\w+)=", question_of(sparql))


@pytest.fixture(scope="module")
def db(store: Path) -> ox.Store:
    return read_store(store)


def problems_per_file(ds: Dataset) -> dict[str, str]:
    """How many problems each notice raises, counted here with rdflib, independently of the query."""
    counts = {}
    for _, _, f, g in ds.quads((None, XC.sourceFile, None, None)):
        inspections = {i for _, _, i, _ in ds.quads((g, XC.reportsOn, None, None))}
        problems = {p for i in inspections for _, _, p, _ in ds.quads((i, XC.raised, None, None))}
        counts[f"problems of {'A' if str(f) == A else 'B'}"] = str(len(problems))
    return counts


def test_there_are_at_least_ten_saved_queries_each_with_its_question():
    queries = saved_queries()
    assert len(queries) >= 10
    assert set(queries) == set(EXPECTED)
    for name, sparql in queries.items():
        first_line = sparql.splitlines()[0]
        assert first_line.startswith("# ") and first_line.endswith("?"), name
        assert question_of(sparql).startswith(first_line[2:]), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answers_on_the_fixture_store(built: Dataset, db: ox.Store, name: str):
    result = run_query(db, saved_queries()[name])
    counts = problems_per_file(built)
    rows = [tuple(counts.get(cell, cell) for cell in row) for row in expected(name)]
    assert [tuple(short(t) for t in row) for row in result.rows] == rows


ECHO = "SELECT ?v WHERE {}"
TRICKY = ['市一院党委" } ?s ?p ?o . { "', '\\" } UNION { ?s ?p ?o } #', "a\nb\t'c'", "\\u0022 }", "}}", ""]


@pytest.mark.parametrize("value", TRICKY)
def test_a_bound_value_is_one_term_never_sparql(db: ox.Store, value: str):
    assert run_query(db, ECHO, values={"v": value}).rows == ((ox.Literal(value),),)


@pytest.mark.parametrize(
    ("value", "term"),
    [
        (HOSPITAL_PARTY, ox.Literal(HOSPITAL_PARTY, language="zh")),  # a name: the graph tags it @zh
        ("市一院党委", ox.Literal("市一院党委", language="zh")),  # a short form, tagged as well
        (A, ox.Literal(A)),  # a file name: plain
        ("青委办发〔2023〕8号", ox.Literal("青委办发〔2023〕8号")),  # a document number: plain
        ("不在图中的名字", ox.Literal("不在图中的名字")),
    ],
)
def test_a_bound_text_is_the_literal_the_graph_holds(db: ox.Store, value: str, term: ox.Literal):
    assert run_query(db, ECHO, values={"v": value}).rows == ((term,),)


def test_an_iri_binds_as_an_iri_and_a_malformed_one_is_refused(db: ox.Store):
    iri = "https://w3id.org/xuncha-kg/id/example"
    assert run_query(db, ECHO, values={"v": f"<{iri}>"}).rows == ((ox.NamedNode(iri),),)
    with pytest.raises(QueryError, match="not an IRI"):
        run_query(db, ECHO, values={"v": "<a> } { <b>"})


def test_only_a_variable_the_query_selects_can_be_bound(db: ox.Store):
    with pytest.raises(QueryError, match="no parameter unit"):
        run_query(db, saved_queries()["timeline"], values={"unit": "x"})
    with pytest.raises(QueryError, match="no parameter v"):
        run_query(db, "SELECT ?w WHERE { BIND (?v AS ?w) }", values={"v": "x"})


def test_page_sets_the_one_limit_or_adds_one():
    assert page("SELECT * { ?s ?p ?o }", 5) == "SELECT * { ?s ?p ?o }\nLIMIT 5\n"
    assert page("SELECT * { ?s ?p ?o } LIMIT 20 # a page", offset=40) == (
        "SELECT * { ?s ?p ?o } LIMIT 20 OFFSET 40 # a page"
    )
    assert page('SELECT * { ?s ?p "LIMIT 3" } # LIMIT 9\nOFFSET 2 LIMIT 4', 1) == (
        'SELECT * { ?s ?p "LIMIT 3" } # LIMIT 9\nLIMIT 1 OFFSET 2'
    )
    assert page("SELECT * { ?s ?p ?o } LIMIT 3") == "SELECT * { ?s ?p ?o } LIMIT 3"
    with pytest.raises(QueryError, match="several LIMIT"):
        page("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 1 } } LIMIT 2", 5)


def kg_query(*args: str):
    return CliRunner().invoke(app, ["query", *args])


@pytest.mark.cli
def test_kg_query_binds_and_pages_any_query(store: Path):
    sparql = 'SELECT DISTINCT ?v ?w WHERE { VALUES ?w { 1 2 3 } FILTER (STR(?v) = "x") }'
    args = [f"{sparql} ORDER BY ?w", "--out", str(store), "--format", "csv"]
    result = kg_query(*args, "--bind", "v=x", "--limit", "2", "--offset", "1")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["v,w", "x,2", "x,3"]
    assert kg_query(*args).output.split() == ["v,w"]  # unbound, ?v is no "x"


@pytest.mark.cli
@pytest.mark.parametrize(
    ("args", "message"),
    [(["timeline", "--bind", "unit=x"], "no parameter unit"), (["timeline", "--bind", "unit"], "NAME=VALUE")],
)
def test_kg_query_names_what_is_wrong_with_a_binding(store: Path, args, message):
    result = kg_query(*args, "--dir", str(store))
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert message in result.output


def answer(db: ox.Store, sparql: str, values: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    return [tuple(short(t) for t in row) for row in run_query(db, sparql, values=values).rows]


def rows_of(name: str, first: str) -> list[tuple[str, ...]]:
    return [row for row in EXPECTED[name] if row[0] == first]


def test_every_saved_query_has_one_page_and_selects_the_parameters_it_documents(db: ox.Store):
    """The page (its one LIMIT) bounds what a query looks at, whatever the size of the store."""
    for name, sparql in saved_queries().items():
        assert "LIMIT 7" in page(sparql, limit=7), name
        for parameter in parameters(sparql):
            assert answer(db, sparql, {parameter: "不在图中的名字"}) == [], name
    assert {name for name, sparql in saved_queries().items() if parameters(sparql)} == {
        *NAMED,
        "alias_mentions",
        "people_posts",
        "status_evidence",
    }


@pytest.mark.parametrize(
    ("name", "value", "rows"),
    [
        ("unit_problems_by_status", HOSPITAL_PARTY, rows_of("unit_problems_by_status", HOSPITAL_PARTY)),
        ("unit_problems_by_status", "市一院党委", rows_of("unit_problems_by_status", HOSPITAL_PARTY)),
        ("problem_measures", "市卫健委党组", rows_of("problem_measures", HEALTH_PARTY)),
        ("count_mismatch", HEALTH_PARTY, []),  # its stated counts agree with its problems
        ("count_mismatch", HOSPITAL_PARTY, EXPECTED["count_mismatch"]),
        ("group_inspections", "市委第一巡察组", EXPECTED["group_inspections"]),
        ("groups_several_units", GROUP, EXPECTED["groups_several_units"]),
        ("regulations_issued", "市一院党委", rows_of("regulations_issued", HOSPITAL_PARTY)),
        ("regulations_most_cited", "青委办发〔2023〕8号", rows_of("regulations_most_cited", "")),
        ("regulations_most_cited", "青川市公立医院廉洁从业规定", EXPECTED["regulations_most_cited"][:1]),
        ("people_posts", B, EXPECTED["people_posts"][1:]),
        ("status_evidence", A, rows_of("status_evidence", A)),
        ("alias_mentions", B, rows_of("alias_mentions", B)),
    ],
)
def test_a_bound_query_answers_about_that_entity_only(db: ox.Store, name: str, value: str, rows):
    sparql = saved_queries()[name]
    (parameter,) = parameters(sparql)
    assert answer(db, sparql, {parameter: value}) == expected(name, rows, asked=value)


@pytest.mark.parametrize("value", TRICKY)
def test_a_tricky_name_finds_nothing_rather_than_everything(db: ox.Store, value: str):
    assert answer(db, saved_queries()["unit_problems_by_status"], {"unit": value}) == []


def test_pages_of_the_newest_notices(db: ox.Store):
    sparql = saved_queries()["notices_overview"]
    newest, older = EXPECTED["notices_overview"]
    assert [row[0] for row in answer(db, page(sparql, limit=1))] == [newest[0]]
    assert [row[0] for row in answer(db, page(sparql, limit=1, offset=1))] == [older[0]]
    assert answer(db, page(sparql, offset=2)) == []


def test_pages_of_a_unit_query_split_its_inspections(db: ox.Store):
    sparql = saved_queries()["unit_problems_by_status"]
    first, second = answer(db, page(sparql, limit=1)), answer(db, page(sparql, limit=1, offset=1))
    assert len({row[1] for row in first}) == len({row[1] for row in second}) == 1
    assert sorted(first + second) == sorted(expected("unit_problems_by_status"))


@pytest.mark.cli
def test_kg_query_asks_a_saved_query_about_one_unit(store: Path):
    args = ["unit_problems_by_status", "-o", str(store), "--bind", "unit=市一院党委", "--format", "csv"]
    result = kg_query(*args)
    assert result.exit_code == 0, result.output
    header = ("unit", "unitName", "status", "ordinal", "problem")
    rows = expected(
        "unit_problems_by_status", rows_of("unit_problems_by_status", HOSPITAL_PARTY), "市一院党委"
    )
    assert [tuple(row) for row in csv.reader(io.StringIO(result.output))] == [header, *rows]


@pytest.mark.parametrize(("suffix", "fmt"), [(".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle")])
def test_kg_query_reads_an_rdf_file_as_its_store(built: Dataset, store: Path, tmp_path: Path, suffix, fmt):
    """A file is queried as a store is: its default graph holds each fact once (one group, not one
    per notice that names it); a file of named graphs also answers what a notice's graph holds."""
    path = tmp_path / f"graph{suffix}"
    (union(built) if fmt == "turtle" else built).serialize(path, format=fmt)
    queries = [["SELECT ?g WHERE { ?g a xc:InspectionGroup }"], ["SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"]]
    if fmt != "turtle":  # Turtle has no named graphs
        queries.append(["group_inspections", "--bind", "group=市委第一巡察组"])
    for args in queries:
        from_file = kg_query(*args, "--out", str(path), "--format", "csv")
        assert from_file.exit_code == 0, from_file.output
        assert from_file.output == kg_query(*args, "--out", str(store), "--format", "csv").output
        assert len(from_file.output.splitlines()) == (3 if args[0] == "group_inspections" else 2)


def test_prefixes_need_no_declaration(db: ox.Store):
    result = run_query(db, "SELECT ?n WHERE { ?n a xc:Notice ; dcterms:title ?t }")
    assert len(result.rows) == 2


def test_ask_and_construct(db: ox.Store):
    assert run_query(db, "ASK { ?p xc:status xc:LongTerm }").boolean is True
    graph = run_query(db, "CONSTRUCT { ?g rdfs:label ?l } WHERE { ?g a xc:InspectionGroup ; rdfs:label ?l }")
    assert graph.kind == "CONSTRUCT"
    assert {t.object.value for t in graph.triples} == {GROUP}
    assert GROUP in format_result(graph, "table") and f'"{GROUP}"' in format_result(graph, "json")


def test_max_rows_cuts_the_answer_and_says_so(db: ox.Store):
    result = run_query(db, "SELECT ?p WHERE { ?p a xc:Problem }", max_rows=2)
    assert len(result.rows) == 2
    assert result.truncated
    assert not run_query(db, "SELECT ?p WHERE { ?p a xc:Problem }", max_rows=100).truncated
    triples = run_query(db, "CONSTRUCT WHERE { ?p a xc:Problem }", max_rows=2)
    assert len(triples.triples) == 2 and triples.truncated


@pytest.mark.parametrize("sparql", ["SELECT ?x WHERE { ?x", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"])
def test_invalid_queries_and_updates_are_refused(db: ox.Store, sparql: str):
    with pytest.raises(QueryError, match="not a SPARQL query"):
        run_query(db, sparql)


def test_read_query_finds_saved_queries_by_name_or_path():
    text = saved_queries()["timeline"]
    assert read_query("timeline") == text
    assert read_query("timeline.rq") == text
    assert read_query("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError, match="no such query file"):
        read_query("missing.rq")


@pytest.mark.cli
def test_a_query_too_long_to_be_a_file_name_is_run_not_looked_up(store: Path):
    """Regression: a one-line query over 255 bytes was tried as a path, and the file system refused it."""
    values = " ".join(f'"{i}"' for i in range(100))
    sparql = f"SELECT (COUNT(?v) AS ?n) WHERE {{ VALUES ?v {{ {values} }} }}"
    assert len(sparql.encode()) > 255 and read_query(sparql) == sparql
    assert read_query("x" * 300) == "x" * 300  # not SPARQL either, but for the parser to say so
    result = kg_query(sparql, "--out", str(store), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "100"]


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("timline", "timeline"),
        ("notices_overveiw", "notices_overview"),
        ("unit_problem_by_status.rq", "unit_problems_by_status"),
    ],
)
def test_a_misspelt_saved_query_name_lists_the_nearest_names(name: str, suggested: str):
    with pytest.raises(QueryError, match=f"did you mean {suggested}") as caught:
        read_query(name)
    assert "not a SPARQL query" not in str(caught.value)


@pytest.mark.cli
def test_a_name_near_no_saved_query_lists_them_all(store: Path):
    result = kg_query("zzz", "--out", str(store))
    assert result.exit_code == 2
    assert "zzz: no such query file or saved query" in result.output
    assert all(name in result.output for name in saved_queries())


# 40 values whose text is wider than any terminal's 80 columns.
WIDE = "SELECT ?long WHERE { VALUES ?long { " + " ".join(f'"{"长" * 60}{i:02}"' for i in range(40)) + " } }"


@pytest.mark.cli
def test_a_piped_table_keeps_every_value_whole(store: Path):
    result = kg_query(WIDE, "--out", str(store))
    assert result.exit_code == 0, result.output
    assert all(f"{'长' * 60}{i:02}" in result.output for i in range(40))
    assert result.output.rstrip().endswith("40 row(s)")


@pytest.mark.cli
def test_the_row_cap_is_said_in_a_table_and_beside_every_format(store: Path):
    result = kg_query(WIDE, "--out", str(store), "--max-rows", "7")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-1] == "the answer was cut at 7 rows; more exist"
    for fmt in ("csv", "tsv", "json", "xml"):
        result = kg_query(WIDE, "--out", str(store), "--max-rows", "7", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "cut at 7 rows" in result.stderr and "cut at" not in result.stdout
    whole = kg_query(WIDE, "--out", str(store), "--max-rows", "40", "--format", "csv")
    assert "cut at" not in whole.output


@pytest.fixture(scope="module")
def people(db: ox.Store) -> Result:
    return run_query(db, saved_queries()["people_posts"])


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_standard_result_formats_parse_back_to_the_same_rows(people: Result, fmt: str):
    """rdflib's own SPARQL results parsers read what Oxigraph writes, so other tools will too."""
    text = format_result(people, fmt)
    parsed = RdflibResult.parse(io.StringIO(text), format=fmt)
    assert [str(v) for v in parsed.vars] == list(people.variables)
    rows = [tuple(rdflib_term(t) for t in row) for row in people.rows]
    if fmt == "csv":  # CSV keeps only the text of each value
        assert [tuple(map(str, r)) for r in parsed] == [tuple(map(str, r)) for r in rows]
    else:
        assert [tuple(r) for r in parsed] == rows


def test_an_ask_answer_in_every_format(db: ox.Store):
    answer = run_query(db, "ASK { ?p xc:status xc:InProgress }")
    assert json.loads(format_result(answer, "json")) == {"head": {}, "boolean": True}
    assert ET.fromstring(format_result(answer, "xml"))[-1].text == "true"
    assert format_result(answer, "table") == "true\n"


def test_json_and_csv_follow_the_sparql_results_formats(people: Result):
    body = json.loads(format_result(people, "json"))
    assert body["head"]["vars"] == ["file", "unit", "name", "post"]
    first = body["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": "王建国", "xml:lang": "zh"}
    assert next(csv.reader(io.StringIO(format_result(people, "csv")))) == ["file", "unit", "name", "post"]
    root = ET.fromstring(format_result(people, "xml"))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_the_table_shows_labels_not_escapes(people: Result):
    table = format_result(people, "table", width=100)
    assert "王建国" in table and "党组书记、主任" in table
    assert table.rstrip().endswith("3 row(s)")


def test_unknown_format_names_the_choices(people: Result):
    with pytest.raises(QueryError, match="table, csv, tsv, json, xml"):
        format_result(people, "yaml")


def test_a_fact_stated_by_several_notices_is_answered_once(tmp_path: Path):
    """Four example documents name one group; the union of their graphs would give it four times."""
    from kg.build.run import build
    from tests.conftest import EXAMPLES

    build([EXAMPLES], tmp_path / "out", workers=1, validate=False)
    db = read_store(tmp_path / "out")
    groups = run_query(db, "SELECT ?g WHERE { ?g a xc:InspectionGroup }")
    assert len(groups.rows) == len(set(groups.rows)) == 4
    count = run_query(db, "SELECT (COUNT(?g) AS ?n) WHERE { ?g a xc:InspectionGroup }")
    assert count.rows == ((ox.Literal(4),),)
    per_notice = run_query(db, "SELECT ?n WHERE { GRAPH ?n { ?g a xc:InspectionGroup } }")
    assert len(per_notice.rows) > 4  # the notice graphs keep each notice's own statement
