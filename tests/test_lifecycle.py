"""A unit's history across documents: each document's kind, one Inspection for all of them,
and a traditional-character page labelled in its own script."""

from pathlib import Path

from rdflib import RDFS, SKOS, Literal

from kg.build.pipeline import process_file
from kg.graph.assemble import build_dataset, union
from kg.graph.vocab import XC

PAGES = {
    "announcement.txt": "2024年5月8日，云岭市委第三巡察组进驻市水务局党组开展常规巡察。巡察期间设立举报电话和电子邮箱，受理来信来电来访。",
    "feedback.txt": "2024年7月19日，云岭市委第三巡察组向市水务局党组反馈了巡察情况。组长周某某主持反馈会。",
    "rectification.txt": (
        "中共云岭市水务局党组关于巡察整改进展情况的通报\n"
        "根据市委统一部署，2024年5月8日至6月30日，云岭市委第三巡察组对市水务局党组进行了巡察。"
        "2024年7月19日，巡察组向市水务局党组反馈了巡察意见。现将巡察整改进展情况予以公布。\n"
        "中共云岭市水务局党组\n2024年11月2日"
    ),
    "followup.txt": "近日，云岭市委第三巡察组对市水务局党组开展巡察整改“回头看”，督查整改落实情况。",
}


def _graph(tmp_path: Path, pages: dict[str, str]):
    notices = []
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = process_file(tmp_path / name)
        assert result.ok, result.error
        notices += result.notices
    return union(build_dataset(notices))


def test_every_document_of_one_inspection_reaches_the_same_node(tmp_path):
    g = _graph(tmp_path, PAGES)
    kinds = {str(g.value(n, XC.sourceFile)): g.value(n, XC.documentKind) for n in g.subjects(XC.documentKind)}
    assert kinds == {
        "announcement.txt": XC.Announcement,
        "feedback.txt": XC.FeedbackReport,
        "rectification.txt": XC.RectificationNotice,
        "followup.txt": XC.FollowUpReport,
    }
    inspections = set(g.objects(None, XC.reportsOn))
    assert len(inspections) == 1
    (insp,) = inspections
    assert len(set(g.subjects(XC.reportsOn, insp))) == 4
    assert str(g.value(insp, XC.feedbackDate)) == "2024-07-19"


def test_a_traditional_page_keeps_its_script_in_labels_beside_the_simplified(tmp_path):
    page = {"trad.txt": "2024年7月19日，雲嶺市委第三巡察組向市水務局黨組反饋了巡察情況。"}
    g = _graph(tmp_path, page)
    (group,) = set(g.subjects(None, XC.InspectionGroup))
    assert g.value(group, RDFS.label) == Literal("雲嶺市委第三巡察組", lang="zh")
    assert Literal("云岭市委第三巡察组", lang="zh") in set(g.objects(group, SKOS.altLabel))


def test_a_traditional_name_comes_back_as_the_page_wrote_it(tmp_path):
    # 升 converts back to 昇 by default; the page's own characters win
    page = {
        "trad.txt": "2024年3月30日，雲嶺市委第三巡察組到市教育局反饋巡察情況。市教育局黨組書記、局長陳升主持會議。"
    }
    g = _graph(tmp_path, page)
    names = {str(x) for p in g.subjects(None, XC.Person) for x in g.objects(p, RDFS.label)}
    assert "陳升" in names and "陳昇" not in names


def test_a_page_source_named_by_a_short_form_is_the_notices_unit(tmp_path):
    page = {
        "src.txt": "来源：市卫健委\n2024年5月8日至6月30日，云岭市委第三巡察组对云岭市卫生健康委员会党委进行了巡察。"
        "云岭市卫生健康委员会（以下简称“市卫健委”）召开整改部署会，现将巡察整改情况予以公布。"
    }
    g = _graph(tmp_path, page)
    forms = [
        {str(x) for x in g.objects(o, SKOS.altLabel)} | {str(g.value(o, RDFS.label))}
        for o in set(g.subjects(None, XC.Organization))
    ]
    assert sum("市卫健委" in f for f in forms) == 1
