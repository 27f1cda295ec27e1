"""Resolution: a notice's mentions clustered into units, one cluster per real unit with every
surface form the notice uses for it.

Short forms resolve to the unit they shorten within the notice's place (kg.text.orgnames), so that
市一院 joins 青川市第一人民医院, and the notice's publisher and inspected unit keep the names the
header gave them: their mentions (委党委, 院党委, 市卫健委党组) join their nodes. A unit's party
organ (党组, 党委, 党支部) is a cluster of its own whose parent is the unit. A department named
after its unit (市一院检验科), or bare in a notice its own unit publishes (病理科, 委办公室), is a
sub-unit of that unit and is named after it, so that two hospitals' 病理科 stay two units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from kg.extract.org_grammar import (
    ANAPHORIC_HEADS,
    ANAPHORS,
    BARE_DEPTS,
    BARE_LEVEL,
    DEPT_HEADS,
    NUMERALS,
    ORGAN_SUFFIXES,
    OWN_PARTY_HEADS,
    PARTY_HEADS,
    SELF_KINDS,
    SELF_PREFIX,
    SINGLETON_HEADS,
    head_at_end,
    is_organ,
    kind_of,
    local_form,
    place_len,
    proper_part,
    unit_name,
    unit_of,
)
from kg.extract.org_mentions import Mention
from kg.extract.places import area_at
from kg.extract.textview import TextView
from kg.models import Header, Org, Span
from kg.text.orgnames import match_key, qualify, qualify_in, same_org, strip_party_prefix


@dataclass(slots=True)
class _Cluster:
    """One unit: every form a notice uses for it and where; `name` is fixed for the units the
    header names (the publisher, the target and the publisher's own unit)."""

    forms: list[str]
    spans: list[Span] = field(default_factory=list)
    name: str | None = None
    parent: _Cluster | None = None
    # the unit a party organ leads: 青川市第一人民医院 for 市一院党委
    unit: _Cluster | None = None
    # a sub-unit's names within its unit: 检验科 for 市二院检验科 and 院检验科
    cores: list[str] = field(default_factory=list)

    def canonical(self, qualify: Callable[[str], str]) -> str:
        """The fixed name, or the sub-unit's name after its unit's, or the fullest form with the
        notice's place (`qualify`) and without 中共 unless it is a party body."""
        if self.name is not None:
            return self.name
        if self.parent is not None:
            return self.parent.canonical(qualify) + max(self.cores, key=len)
        best = max(map(qualify, self.forms), key=lambda f: (place_len(f) > 0, len(f)))
        return best if kind_of(best) == "party" else strip_party_prefix(best)

    def add(self, form: str, span: Span | None, core: str | None = None) -> None:
        if form not in self.forms:
            self.forms.append(form)
        if core and core not in self.cores:
            self.cores.append(core)
        if span is not None:
            self.spans.append(span)


_LEGAL_FORMS = ("公司", "有限公司", "有限责任公司", "股份有限公司")


def _core(name: str) -> str:
    """The name without its places and its unit's self-reference: 医院财务科 → 财务科."""
    name = name[place_len(name) :]
    m = SELF_PREFIX.match(name)
    return name[m.end() :] if m and len(name) > m.end() + 1 else name


def _same_unit(a: str, b: str, place: str | None) -> bool:
    """same_org, kept from joining a place's committee with its departments (市委 ≠ 市卫健委),
    and extended to forms that leave the notice's place out (疾控中心 = 市疾控中心) or the start
    of a group's task (整改工作领导小组 = 巡察整改工作领导小组)."""
    if is_organ(a) != is_organ(b):
        return False  # 市卫健委 ≠ 中共市卫健委委员会: a unit and the party organ that leads it
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long[len(short) :] in _LEGAL_FORMS and long.startswith(short):
        return True  # 青禾港机重工 = 青禾港机重工公司: a company named without its legal form
    if is_organ(a) and a != b:
        # organs are one when their units are: 中共云岭县卫生健康委员会 = 县卫健委党组, but
        # 青禾大学党委 ≠ 青禾大学机械学院党委
        return _same_unit(unit_name(a), unit_name(b), place)
    ha, hb = head_at_end(a), head_at_end(b)
    if (
        {ha, hb} & set(SINGLETON_HEADS)
        and ha != hb
        and {ha, hb} != {"委", "委员会"}
        and (ha or "?")[-1] != (hb or "!")[-1]
    ):
        return False
    if set(NUMERALS.findall(a)) != set(NUMERALS.findall(b)):
        return False  # 县人民医院 ≠ 县第二人民医院 (but 市一院 = 市第一人民医院)
    for short, full in ((a, b), (b, a)):
        at = place_len(full)
        if BARE_LEVEL.match(short) and place_len(short) == 1 and at > 1 and full[at - 1] == short[0]:
            # 区民政局 in a notice whose place is unknown is the one 青禾区民政局 it names
            return same_org(short[1:], full[at:])
    la, lb = local_form(a), local_form(b)
    if (la, lb) != (a, b) and place_len(la) and place_len(lb) and same_org(la, lb):
        return True  # 成都市武侯区人民法院 = 武侯区法院: the same lowest place
    if any(not proper_part(x)[0] and head_at_end(x) in (*SINGLETON_HEADS, *ANAPHORIC_HEADS) for x in (a, b)):
        return match_key(a, place) == match_key(b, place)
    if same_org(a, b, place) or same_org(qualify_in(a, place), qualify_in(b, place)):
        return True
    if place_len(a) and place_len(b):
        return False
    ca, cb = _core(a), _core(b)
    short, long = sorted((ca, cb), key=len)
    if len(short) >= 4 and long.endswith(short) and ha == hb:
        return True
    local = all(qualify(x, place) == x or place_len(x) <= 1 for x in (a, b))
    return local and len(short) >= 2 and same_org(ca, cb)


class Resolver:
    """Clusters a notice's mentions into units, seeded with the header's publisher and target
    and the publisher's own unit (the hospital whose 党委 publishes), whose departments the
    notice names bare."""

    def __init__(self, header: Header | None) -> None:
        self.place = header.place if header else None
        self.clusters: list[_Cluster] = []
        self.own: _Cluster | None = None
        self.own_party: _Cluster | None = None
        # the names of the publisher's unit: 青川市第二人民医院 for its 党委, 桥山镇 for 镇党委
        self.own_units: list[str] = []
        self.town: str | None = None
        if header is None:
            return
        for org in (header.publisher, header.target):
            if org is not None and not any(c.name == org.name for c in self.clusters):
                organ = _Cluster([org.name, *org.aliases], name=org.name)
                self.clusters.append(organ)
                organ.unit = self._unit_cluster(org)
        publisher = header.publisher or header.target
        if publisher is None:
            return
        own = self.clusters[0]
        self.own_units = [unit_name(x) for x in (publisher.name, *publisher.aliases)]
        town_end = area_at(self.own_units[0], 0)
        self.town = self.own_units[0][:town_end] if town_end else None
        self.own_party = own if own.unit else None
        self.own = own.unit or own

    def _unit_cluster(self, org: Org) -> _Cluster | None:
        """The unit the header's party organ leads, with the fixed name the organ's name gives."""
        unit = next(filter(None, map(unit_of, (org.name, *org.aliases))), None)
        if unit is None:
            return None
        found = next((c for c in self.clusters if c.name == unit), None)
        if found is None:
            found = _Cluster([unit], name=unit)
            self.clusters.append(found)
        return found

    def qualify(self, form: str) -> str:
        """`form` with the area a bare level stands for: 市卫健委 → 青川市卫健委, and in a town's
        notice 镇卫生院 → 桥山镇卫生院."""
        qualified = qualify_in(form, self.place)
        if qualified == form and self.town and form[0] in "镇乡" and self.town.endswith(form[0]):
            return self.town + form[1:]
        return qualified

    def _find(self, form: str, peers: tuple[str, ...] = ()) -> _Cluster | None:
        q = self.qualify(form)
        exact = [c for c in self.clusters if form in c.forms or q in map(self.qualify, c.forms)]
        if exact:
            return exact[0]
        matches = [
            c
            for c in self.clusters
            if c.parent is None
            and not set(peers) & set(c.forms)
            and any(_same_unit(q, self.qualify(f), self.place) for f in c.forms)
        ]
        return max(matches, key=lambda c: max(ratio(form, f) for f in c.forms), default=None)

    def _add(self, form: str, span: Span | None, peers: tuple[str, ...] = ()) -> _Cluster:
        cluster = self._find(form, peers)
        if cluster is None:
            cluster = _Cluster([])
            self.clusters.append(cluster)
        cluster.add(form, span)
        return cluster

    def _add_sub(self, form: str, core: str, span: Span, parent: _Cluster) -> _Cluster:
        """A sub-unit of `parent`, one per name within it (`core`)."""
        cluster = next((c for c in self.clusters if c.parent is parent and core in c.cores), None)
        if cluster is None:
            cluster = _Cluster([], parent=parent)
            self.clusters.append(cluster)
        cluster.add(form, span, core)
        return cluster

    def _referent(self, form: str) -> _Cluster | None:
        """The one unit named so far that a bare type (领导小组, 区局, 工会) stands for."""
        head = head_at_end(form) or form
        named = [c for c in self.clusters if any(f.endswith(head) and f != form for f in c.forms)]
        return named[0] if len(named) == 1 else None

    def add(self, m: Mention, view: TextView) -> _Cluster | None:
        span = view.span(m.start, m.end)
        if m.self_ref:
            return self._add_self(m.text, span)
        if not proper_part(m.text)[0] and (
            m.text in (*ANAPHORS, *BARE_DEPTS) or head_at_end(m.text) in ANAPHORIC_HEADS
        ):
            referent = self._referent(m.text)
            if referent is not None:
                referent.add(m.text, span)
                return referent
            if m.text not in BARE_DEPTS:
                return None
        if m.parent is not None:
            parent = self.add(m.parent, view)
            child = m.text[m.parent.end - m.start :]
            if parent is None:
                return self._add(m.text, span)
            if child in PARTY_HEADS or child in ORGAN_SUFFIXES:
                organ = self._add(m.text, span)
                if organ is not parent and organ.unit is None and organ.parent is None:
                    organ.unit = parent
                return organ
            return self._add_sub(m.text, child, span, parent)
        # 驻市某局纪检监察组 names a unit of its own; 驻局纪检监察组 is the notice's own bureau's
        stationed = m.text.startswith("驻") and place_len(m.text[1:]) > 0
        if head_at_end(m.text) in DEPT_HEADS and not place_len(m.text) and not stationed:
            return self._add_dept(m.text, span)
        return self._add(m.text, span, tuple(m.peers))

    def _add_self(self, form: str, span: Span) -> _Cluster | None:
        """院党委, 委办公室, 医院财务科: the notice's own unit, its party body or a department; but
        局党组 in a hospital's notice is another unit's, and is left out."""
        prefix = SELF_PREFIX.match(form)
        said = prefix.group().lstrip("我本") if prefix else ""
        kinds = SELF_KINDS.get(said, (said,))
        if said != "单位" and not any(u.replace("委员会", "委").endswith(kinds) for u in self.own_units):
            # 校党委 where the notice's unit is unknown is a unit's organ all the same
            return self._add(form, span) if said in SELF_KINDS else None
        if _core(form) in OWN_PARTY_HEADS:
            target = self.own_party or self.own
            if target is not None:
                target.add(form, span)
            return target
        return self._add_dept(form, span)

    def _add_dept(self, form: str, span: Span) -> _Cluster | None:
        """A department named bare belongs to the publisher's own unit; a bare 科 is a medical
        specialty unless that unit is itself a hospital or a health centre."""
        if self.own is None:
            return None
        own_kind = kind_of(self.own.canonical(self.qualify))
        if form.endswith("科") and own_kind not in ("hospital", "primary_care"):
            return None
        return self._add_sub(form, _core(form), span, self.own)

    def orgs(self) -> list[Org]:
        out = []
        for c in self.clusters:
            name = c.canonical(self.qualify)
            forms = [*c.forms, *map(self.qualify, c.forms), *(x for x in c.cores if head_at_end(x) != x)]
            aliases = tuple(f for f in dict.fromkeys(forms) if f != name)
            up = c.parent or c.unit
            parent = up.canonical(self.qualify) if up else None
            evidence = tuple(sorted(set(c.spans), key=lambda s: (s.start, s.end)))
            kind = kind_of(max(c.cores, key=len) if c.parent else name)
            out.append(Org(name, aliases, kind, parent, evidence))
        return out
