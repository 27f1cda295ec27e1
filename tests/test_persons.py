import pytest

from kg.extract.nlp import make_nlp, run
from kg.extract.persons import extract_persons, plausible_name
from kg.extract.surnames import surname_length
from kg.models import Header


def _records(body: str) -> list[tuple]:
    return [(p.name, p.post, p.org) for p in extract_persons(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # <post><name>同志, and the post given before wins over the group role after
        ("成立了以党委书记陈立新同志为组长的整改工作领导小组。", [("陈立新", "党委书记", None)]),
        # an organization qualifying the post is part of the post and is the person's org
        (
            "完成东泉镇卫生院原院长郑国华同志离任经济责任审计。",
            [("郑国华", "东泉镇卫生院原院长", "东泉镇卫生院")],
        ),
        (
            "对时任区卫生健康委党委书记孙国庆进行诫勉谈话。",
            [("孙国庆", "时任区卫生健康委党委书记", "区卫生健康委")],
        ),
        ("县卫健局局长欧阳明辉主持会议。", [("欧阳明辉", "县卫健局局长", "县卫健局")]),
        ("约谈了检验科主任刘晓燕同志。", [("刘晓燕", "检验科主任", "检验科")]),
        # a generic head word qualifies the post but names no organization
        (
            "中心主任马文涛、副主任林小红参加会议。",
            [("马文涛", "中心主任", None), ("林小红", "副主任", None)],
        ),
        # <post><name> closed by a word that cannot continue a name
        ("传达市委书记何振东在全市卫生健康工作会议上的讲话精神。", [("何振东", "市委书记", None)]),
        # <name><post>, and a leader named inside a doctrine's name
        ("深入学习习近平总书记关于卫生健康工作的重要论述。", [("习近平", "总书记", None)]),
        ("坚持以习近平新时代中国特色社会主义思想为指导。", [("习近平", None, None)]),
        ("同以习近平同志为核心的党中央保持高度一致。", [("习近平", None, None)]),
        # a post given after the name
        ("王建军同志任党支部书记。", [("王建军", "党支部书记", None)]),
        ("护士长周丽娟同志获评优秀护理工作者。", [("周丽娟", "护士长", None)]),
        # sanctions and talks name their subject
        (
            "给予周明党内警告处分，对吴丽娟进行诫勉谈话。",
            [("周明", None, None), ("吴丽娟", None, None)],
        ),
        ("约谈了刘建华同志。", [("刘建华", None, None)]),
        # posts followed by ordinary words, anonymized names and generic people: no person
        ("由院长办公会研究决定。", []),
        ("督促各级党组织书记切实履行第一责任人职责。", []),
        ("打造党组织书记项目，推进党建品牌建设。", []),
        ("分管院长约谈药剂科相关人员。", []),
        ("明确副书记日常主抓党建工作。", []),
        ("对时任药剂科科长张某某进行诫勉谈话。", []),
        ("经分管负责人签字后出库。", []),
        ("由主要负责人主持会议。", []),
        ("奖励评选出的科主任和医生；扣减其余人员绩效。", []),
        ("党委书记和院长带头讲党课。", []),
        ("召开专题会议。成立由党委书记任组长的整改工作领导小组。", []),
        ("党员同志要带头，相关同志参加培训。", []),
        ("邀请市纪委常委讲党课，对全院进行检查。", []),
        ("对相关责任人进行批评教育，对王村进行走访。", []),
    ],
)
def test_person_records(body, expected):
    assert _records(body) == expected


def test_one_record_per_name_with_every_mention():
    body = "党委书记陈立新同志主持会议。会上，陈立新同志指出，要抓好整改。"
    [person] = extract_persons(body)
    assert (person.name, person.post) == ("陈立新", "党委书记")
    assert [body[e.start : e.end] for e in person.evidence] == ["陈立新", "陈立新"]


def test_post_at_sentence_start_takes_nothing_from_the_sentence_before():
    [person] = extract_persons("召开整改工作领导小组会议。党委书记陈立新同志主持会议。")
    assert (person.post, person.org) == ("党委书记", None)


def test_name_broken_over_lines_keeps_exact_evidence():
    body = "组织学习习\n近平总书记重要讲话精神。"
    [person] = extract_persons(body)
    assert (person.name, person.post) == ("习近平", "总书记")
    [ev] = person.evidence
    assert body[ev.start : ev.end] == ev.text == "习\n近平"


@pytest.mark.parametrize(
    ("name", "length"), [("欧阳明辉", 2), ("陈立新", 1), ("信晓", 1), ("项目", 1), ("甲乙", 0)]
)
def test_surname_length(name, length):
    assert surname_length(name) == length


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("陈立新", True),
        ("欧阳明辉", True),
        ("项目", False),  # a surname, but an ordinary word
        ("理清", False),
        ("张某某", False),
        ("王院长", False),
        ("高新区", False),
        ("陈立新华", False),  # a one-character surname takes at most two more
    ],
)
def test_plausible_name(name, plausible):
    assert plausible_name(name) is plausible


def test_component_writes_spans_and_records():
    nlp = make_nlp(["xc_persons"])
    doc = run(nlp, "成立了以党委书记陈立新同志为组长的领导小组。", Header())
    assert [(s.text, s.label_) for s in doc.spans["persons"]] == [("陈立新", "PERSON")]
    assert [p.post for p in doc.user_data["persons"]] == ["党委书记"]


