"""The records that flow between stages: read → normalize → split → outline → extract → assemble.

Every record is frozen; every piece of extracted text keeps character offsets into the
normalized notice text (`NoticeText.body`) so that each triple can point back to its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

# The metadata keys a Document carries; kg.ingest.normalize.META_LABELS maps page labels onto them.
META_KEYS = ("title", "issued", "publisher", "source")


@dataclass(frozen=True, slots=True)
class Document:
    """One input file as a reader returns it: its text and any metadata the format carried.

    `meta` uses the keys of `META_KEYS` (title, issued, publisher, source) so later
    stages never need to know whether a value came from an HTML <meta>, a page header line
    such as "发布时间:" or DOCX core properties. `notes` says, in our words, what the format's
    library had to work around (a damaged PDF's structure), for the build to report.
    """

    name: str
    text: str
    kind: str
    meta: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a notice's body text: `body[start:end] == text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NoticeText:
    """One notice cut out of a file: its title (wherever it stood) and its normalized body.

    `source` is the file's name; `key`, when set, names the file in the notice's IRI instead,
    because another input of the same build has the same name (`kg.ingest.read.source_keys`).
    """

    source: str
    index: int
    title: str | None
    body: str
    meta: Mapping[str, str] = field(default_factory=dict)
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the notice outline and everything under it.

    `kind` names the numbering style (`cn` 一、, `paren_cn` （一）, `arabic` 1., `half_paren` 1),
    `paren_arabic` （1）, `circled` ①, `ordinal` 一是) so that a parser can tell siblings from
    children by style rather than by indentation, which scraped text no longer has.
    """

    kind: str
    number: int
    heading: Span
    start: int
    end: int
    children: tuple[Section, ...] = ()

    def walk(self):
        """Yield this section and every descendant, depth first in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Org:
    """A named organization as one notice names it: a full name and every surface form seen."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    parent: str | None = None
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Counts:
    """The figures a notice states about its own rectification; None where it states none."""

    problems: int | None = None
    measures: int | None = None
    completed: int | None = None
    in_progress: int | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """Who inspected whom and when, who published the notice and when: its header facts."""

    title: str | None = None
    publisher: Org | None = None
    issued: date | None = None
    place: str | None = None
    group_as_written: str | None = None
    group: str | None = None
    target: Org | None = None
    start: date | None = None
    end: date | None = None
    feedback: date | None = None
    round: str | None = None
    counts: Counts = field(default_factory=Counts)
    source: Org | None = None  # the unit a web page names as its source (信息来源)
    evidence: Mapping[str, Span] = field(default_factory=dict)
    kind: str | None = None  # rectification, feedback, followup or announcement (kg.text.kinds)
    # A round-level report names several groups and units: the others beside `group` and `target`.
    more_groups: tuple[str, ...] = ()
    more_targets: tuple[Org, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    text: str
    evidence: Span


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem fed back by the inspection, or an aspect grouping problems (`parent` links up)."""

    title: str
    number: int
    parent: int | None = None
    status: str | None = None
    measures: tuple[Measure, ...] = ()
    evidence: Span | None = None


@dataclass(frozen=True, slots=True)
class Regulation:
    """A titled document (《…》) or one known by its number; `relation` is issued or cited."""

    title: str | None
    number: str | None = None
    relation: str | None = None
    parent: str | None = None
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    """What a person does in the text, where it says so: leads or deputizes for an inspection group
    (`leader`, `deputy`), chairs, speaks at or attends the meeting a notice reports (`chair`,
    `speaker`, `attendee`), or signs it (`author`, `editor`). A name inside a policy phrase
    (学习习近平总书记重要讲话精神) has no role: it is mentioned, not taking part."""

    kind: str
    evidence: Span


@dataclass(frozen=True, slots=True)
class Person:
    """A named person: the post the text gives (compound posts whole: 党组书记、局长), the unit
    that post is held at when the text names one (`org`), and the inspection group the person
    leads or serves in, as written (`group`)."""

    name: str
    post: str | None = None
    org: str | None = None
    group: str | None = None
    roles: tuple[Role, ...] = ()
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative area; `parent` is the enclosing area's name where it is known."""

    name: str
    level: str | None = None
    parent: str | None = None
    code: str | None = None
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the body a rule component marked: its group (the component's kind: problems,
    persons, …), its label (PROBLEM, MEASURE, PERSON, …) and where it is, for pages that show
    what was read where without running the components again."""

    group: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Notice:
    """Everything read from one notice: the input of RDF assembly, and the marks it was read by."""

    text: NoticeText
    header: Header
    problems: tuple[Problem, ...] = ()
    regulations: tuple[Regulation, ...] = ()
    persons: tuple[Person, ...] = ()
    organizations: tuple[Org, ...] = ()
    places: tuple[Place, ...] = ()
    marks: tuple[Mark, ...] = ()
