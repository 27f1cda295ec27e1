"""Reading stage: every format to a Document, every bad input to an InputError naming the file."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.errors import DecodeFailed, EmptyInput, InputError, UnsupportedFormat
from kg.ingest.read import SUFFIXES, iter_inputs, read_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# A fictional notice, long enough for charset detection to have something to go on.
NOTICE = (
    "云溪区水务局党组关于巡察整改情况的通报\n"
    "根据区委统一部署，2024年5月6日至6月28日，区委第四巡察组对区水务局党组进行了巡察。"
    "8月2日，巡察组向区水务局党组反馈了巡察意见。现将巡察整改情况予以公布。\n"
    "一、整改工作组织情况\n"
    "区水务局党组成立由党组书记刘某某同志任组长的整改工作领导小组，制定《巡察整改工作方案》。\n"
    "（一）关于“河道管护责任落实不够到位”问题的整改\n"
    "一是修订河道巡查制度，二是开展专项检查。\n"
    "中共云溪区水务局党组\n"
    "2024年11月5日\n"
)


def cjk(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_txt_encoding_is_detected_from_the_bytes(tmp_path: Path, codec: str, expected: str) -> None:
    # The name claims UTF-8 whatever the bytes are: only the bytes may decide.
    path = tmp_path / "notice-utf8.txt"
    path.write_bytes(NOTICE.encode(codec))
    document = read_document(path)
    assert document.text == NOTICE
    assert document.encoding == expected
    assert (document.name, document.kind) == ("notice-utf8.txt", "txt")


def test_txt_in_big5_is_read(tmp_path: Path) -> None:
    text = "雲溪區水務局黨組關於巡察整改情況的通報。根據區委統一部署，區委第四巡察組對區水務局黨組進行了巡察，現將整改情況予以公佈。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_document(path).text == text


PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="{charset}">
<title>云溪区水务局党组关于巡察整改情况的通报_巡察公开_云溪区人民政府</title>
<script>var columnId = "0042";</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zw/">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/xc/">巡察公开</a></div>
<div class="wrap">
  <table class="info">
    <tr><td>标  题：</td><td>云溪区水务局党组关于巡察整改情况的通报</td></tr>
    <tr><td>发布机构：</td><td>云溪区水务局</td><td>成文时间：</td><td>2024年11月5日</td></tr>
    <tr><td>发布时间：</td><td>2024-11-08</td></tr>
  </table>
  <h1>云溪区水务局党组关于巡察整改情况的通报</h1>
  <div class="share-bar">分享到：<a href="#">微信</a> 【打印本页】</div>
  <div id="zoom">
    <div class="bdsharebuttonbox"><a href="#">朋友圈</a></div><div class="ewm"><p>手机阅读本页</p></div>
    <p>根据区委统一部署，2024年5月6日至6月28日，区委第四巡察组对区水务局党组进行了巡察。
    现将巡察整改情况予以公布。</p>
    <p><strong>一、</strong><strong>整改工作组织情况</strong></p>
    <p>区水务局党组成立整改工作领导小组，<span>制定</span>《巡察整改工作方案》。</p>
    <p><b>（一）关于“河道管护责任落实不够到位”问题的整改</b></p>
    <p>一是修订河道巡查制度。<br>二是开展专项检查。</p>
    <p style="text-align:right">中共云溪区水务局党组</p>
    <p style="text-align:right">2024年11月5日</p>
  </div>
</div>
<div class="footer"><p>主办单位：云溪区人民政府办公室 版权所有</p></div>
<div class="foot"><p>地址：云溪区滨江路8号</p></div>
<script>document.write("访问量：" + 42);</script>
</body></html>
"""


