"""The fixed landmarks of a rectification notice, shared by the splitter and the header extractor.

Every notice opens with one sentence naming the group and the unit ("…市委第三巡察组对市财政局
党组进行了巡察") and usually closes with a signature: the unit's name, then a date line. Titles
read "<unit>关于<…>巡察整改<…>的通报", sometimes broken over two lines after the unit's name.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇两"
_NOT_PLACE = r"(?:(?!委|部署|根据|按照|经)[\u4e00-\u9fff])"
GROUP = (
    rf"(?:中共)?(?P<gplace>{_NOT_PLACE}{{1,8}}?(?:省|市|区|县|州|旗|盟))?(?P<level>省|市|区|县|州|旗|盟)?委"
    rf"(?:员会)?(?:(?:第[{_CN_NUM}\d]+)?(?:巡察|巡视)(?:第[{_CN_NUM}\d]+)?组)"
)
OPENING = re.compile(
    rf"(?P<group>{GROUP})[^。]{{0,60}}?对(?P<target>[^。，,；]{{2,60}}?)"
    r"(?:进行|开展|实施)了?[^。，]{0,10}?(?:巡察|巡视)"
)
TITLE = re.compile(
    r"^(?P<subject>[^。，；：:！？]{0,50}?)关于[^。；]{0,60}?(?:巡察|巡视)[^。；]{0,30}?整改[^。；]{0,30}?"
    r"(?:通报|公告|公示|报告|情况)$"
)
DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年?\s*\d{1,2}\s*月?\s*\d{1,2}\s*日?|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|"
    r"[〇零一二三四五六七八九十○Ｏ]{4}年[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日)$"
)
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}$")


def find_opening(text: str) -> re.Match | None:
    return OPENING.search(text)


def title_subject(title: str) -> str:
    """The unit a title names before 关于: "市二院党委关于…的通报" → "市二院党委"."""
    m = TITLE.match(title)
    return m.group("subject") if m else ""


def is_title(line: str) -> bool:
    return len(line) <= 90 and bool(TITLE.match(line))


def is_signature(line: str) -> bool:
    """A line that can be the signing unit: a bare name, no sentence punctuation."""
    return bool(_SIGNATURE.match(line)) and not line.startswith(("欢迎", "联系", "附件"))


def signature(lines: list[str]) -> tuple[int | None, int | None]:
    """Indices of the signing unit's line and the date line closing `lines`, where present."""
    date_at = next((i for i in range(len(lines) - 1, -1, -1) if DATE_LINE.match(lines[i].strip())), None)
    if date_at is None:
        return None, None
    for i in range(date_at - 1, max(date_at - 4, -1), -1):
        line = lines[i].strip()
        if not line:
            continue
        return (i if is_signature(line) and not is_title(line) else None), date_at
    return None, date_at
