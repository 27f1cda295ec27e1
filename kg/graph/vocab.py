"""The ontology's terms as code: a misspelt term is an AttributeError, not a silent new IRI.

`tests/test_vocab.py` checks that these equal the terms declared in ontology/xuncha.ttl.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/xuncha-kg/ontology#"
ID = Namespace("https://w3id.org/xuncha-kg/id/")


class XC(DefinedNamespace):
    """Terms of the xuncha-kg ontology (ontology/xuncha.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Notice: URIRef
    Inspection: URIRef
    InspectionGroup: URIRef
    Organization: URIRef
    PartyOrganization: URIRef
    GovernmentDepartment: URIRef
    Hospital: URIRef
    PrimaryCareCentre: URIRef
    Company: URIRef
    Person: URIRef
    Regulation: URIRef
    Problem: URIRef
    Measure: URIRef
    Place: URIRef
    Sentence: URIRef
    Status: URIRef

    # status individuals and their scheme
    Completed: URIRef
    InProgress: URIRef
    LongTerm: URIRef
    StatusScheme: URIRef

    # document kinds and their scheme
    DocumentKind: URIRef
    DocumentKindScheme: URIRef
    Announcement: URIRef
    FeedbackReport: URIRef
    RectificationNotice: URIRef
    FollowUpReport: URIRef

    # notice and inspection
    sourceFile: URIRef
    documentKind: URIRef
    reportsOn: URIRef
    conductedBy: URIRef
    inspected: URIRef
    startDate: URIRef
    endDate: URIRef
    feedbackDate: URIRef
    round: URIRef
    place: URIRef
    reportedProblemCount: URIRef
    reportedMeasureCount: URIRef
    completedProblemCount: URIRef
    inProgressProblemCount: URIRef

    # problems and measures
    raised: URIRef
    status: URIRef
    subProblemOf: URIRef
    hasMeasure: URIRef
    ordinal: URIRef

    # regulations, people, places
    documentNumber: URIRef
    issuedBy: URIRef
    cites: URIRef
    partOf: URIRef
    post: URIRef
    holdsPostAt: URIRef
    ledBy: URIRef
    deputyLedBy: URIRef
    participant: URIRef
    chairedBy: URIRef
    speaker: URIRef
    attendee: URIRef
    locatedIn: URIRef
    divisionCode: URIRef
    mentionedIn: URIRef

    # evidence
    readIn: URIRef
    inNotice: URIRef
    sentence: URIRef
    charStart: URIRef
