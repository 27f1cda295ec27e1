"""A deterministic synthetic corpus of rectification notices, for benchmarks and scale tests.

Real notices cannot be shipped, and a benchmark needs thousands of them. Each file is drawn
from the templates below by a random generator seeded with the corpus seed and the file's
number, so notice 4711 is the same whatever the corpus size, and a corpus can be regenerated
byte for byte. Every unit, place and person is fictional. Files vary the way real ones do:
paragraphs or PDF-style hard wraps, saved web pages, GB18030 as well as UTF-8, dates that lost
年 and 月 in scraping ("2024717日"), one or two notices per file, and any number of problems.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_CN = "一二三四五六七八九十"
# fmt: off
_CITIES = ("青川", "桐岭", "白沙", "云梦", "柳溪", "石门", "澄江", "枫桥", "梅岭", "鹿鸣", "松阳", "芦汀")
_DISTRICTS = ("云溪", "东湖", "南屏", "北岸", "西陵", "清河", "金川", "望江", "凤栖", "翠屏")
_UNITS = (
    # full name after the place, short form, party body, domain of the problems
    ("第一人民医院", "一院", "党委", "医疗"), ("第二人民医院", "二院", "党委", "医疗"),
    ("中医医院", "中医院", "党委", "医疗"), ("卫生健康委员会", "卫健委", "党组", "卫生健康"),
    ("教育局", "教育局", "党组", "教育"), ("交通运输局", "交通局", "党组", "交通"),
    ("市场监督管理局", "市场监管局", "党组", "市场监管"), ("自然资源和规划局", "资规局", "党组", "自然资源"),
    ("城市建设投资集团有限公司", "城投集团", "党委", "国有资产"), ("水务局", "水务局", "党组", "水利"),
    ("文化广电旅游局", "文广旅局", "党组", "文化旅游"), ("民政局", "民政局", "党组", "民政"),
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_POSTS = ("党委书记", "党组书记", "院长", "局长", "董事长", "纪委书记", "副局长")
_ASPECTS = (
    "贯彻落实{d}领域重大决策部署不够到位", "落实全面从严治党主体责任有差距", "干部队伍建设存在薄弱环节",
    "{d}工作服务群众质效不高", "落实意识形态工作责任制不够有力", "巡察整改和以案促改不够深入",
)
_PROBLEMS = (
    "{d}重点任务推进缓慢", "重点领域廉洁风险防控不够严密", "对下属单位监督管理不够有力",
    "作风建设存在松懈现象", "制度执行不够严格", "基层党组织建设不够规范", "{d}资金使用管理不规范",
    "年轻干部培养力度不够", "群众反映问题办理不够及时", "政府采购管理存在漏洞",
)
_MEASURES = (
    "开展{d}专项检查，发现并整改问题{n}个", "修订《{unit}{d}管理办法》，明确责任分工",
    "组织党员干部开展警示教育{n}次", "对{n}个重点岗位开展廉洁风险排查", "建立整改台账，实行周调度、月通报",
    "出台《{unit}关于加强{d}工作的实施意见》（{abbr}发〔{year}〕{n}号），推动制度落地",
    "举办业务培训班{n}期，培训干部{m}人次", "对照整改方案逐项对账销号，完成整改任务{n}项",
)
# fmt: on


@dataclass(frozen=True, slots=True)
class SynthFile:
    """One generated input file: its name, its bytes, and the text those bytes encode."""

    name: str
    data: bytes
    text: str


def _cn(n: int) -> str:
    return _CN[n - 1] if n <= 10 else "十" + _CN[n - 11]


def _ymd(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _md(d: date, scraped: bool) -> str:
    return f"{d.month}{d.day}日" if scraped else f"{d.month}月{d.day}日"


def _notice(rng: random.Random, city: str) -> tuple[str, str]:
    """One notice's title and body text (paragraphs, one per line)."""
    district = rng.choice(_DISTRICTS) if rng.random() < 0.5 else None
    place, level = (f"{district}区", "区") if district else (f"{city}市", "市")
    full, short, body, domain = rng.choice(_UNITS)
    suffix = "委员会" if body == "党委" else body
    unit_full = f"中共{city}市{district + '区' if district else ''}{full}{suffix}"
    unit_short = f"{level}{short}{body}"
    group = f"{level}委第{_cn(rng.randint(1, 12))}巡察组"
    start = date(2020, 1, 1) + timedelta(days=rng.randrange(365 * 5))
    end = start + timedelta(days=rng.randint(30, 75))
    feedback = end + timedelta(days=rng.randint(20, 60))
    issued = feedback + timedelta(days=rng.randint(60, 120))
    scraped = rng.random() < 0.2
    span = f"{start.year}{_md(start, True)}至{_md(end, True)}"
    if not scraped:
        span = f"{_ymd(start)}至{_md(end, False)}"
    leader = f"{rng.choice(_SURNAMES)}某某"
    aspects = rng.sample(_ASPECTS, rng.randint(2, 5))
    counts = [rng.randint(1, 4) for _ in aspects]
    problems, measures = sum(counts), 0
    done = rng.randint(problems // 2, problems)
    context = {"d": domain, "unit": place, "abbr": f"{city[0]}{short[:2]}", "year": issued.year}
    lines = [
        f"根据{level}委统一部署，{span}，{group}对{unit_full}进行了巡察。{_md(feedback, scraped)}，"
        f"巡察组向{unit_short}反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。",
        "一、整改工作组织情况",
        f"{unit_short}坚决扛起巡察整改主体责任。一是加强组织领导。成立由{rng.choice(_POSTS)}{leader}同志任组长的"
        f"整改工作领导小组，召开专题会议{rng.randint(2, 9)}次研究部署整改工作。二是细化整改方案。制定"
        f"《{unit_full}关于落实{group}反馈意见的整改方案》，建立问题、任务、责任“三张清单”。",
        "二、整改落实情况",
    ]
    for i, (aspect, count) in enumerate(zip(aspects, counts, strict=True), 1):
        lines.append(f"（{_cn(i)}）关于“{aspect.format(d=domain)}”问题的整改")
        for j in range(1, count + 1):
            steps = rng.sample(_MEASURES, rng.randint(1, 4))
            measures += len(steps)
            said = "".join(
                f"{_cn(k)}是" + m.format(n=rng.randint(2, 60), m=rng.randint(50, 900), **context) + "。"
                for k, m in enumerate(steps, 1)
            )
            lines.append(f"{j}.关于“{rng.choice(_PROBLEMS).format(d=domain)}”问题的整改。{said}")
    lines[2] += (
        f"针对反馈的{len(aspects)}个方面{problems}个问题，制定整改措施{measures}条，"
        f"已完成整改{done}个，正在推进{problems - done}个。"
    )
    lines += [
        "三、下一步工作打算",
        "一是持续巩固整改成果，对已完成的整改事项适时开展“回头看”。二是建立健全长效机制，推动制度执行常态化。",
        f"欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-{rng.randint(1000000, 9999999)}。",
        unit_full,
        _ymd(issued),
    ]
    return f"{unit_short}关于巡察整改情况的通报", "\n".join(lines)


def _hard_wrap(text: str, width: int) -> str:
    """Cut every paragraph every `width` characters, as text extracted from a PDF is."""
    return "\n".join(line[i : i + width] for line in text.split("\n") for i in range(0, len(line), width))


def _html(title: str, body: str) -> str:
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body.split("\n"))
    return "\n".join(
        (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
            f'<title>{title}_巡察公开</title><meta name="ArticleTitle" content="{title}"></head><body>',
            '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xcgk/">巡察公开</a></li></ul>',
            f'<h1>{title}</h1>\n<div class="article-content">\n{paragraphs}\n</div>',
            '<div class="footer">主办单位：示例网站</div></body></html>\n',
        )
    )


