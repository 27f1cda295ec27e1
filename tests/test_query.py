"""kg.query.sparql: each saved competency query's answer on the fixture graph, its parameters and pages,
and the result formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Dataset, URIRef
from rdflib.query import Result as RdflibResult
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.graph.vocab import XC
from kg.query.sparql import (
    Result,
    bind,
    format_result,
    page,
    parameters,
    question_of,
    read_query,
    run_query,
    saved_queries,
    short,
)

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
        (HEALTH_PARTY, "王建国", "党组书记、主任"),
        (HOSPITAL_PARTY, "李秀兰", "党委书记"),
        ("青川市第一人民医院", "赵明", "院长"),
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


def problems_per_file(ds: Dataset) -> dict[str, str]:
    """How many problems each notice raises, counted here with rdflib, independently of the query."""
    answer = run_query("SELECT ?g ?f WHERE { GRAPH ?g { ?g xc:sourceFile ?f } }", graph=ds)
    counts = {}
    for g, f in answer.rows:
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
def test_saved_query_answers_on_the_fixture_store(built: Dataset, store: Path, name: str):
    result = run_query(saved_queries()[name], store=store)
    counts = problems_per_file(built)
    expected = [tuple(counts.get(cell, cell) for cell in row) for row in EXPECTED[name]]
    assert [tuple(short(t) for t in row) for row in result.rows] == expected


ECHO = "SELECT ?v WHERE { VALUES ?v { UNDEF } }"
TRICKY = ['市一院党委" } ?s ?p ?o . { "', '\\" } UNION { ?s ?p ?o } #', "a\nb\t'c'", "\\u0022 }", "}}", ""]


@pytest.mark.parametrize("value", TRICKY)
def test_a_bound_value_is_one_term_never_sparql(store: Path, value: str):
    echoed = run_query(bind(ECHO, {"v": value}), store=store)
    assert sorted((str(v), v.language or "") for (v,) in echoed.rows) == [(value, ""), (value, "zh")]


def test_an_iri_binds_as_an_iri_and_a_malformed_one_is_refused(store: Path):
    iri = "https://w3id.org/xuncha-kg/id/example"
    assert run_query(bind(ECHO, {"v": f"<{iri}>"}), store=store).rows == ((URIRef(iri),),)
    with pytest.raises(QueryError, match="not an IRI"):
        bind(ECHO, {"v": "<a> } { <b>"})


def test_only_a_query_s_own_parameters_can_be_bound():
    assert parameters("# VALUES ?x { UNDEF } in a comment\nSELECT * { VALUES ?y { UNDEF } }") == ("y",)
    assert parameters(saved_queries()["timeline"]) == ()
    with pytest.raises(QueryError, match="no parameter unit"):
        bind(saved_queries()["timeline"], {"unit": "x"})


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
    sparql = 'SELECT DISTINCT ?w WHERE { VALUES ?v { UNDEF } VALUES ?w { 1 2 3 } FILTER (STR(?v) = "x") }'
    args = [f"{sparql} ORDER BY ?w", "--out", str(store), "--format", "csv"]
    result = kg_query(*args, "--bind", "v=x", "--limit", "2", "--offset", "1")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["w", "2", "3"]
    assert kg_query(*args).output.split() == ["w"]  # unbound, ?v is no "x"


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


def answer(sparql: str, store: Path) -> list[tuple[str, ...]]:
    return [tuple(short(t) for t in row) for row in run_query(sparql, store=store).rows]


def rows_of(name: str, first: str) -> list[tuple[str, ...]]:
    return [row for row in EXPECTED[name] if row[0] == first]


def test_every_saved_query_has_one_page_and_documents_its_parameters():
    """The page (its one LIMIT) bounds what a query looks at, whatever the size of the store."""
    for name, sparql in saved_queries().items():
        assert "LIMIT 7" in page(sparql, limit=7), name
        for parameter in parameters(sparql):
            assert f"--bind {parameter}=" in question_of(sparql), name


@pytest.mark.parametrize(
    ("name", "value", "expected"),
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
def test_a_bound_query_answers_about_that_entity_only(store: Path, name: str, value: str, expected):
    sparql = saved_queries()[name]
    (parameter,) = parameters(sparql)
    assert answer(bind(sparql, {parameter: value}), store) == expected


@pytest.mark.parametrize("value", TRICKY)
def test_a_tricky_name_finds_nothing_rather_than_everything(store: Path, value: str):
    assert answer(bind(saved_queries()["unit_problems_by_status"], {"unit": value}), store) == []


def test_pages_of_the_newest_notices(store: Path):
    sparql = saved_queries()["notices_overview"]
    newest, older = EXPECTED["notices_overview"]
    assert [row[0] for row in answer(page(sparql, limit=1), store)] == [newest[0]]
    assert [row[0] for row in answer(page(sparql, limit=1, offset=1), store)] == [older[0]]
    assert answer(page(sparql, offset=2), store) == []


def test_pages_of_a_unit_query_split_its_inspections(store: Path):
    sparql = saved_queries()["unit_problems_by_status"]
    first, second = answer(page(sparql, limit=1), store), answer(page(sparql, limit=1, offset=1), store)
    assert len({row[0] for row in first}) == len({row[0] for row in second}) == 1
    assert sorted(first + second) == sorted(EXPECTED["unit_problems_by_status"])


@pytest.mark.cli
def test_kg_query_asks_a_saved_query_about_one_unit(store: Path):
    args = ["unit_problems_by_status", "-o", str(store), "--bind", "unit=市一院党委", "--format", "csv"]
    result = kg_query(*args)
    assert result.exit_code == 0, result.output
    expected = [
        ("unitName", "status", "ordinal", "problem"),
        *rows_of("unit_problems_by_status", HOSPITAL_PARTY),
    ]
    assert [tuple(row) for row in csv.reader(io.StringIO(result.output))] == expected


def test_prefixes_need_no_declaration(store: Path):
    result = run_query("SELECT ?n WHERE { ?n a xc:Notice ; dcterms:title ?t }", store=store)
    assert len(result.rows) == 2


def test_ask_and_construct(store: Path, built: Dataset):
    assert run_query("ASK { ?p xc:status xc:LongTerm }", store=store).boolean is True
    assert run_query("ASK { ?p xc:status xc:LongTerm }", graph=built).boolean is True
    graph = run_query(
        "CONSTRUCT { ?g rdfs:label ?l } WHERE { ?g a xc:InspectionGroup ; rdfs:label ?l }", store=store
    )
    assert graph.kind == "CONSTRUCT"
    assert {str(o) for o in graph.graph.objects()} == {GROUP}


def test_limit_cuts_the_answer_and_says_so(store: Path, built: Dataset):
    for result in (
        run_query("SELECT ?p WHERE { ?p a xc:Problem }", store=store, limit=2),
        run_query("SELECT ?p WHERE { ?p a xc:Problem }", graph=built, limit=2),
    ):
        assert len(result.rows) == 2
        assert result.truncated
    assert not run_query("SELECT ?p WHERE { ?p a xc:Problem }", store=store, limit=100).truncated


@pytest.mark.parametrize("sparql", ["SELECT ?x WHERE { ?x", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"])
def test_invalid_queries_and_updates_are_refused(store: Path, built: Dataset, sparql: str):
    with pytest.raises(QueryError, match="not a SPARQL query"):
        run_query(sparql, store=store)
    with pytest.raises(QueryError, match="not a SPARQL query"):
        run_query(sparql, graph=built)


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
def people(store: Path) -> Result:
    return run_query(saved_queries()["people_posts"], store=store)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_standard_result_formats_parse_back_to_the_same_rows(people: Result, fmt: str):
    """rdflib's own SPARQL results parsers read what we write, so other tools will too."""
    text = format_result(people, fmt)
    parsed = RdflibResult.parse(io.StringIO(text), format=fmt)
    assert [str(v) for v in parsed.vars] == list(people.variables)
    if fmt == "csv":  # CSV keeps only the text of each value
        assert [tuple(map(str, r)) for r in parsed] == [tuple(map(str, r)) for r in people.rows]
    else:
        assert [tuple(r) for r in parsed] == list(people.rows)


def test_json_and_csv_follow_the_sparql_results_formats(people: Result):
    body = json.loads(format_result(people, "json"))
    assert body["head"]["vars"] == ["unit", "name", "post"]
    first = body["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": "王建国", "xml:lang": "zh"}
    assert next(csv.reader(io.StringIO(format_result(people, "csv")))) == ["unit", "name", "post"]
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
    groups = run_query("SELECT ?g WHERE { ?g a xc:InspectionGroup }", store=tmp_path / "out" / "store")
    assert len(groups.rows) == len(set(groups.rows)) == 4
    count = run_query("SELECT (COUNT(?g) AS ?n) WHERE { ?g a xc:InspectionGroup }", store=tmp_path / "out" / "store")
    assert int(count.rows[0][0]) == 4
    per_notice = run_query(
        "SELECT ?n WHERE { GRAPH ?n { ?g a xc:InspectionGroup } }", store=tmp_path / "out" / "store"
    )
    assert len(per_notice.rows) > 4  # the notice graphs keep each notice's own statement