# Strict UTF-8 goes first, so a page that declares GBK but is UTF-8 still reads right.
@pytest.mark.parametrize(
    ("charset", "codec", "expected"),
    [
        ("utf-8", "utf-8", "utf-8"),
        ("gbk", "gbk", "gb18030"),
        ("gbk", "utf-8", "utf-8"),
        ("", "gbk", "gb18030"),
    ],
)
def test_html_keeps_the_article_and_fills_meta(
    tmp_path: Path, charset: str, codec: str, expected: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset=charset).encode(codec))
    document = read_document(path)
    lines = document.text.split("\n")
    # A short article does not outweigh the page's header block, so its labelled lines may stay.
    assert "云溪区水务局党组关于巡察整改情况的通报" in lines
    assert "一、整改工作组织情况" in lines
    assert "（一）关于“河道管护责任落实不够到位”问题的整改" in lines
    assert "一是修订河道巡查制度。" in lines
    assert "二是开展专项检查。" in lines
    assert lines[-2:] == ["中共云溪区水务局党组", "2024年11月5日"]
    for chrome in (
        "首页",
        "当前位置",
        "分享到",
        "打印",
        "主办单位",
        "columnId",
        "访问量",
        "color",
        "手机阅读",
        "朋友圈",
        "滨江路",
    ):
        assert chrome not in document.text
    assert document.meta == {
        "title": "云溪区水务局党组关于巡察整改情况的通报",
        "issued": "2024年11月5日",
        "publisher": "云溪区水务局",
    }
    assert (document.kind, document.encoding) == ("html", expected)


def test_html_article_of_a_long_page_starts_with_its_title() -> None:
    lines = read_document(EXAMPLES / "web_page.html").text.split("\n")
    assert lines[0] == "中共云溪区市场监督管理局党组关于巡察整改情况的通报"
    assert lines[1].startswith("根据区委统一部署，2024415日至614日")
    assert lines[-2:] == ["中共云溪区市场监督管理局党组", "2024年10月8日"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta name="ArticleTitle" content="区水务局整改通报"><meta name="PubDate" content="2024-11-08 09:00">'
            '<meta name="ContentSource" content="云溪区水务局">',
            {"title": "区水务局整改通报", "issued": "2024-11-08 09:00", "source": "云溪区水务局"},
        ),
        (
            '<meta property="og:title" content="区水务局整改通报"><title>别的标题</title>',
            {"title": "区水务局整改通报"},
        ),
        ("<title>区水务局整改通报 - 云溪区人民政府</title>", {"title": "区水务局整改通报"}),
        ("<title>区水务局整改通报_巡察公开_云溪区人民政府</title>", {"title": "区水务局整改通报"}),
    ],
)
def test_html_meta_tags(tmp_path: Path, head: str, expected: dict[str, str]) -> None:
    path = tmp_path / "page.htm"
    path.write_text(f"<html><head>{head}</head><body><p>一、整改工作组织情况</p></body></html>", "utf-8")
    assert read_document(path).meta == expected


def test_html_utf8_page_that_declares_gbk(tmp_path: Path) -> None:
    # These UTF-8 bytes are also valid GB18030 ("鍖烘按鍔″眬…"): only trying UTF-8 first reads them.
    path = tmp_path / "page.html"
    path.write_bytes(
        '<html><head><meta charset="gbk"></head><body><p>区水务局整改通报</p></body></html>'.encode()
    )
    document = read_document(path)
    assert (document.text, document.encoding) == ("区水务局整改通报", "utf-8")


def test_html_labels_beat_meta_tags(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><meta name="PubDate" content="2024-11-08"></head><body>'
        "<div>成文日期：2024年11月5日</div><div>发布日期：2024年11月8日</div><p>正文。</p></body></html>",
        "utf-8",
    )
    assert read_document(path).meta["issued"] == "2024年11月5日"