def synth_file(number: int, seed: int = 0) -> SynthFile:
    """The `number`-th file of the corpus drawn with `seed`; the same arguments give the same bytes."""
    rng = random.Random(f"{seed}:{number}")
    city = rng.choice(_CITIES)
    notices = [_notice(rng, city) for _ in range(2 if rng.random() < 0.1 else 1)]
    stem = f"{number:06d}"
    if len(notices) == 1 and rng.random() < 0.15:
        title, body = notices[0]
        text = _html(title, body)
        return SynthFile(f"{stem}.html", text.encode("utf-8"), text)
    # a title printed before its body, or after it as in pages extracted out of order
    text = "\n".join(f"{t}\n{b}" if rng.random() < 0.8 else f"{b}\n{t}" for t, b in notices) + "\n"
    if rng.random() < 0.3:
        text = _hard_wrap(text, rng.randint(18, 30))
    encoding = "gb18030" if rng.random() < 0.2 else "utf-8"
    return SynthFile(f"{stem}.txt", text.encode(encoding), text)


def synth_corpus(count: int, seed: int = 0) -> Iterator[SynthFile]:
    """The first `count` files of the corpus drawn with `seed`."""
    for number in range(count):
        yield synth_file(number, seed)


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write the corpus into `folder` (created if needed) and return the files' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in synth_corpus(count, seed):
        path = folder / f.name
        path.write_bytes(f.data)
        paths.append(path)
    return paths