def _people(body: str) -> dict[str, tuple]:
    return {p.name: (p.post, p.org, p.group, tuple(r.kind for r in p.roles)) for p in extract_persons(body)}


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        # a group leader, with the group his post names
        (
            "会上，县委第四巡察组组长郑立群宣读了反馈意见。",
            "郑立群",
            ("县委第四巡察组组长", None, "县委第四巡察组", ("leader", "speaker")),
        ),
        # a bare 副组长 right after a leader belongs to the same group; a list shares its post
        (
            "省委第六巡视组组长韦德明，副组长吕文涛、邵红梅反馈了巡视情况。",
            "邵红梅",
            ("副组长", None, "省委第六巡视组", ("deputy", "speaker")),
        ),
        # a leading group's 副组长 is no inspection group's deputy
        (
            "区委巡察工作领导小组副组长蒋春华出席会议并讲话。",
            "蒋春华",
            ("区委巡察工作领导小组副组长", "区委巡察工作领导小组", None, ("attendee", "speaker")),
        ),
        # a compound post kept whole; its unit is the first post's qualifier
        (
            "区卫健局党组书记、局长白松涛主持会议并作表态发言。",
            "白松涛",
            ("区卫健局党组书记、局长", "区卫健局", None, ("chair", "speaker")),
        ),
        # a place committee qualifies the post: the committee is the unit
        (
            "青岚县委常委、组织部部长范晓东出席会议。",
            "范晓东",
            ("青岚县委常委、组织部部长", "青岚县委", None, ("attendee",)),
        ),
        # the recipient of feedback does not speak
        ("巡察组组长韦德明向镇党委书记孔令军反馈了巡察情况。", "孔令军", ("镇党委书记", None, None, ())),
        # a name opening a clause with an act, after its first mention elsewhere
        (
            "党委副书记、院长夏雨桐同志参加会议。夏雨桐主持召开专题会。",
            "夏雨桐",
            ("党委副书记、院长", None, None, ("attendee", "chair")),
        ),
        ("会上，戴秋实作表态发言。", "戴秋实", (None, None, None, ("speaker",))),
        # a list of leaders attending
        ("市领导邹立群、骆文彬、蔡晓光参加会议。", "骆文彬", ("市领导", None, None, ("attendee",))),
        # a leader named in a policy phrase is mentioned, not speaking
        ("会议传达学习了习近平总书记关于巡视工作的重要讲话精神。", "习近平", ("总书记", None, None, ())),
        # someone's speech relayed: the speaker is quoted, not present
        (
            "巡察办主任柯明传达了市委书记龚建国在听取汇报时的讲话精神。",
            "龚建国",
            ("市委书记", None, None, ()),
        ),
        # bylines: reporter and correspondent, editors, two names run together, a name in brackets
        ("（记者孟若溪 通讯员 卢家宁）", "卢家宁", ("通讯员", None, None, ("author",))),
        ("编辑：应晓岚  审核：霍建平", "霍建平", ("审核", None, None, ("editor",))),
        ("责编：雷敏葛天宇", "葛天宇", ("责编", None, None, ("editor",))),
        ("满意度均超过九成。（褚文静）\n", "褚文静", (None, None, None, ("author",))),
        ("满意度均超过九成。（文/影 褚文静）", "褚文静", (None, None, None, ("author",))),
        # a byline ends with its line: the next line's 时间 is no part of the name
        ("责编：郭立红\n时间：2024-05-06\n", "郭立红", ("责编", None, None, ("editor",))),
        # a discipline group stationed at a unit is named with it
        (
            "驻市林业局纪检监察组组长韩若川出席会议。",
            "韩若川",
            ("驻市林业局纪检监察组组长", "驻市林业局纪检监察组", None, ("attendee",)),
        ),
        # which of the unit's posts (主要, 专职) is part of the post, not of the unit
        (
            "会前与区文旅局主要负责人钱立军见面。",
            "钱立军",
            ("区文旅局主要负责人", "区文旅局", None, ()),
        ),
        (
            "市卫健委党委专职副书记单文杰出席会议。",
            "单文杰",
            ("市卫健委党委专职副书记", "市卫健委", None, ("attendee",)),
        ),
        # a group known by its number only is no unit
        ("“回头看”第二组组长韦德明强调要提高站位。", "韦德明", ("第二组组长", None, None, ("speaker",))),
        # a group's staff: liaison and members
        ("组长韦德明、联络员邵红梅、组员吕文涛参加会议。", "吕文涛", ("组员", None, None, ("attendee",))),
    ],
)
def test_posts_and_roles(body, name, expected):
    assert _people(body)[name] == expected


@pytest.mark.parametrize(
    "body",
    [
        "记者从市纪委获悉，整改已完成。",  # a byline word before ordinary words
        "甘泉镇党委书记主持会议。",  # a place before a post is no name
        "加强党的领导，落实党的领导责任。",
        "对台账进行严格审核和把关。",  # 审核 without a colon is a verb
        "及时提请县领导研究解决。",
        "建立成员单位共同参与的议事制度。",  # a name cannot end inside a word (共同)
    ],
)
def test_no_person(body):
    assert extract_persons(body) == []


def test_name_split_by_spaces_is_one_person():
    [person] = extract_persons("县委第二巡察组组长 宁  海波 反馈了巡察情况。")
    assert (person.name, person.group) == ("宁海波", "县委第二巡察组")


def test_a_byline_names_everyone_it_lists():
    people = _people("整改工作取得成效。\n\n责编：韩若川、邵宜秋")
    assert {name: value[0] for name, value in people.items()} == {"韩若川": "责编", "邵宜秋": "责编"}


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # between a post and 同志 a name stands whatever jieba makes of it (王量 reads as a noun)
        ("巡察组组长王量同志反馈了巡察情况。", ["王量"]),
        # but not words opening with a preposition
        ("党委书记向全体同志提出要求。", []),
        ("组长对各位同志讲话。", []),
    ],
)
def test_a_name_between_a_post_and_comrade(body: str, names: list[str]):
    assert [p.name for p in extract_persons(body)] == names