def _pdf_with_text(path: Path, lines: list[str]) -> None:
    """A one-page PDF whose text layer holds `lines`, set in a CID font every reader knows."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        page.drawString(72, 760 - 20 * i, line)
    page.save()


def _blank_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)


def test_pdf_text_layer(tmp_path: Path) -> None:
    lines = [
        "云溪区水务局党组关于巡察整改情况的通报",
        "一、整改工作组织情况",
        "（一）关于“河道管护”问题的整改",
    ]
    path = tmp_path / "notice.PDF"
    _pdf_with_text(path, lines)
    document = read_document(path)
    assert document.text.split("\n")[:3] == lines
    assert document.kind == "pdf"


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    _blank_pdf(path)
    with pytest.raises(EmptyInput) as caught:
        read_document(path)
    assert caught.value.reason == "no text layer (a scanned PDF?); run OCR first"


def test_pdf_locked_with_a_password(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as out:
        writer.write(out)
    with pytest.raises(InputError, match="locked with a password"):
        read_document(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    _blank_pdf(whole)
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole.read_bytes()[:60])
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(path)


def test_docx_paragraphs_tables_and_core_properties(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("云溪区水务局党组关于巡察整改情况的通报")
    document.add_paragraph("一、整改工作组织情况")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "整改台账"
    for col, text in enumerate(["问题", "措施", "已完成"]):
        table.cell(1, col).text = text
    document.add_paragraph("中共云溪区水务局党组")
    document.core_properties.title = "区水务局巡察整改通报"
    document.core_properties.created = datetime(2024, 11, 5, 8, 30, tzinfo=UTC)
    path = tmp_path / "notice.docx"
    document.save(path)

    read = read_document(path)
    assert read.text.split("\n") == [
        "云溪区水务局党组关于巡察整改情况的通报",
        "一、整改工作组织情况",
        "整改台账",
        "问题",
        "措施",
        "已完成",
        "中共云溪区水务局党组",
    ]
    assert read.meta == {"title": "区水务局巡察整改通报", "issued": "2024-11-05"}
    assert read.kind == "docx"


def test_docx_template_date_is_not_an_issue_date(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("一、整改工作组织情况")
    path = tmp_path / "plain.docx"
    document.save(path)
    assert read_document(path).meta == {}


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.txt", b"", EmptyInput, "the file is empty"),
        ("blank.txt", " \n\u3000\t\n".encode(), EmptyInput, "only whitespace"),
        ("chrome.html", "<nav>首页</nav><script>x()</script>".encode(), EmptyInput, "no text"),
        ("notice.wps", b"\xd0\xcf\x11\xe0", UnsupportedFormat, "reads .doc, .docx, .htm, .html, .pdf, .txt"),
        ("broken.doc", b"\xd0\xcf\x11\xe0", InputError, "Word"),  # no converter, or one that fails
        ("README", b"text", UnsupportedFormat, "files without a suffix"),
        ("noise.txt", b"\xff\x80\x80\xff\xfd\x81" * 40, DecodeFailed, "not UTF-8, GB18030/GBK or Big5"),
        ("binary.txt", b"abc\x00\x01def", DecodeFailed, "NUL bytes"),
        ("broken.pdf", b"%PDF-1.7\nthis is not a pdf body", InputError, "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip archive", InputError, "not a readable DOCX"),
    ],
)
def test_bad_input_raises_input_error_naming_file(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(str(path))


def test_docx_that_is_another_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "不是Word文件")
    with pytest.raises(InputError, match="not a readable DOCX"):
        read_document(path)


@pytest.mark.parametrize(("make", "reason"), [(lambda p: None, "no such file"), (Path.mkdir, "not a file")])
def test_missing_file_or_directory_path(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "notice.txt"
    make(path)
    with pytest.raises(InputError, match=reason):
        read_document(path)


def test_iter_inputs_expands_directories(tmp_path: Path) -> None:
    for rel in [
        "in/b.txt",
        "in/a/c.PDF",
        "in/a/d.md",
        "in/.hidden.txt",
        "in/.git/e.txt",
        "in/~$f.docx",
        "g.doc",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = iter_inputs([tmp_path / "g.doc", tmp_path / "in", tmp_path / "in/b.txt"])
    assert found == [tmp_path / "g.doc", tmp_path / "in/a/c.PDF", tmp_path / "in/b.txt"]


def test_iter_inputs_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        iter_inputs([tmp_path / "gone"])


def test_suffixes_listed() -> None:
    assert SUFFIXES == (".doc", ".docx", ".htm", ".html", ".pdf", ".txt")


def test_import_stays_light() -> None:
    """`import kg.ingest.read` must not load the format libraries: the CLI starts on every call."""
    heavy = ("pypdf", "docx", "selectolax", "charset_normalizer", "trafilatura", "lxml")
    code = f"import sys, kg.ingest.read; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


EXAMPLE_FILES = [
    p
    for p in iter_inputs([EXAMPLES])
    if p.name in ("hard_wrapped.txt", "two_notices_gbk.txt", "web_page.html")
]


def test_examples_are_all_found() -> None:
    assert [p.name for p in iter_inputs([EXAMPLES])] == [
        "announcement.txt", "feedback_traditional.txt", "followup.txt",
        "hard_wrapped.txt", "two_notices_gbk.txt", "web_page.html",
    ]  # fmt: skip


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_read(path: Path) -> None:
    document = read_document(path)
    assert cjk(document.text) > 800
    assert "整改工作组织情况" in document.text
    expected = {"hard_wrapped.txt": "utf-8", "two_notices_gbk.txt": "gb18030", "web_page.html": "utf-8"}
    assert document.encoding == expected[path.name]
