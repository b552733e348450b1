"""The CTDL vocabulary: every aipath term and the CTDL term it is written as, each pair once.

CTDL (the Credential Transparency Description Language, ``ceterms:``) is what Credential
Engine's registry publishes. The writer (:mod:`.export`) turns a catalogue into CTDL JSON-LD
through these tables, and a reader of registry records is to turn CTDL back through the same
ones, so a term is mapped in one place and both directions agree:

- :class:`Terms` is a two-way table: ``table[ours]`` is the CTDL term written for an aipath
  term, ``table.read(theirs)`` the aipath term a CTDL term reads back as (the first one paired
  with it, where several aipath terms are written alike), None for a term it does not know;
- the credential classes (:func:`credential_class`, :func:`credential_type`), statuses,
  duration units and ISO 8601 durations (:func:`iso_duration`, :func:`duration_from_iso`),
  currency, language maps (:func:`lang`, :func:`text_of`) and the ``urn:aipath:`` ids;
- the classes of the other nodes (:data:`NODE_TYPES`) and, for each kind of node, which
  aipath field each ``ceterms:`` property carries (:data:`TABLES`), so a reader can name
  each property no table knows as not mapped rather than drop it unseen.

Terms as in the CTDL schema (context :data:`CONTEXT`); the class mapping follows the project's
research notes (anchors.md §1.A1). Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "AGGREGATE_COST",
    "ALIGNMENT",
    "CONDITION",
    "CONTEXT",
    "COST",
    "CREDENTIAL",
    "CURRENCIES",
    "CURRENCY",
    "DEGREE_CLASSES",
    "DEGREE_DEFAULT",
    "DELIVERY",
    "DURATION",
    "LANGUAGE",
    "LEVEL",
    "NODE_TYPES",
    "ORGANIZATION",
    "PATHWAY",
    "STATUS",
    "STEP",
    "TABLES",
    "TYPE_CLASSES",
    "UNITS",
    "Terms",
    "component_uri",
    "counts_as_name",
    "counts_as_uri",
    "credential_class",
    "credential_id",
    "credential_type",
    "credential_uri",
    "duration_from_iso",
    "iso_duration",
    "lang",
    "organization_uri",
    "pathway_uri",
    "text_of",
]

CONTEXT = "https://credreg.net/ctdl/schema/context/json"


class Terms:
    """A two-way table of (aipath term, CTDL term) pairs, each written once.

    ``table[ours]`` writes (a KeyError names a term the table lacks); :meth:`read` reads back:
    the first aipath term paired with a CTDL term is what that term reads as.
    """

    __slots__ = ("_back", "_out", "name")

    def __init__(self, name: str, pairs: Iterable[tuple[str, str]],
                 read_also: Iterable[tuple[str, str]] = ()) -> None:
        """``read_also``: (aipath term, CTDL term) pairs only read, never written (what
        registry publishers write that aipath writes otherwise)."""
        self.name = name
        self._out: dict[str, str] = {}
        self._back: dict[str, str] = {}
        for ours, theirs in pairs:
            if ours in self._out:
                raise ValueError(f"{name}: '{ours}' is mapped twice")
            self._out[ours] = theirs
            self._back.setdefault(theirs, ours)
        for ours, theirs in read_also:
            if theirs in self._back:
                raise ValueError(f"{name}: '{theirs}' is read twice")
            self._back[theirs] = ours

    def __getitem__(self, ours: str) -> str:
        return self._out[ours]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._out.items())

    def read(self, theirs: str) -> str | None:
        """The aipath term ``theirs`` reads back as, or None when the table does not know it."""
        return self._back.get(theirs)

    def ctdl_terms(self) -> tuple[str, ...]:
        """The CTDL terms written."""
        return tuple(dict.fromkeys(self._out.values()))

    def read_terms(self) -> tuple[str, ...]:
        """Every CTDL term read (those written and those only read)."""
        return tuple(self._back)


# --- classes of nodes -------------------------------------------------------------------------

NODE_TYPES = Terms("node type", [
    ("condition", "ceterms:ConditionProfile"),
    ("cost", "ceterms:CostProfile"),
    ("duration", "ceterms:DurationProfile"),
    ("organization", "ceterms:CredentialOrganization"),
    ("alignment", "ceterms:CredentialAlignmentObject"),
    ("pathway", "ceterms:Pathway"),
    ("component", "ceterms:CredentialComponent"),
])

# Credential types other than degrees, and their class. Several CTDL classes have no aipath
# type of their own; a degree's class depends on its name and level (DEGREE_CLASSES).
TYPE_CLASSES = Terms("credential type", [
    ("licensure", "ceterms:License"),
    ("board-certification", "ceterms:Certification"),
    ("academic-certificate", "ceterms:AcademicCertificate"),
    ("professional-certificate", "ceterms:ProfessionalCertificate"),
    ("micro-credential", "ceterms:MicroCredential"),
    ("executive-education", "ceterms:CertificateOfCompletion"),
    ("fellowship", "ceterms:Certificate"),
])
# (class, words in the lower-cased name that select it, a level that selects it too), tried in
# order; a degree that none selects is DEGREE_DEFAULT. Every one reads back as a degree.
DEGREE_CLASSES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("ceterms:AssociateDegree", ("associate",), None),
    ("ceterms:BachelorDegree", ("bachelor",), "undergraduate"),
    ("ceterms:ResearchDoctorate", ("phd", "ph.d"), None),
    ("ceterms:ProfessionalDoctorate", ("doctor",), None),
)
DEGREE_DEFAULT = "ceterms:MasterDegree"


def credential_class(type_: str, name: str, level: str) -> str:
    """The ``ceterms:`` class of a credential of this type, name and level."""
    if type_ != "degree":
        return TYPE_CLASSES[type_]
    lowered = name.lower()
    for cls, words, selecting_level in DEGREE_CLASSES:
        if any(w in lowered for w in words) or (selecting_level is not None
                                                 and level == selecting_level):
            return cls
    return DEGREE_DEFAULT


def credential_type(cls: str) -> str | None:
    """The aipath type a ``ceterms:`` class reads back as, or None for a class not mapped."""
    if cls == DEGREE_DEFAULT or any(cls == c for c, _, _ in DEGREE_CLASSES):
        return "degree"
    return TYPE_CLASSES.read(cls)


# Audience levels (the AudienceLevel concept scheme). aipath's postgraduate (training after a
# degree, such as a fellowship) is written as AdvancedLevel, the nearest concept.
LEVEL = Terms("level", [
    ("undergraduate", "audLevel:UndergraduateLevel"),
    ("graduate", "audLevel:GraduateLevel"),
    ("postgraduate", "audLevel:AdvancedLevel"),
    ("professional", "audLevel:ProfessionalLevel"),
    ("introductory", "audLevel:BeginnerLevel"),
], read_also=[
    ("undergraduate", "audLevel:AssociatesDegreeLevel"),
    ("undergraduate", "audLevel:BachelorsDegreeLevel"),
    ("undergraduate", "audLevel:LowerDivisionLevel"),
    ("undergraduate", "audLevel:UpperDivisionLevel"),
    ("undergraduate", "audLevel:PostSecondaryLevel"),
    ("graduate", "audLevel:MastersDegreeLevel"),
    ("graduate", "audLevel:DoctoralDegreeLevel"),
])
# Delivery (the Delivery concept scheme); "unknown" is written as no delivery at all. A record
# listing several kinds is offered several ways: read as hybrid.
DELIVERY = Terms("delivery", [
    ("online", "deliveryType:OnlineOnly"),
    ("in-person", "deliveryType:InPerson"),
    ("hybrid", "deliveryType:BlendedDelivery"),
])

# A status is written as an alignment to the CredentialStatus concept scheme; reading back,
# Active is "active", Deprecated "retiring" and Ceased "retired".
STATUS = Terms("status", [
    ("active", "credentialStat:Active"),
    ("new", "credentialStat:Active"),
    ("unclear", "credentialStat:Active"),
    ("renamed", "credentialStat:Active"),
    ("retiring", "credentialStat:Deprecated"),
    ("retired", "credentialStat:Ceased"),
    ("archived", "credentialStat:Ceased"),
])

# --- properties of each kind of node: aipath field -> ceterms: property ------------------------

CREDENTIAL = Terms("credential", [
    ("name", "ceterms:name"),
    ("description", "ceterms:description"),
    ("provider", "ceterms:ownedBy"),
    ("status", "ceterms:credentialStatusType"),
    ("skills", "ceterms:keyword"),
    ("url", "ceterms:subjectWebpage"),
    ("entry", "ceterms:requires"),
    ("cost", "ceterms:estimatedCost"),
    ("duration", "ceterms:estimatedDuration"),
    ("renewal", "ceterms:renewalFrequency"),
    ("level", "ceterms:audienceLevelType"),
    ("delivery", "ceterms:learningDeliveryType"),
    ("counts_as", "ceterms:classification"),  # counts_as_uri concepts
])
# The status is an alignment object: the concept (a STATUS term) and its label.
ALIGNMENT = Terms("alignment", [
    ("concept", "ceterms:targetNode"),
    ("label", "ceterms:targetNodeName"),
])
ORGANIZATION = Terms("organization", [("name", "ceterms:name")])
CONDITION = Terms("condition profile", [
    ("description", "ceterms:description"),
    ("ids", "ceterms:targetCredential"),
    ("texts", "ceterms:condition"),
    ("years", "ceterms:yearsOfExperience"),
    ("experience", "ceterms:experience"),
    ("alternatives", "ceterms:alternativeCondition"),
    ("label", "ceterms:name"),
    ("open_from", "ceterms:dateEffective"),
    ("open_until", "ceterms:approximateExpirationDate"),  # the end date CTDL allows here
])
COST = Terms("cost profile", [
    ("usd", "ceterms:price"),
    ("currency", "ceterms:currency"),
    ("description", "ceterms:description"),
    ("source", "ceterms:costDetails"),
])
DURATION = Terms("duration profile", [
    ("exact", "ceterms:exactDuration"),
    ("min", "ceterms:minimumDuration"),
    ("max", "ceterms:maximumDuration"),
    ("description", "ceterms:description"),
])
PATHWAY = Terms("pathway", [
    ("name", "ceterms:name"),
    ("description", "ceterms:description"),
    ("steps", "ceterms:hasPart"),
    ("destination", "ceterms:hasDestinationComponent"),
])
STEP = Terms("pathway step", [  # a CredentialComponent; after/satisfies as on a plan's Step
    ("name", "ceterms:name"),
    ("description", "ceterms:description"),
    ("credential", "ceterms:proxyFor"),
    ("pathway", "ceterms:isPartOf"),
    ("after", "ceterms:precededBy"),
    ("satisfies", "ceterms:precedes"),
    ("destination_of", "ceterms:isDestinationComponentOf"),
])
# Every aipath figure is in US dollars; registry records also spell the currency out.
CURRENCIES = Terms("currency", [("usd", "USD")], read_also=[
    ("usd", "US Dollar"), ("usd", "US Dollars"), ("usd", "usd"), ("usd", "$"),
])
CURRENCY = CURRENCIES["usd"]
# A cost profile of this type is the whole cost; other types add up.
AGGREGATE_COST = "costType:AggregateCost"

# Every table of properties, by the kind of node it describes.
TABLES = (CREDENTIAL, ALIGNMENT, ORGANIZATION, CONDITION, COST, DURATION, PATHWAY, STEP)

# --- language maps ----------------------------------------------------------------------------

LANGUAGE = "en-US"


def lang(value: Any) -> dict[str, Any]:
    """A language map: ``{"en-US": value}`` (a text, or a list of them)."""
    return {LANGUAGE: value}


def text_of(value: Any) -> str | None:
    """The text of a language map (en-US, else en, else another English, else the first
    language), or of a plain string; None when there is no text."""
    if isinstance(value, str):
        return value or None
    if not isinstance(value, dict) or not value:
        return None
    english = [k for k in value if isinstance(k, str) and k.lower().startswith("en")]
    for key in (LANGUAGE, "en", *english, *value):
        text = value.get(key)
        if isinstance(text, str) and text:
            return text
    return None


# --- durations (ISO 8601) ---------------------------------------------------------------------

# Units and their designators; hours are in the time part (PT...H).
UNITS = Terms("duration unit", [
    ("years", "Y"), ("months", "M"), ("weeks", "W"), ("days", "D"), ("hours", "H"),
])
_ISO = re.compile(r"P(?:(\d+)([YMWD])|T(\d+(?:\.\d+)?)H)")


def iso_duration(value: float, unit: str) -> str:
    """ISO 8601: whole numbers in the largest unit that keeps them whole (1.5 years -> P18M)."""
    if unit == "hours":
        return f"PT{value:g}{UNITS['hours']}"
    if unit == "years" and not float(value).is_integer():
        value, unit = value * 12, "months"
    if unit == "months" and not float(value).is_integer():
        value, unit = round(value * 30.44), "days"
    if unit == "weeks" and not float(value).is_integer():
        value, unit = round(value * 7), "days"
    return f"P{int(round(value))}{UNITS[unit]}"


def duration_from_iso(text: str) -> tuple[float, str] | None:
    """(value, unit) of a one-unit ISO 8601 duration as :func:`iso_duration` writes them
    (``P18M``, ``PT40H``); None for any other."""
    m = _ISO.fullmatch(text)
    if m is None:
        return None
    if m.group(3) is not None:
        return float(m.group(3)), "hours"
    unit = UNITS.read(m.group(2))
    assert unit is not None  # the pattern admits only the table's designators
    return float(m.group(1)), unit


# --- ids --------------------------------------------------------------------------------------

_CREDENTIAL_URN = "urn:aipath:credential:"


def credential_uri(cid: str) -> str:
    """The JSON-LD ``@id`` of a catalogue credential."""
    return _CREDENTIAL_URN + cid


def credential_id(uri: str) -> str | None:
    """The catalogue id in an ``@id`` written by :func:`credential_uri`, else None."""
    if not uri.startswith(_CREDENTIAL_URN):
        return None
    return uri[len(_CREDENTIAL_URN):] or None


_COUNTS_AS_URN = "urn:aipath:counts-as:"


def counts_as_uri(name: str) -> str:
    """The concept "counts as ``name``" (a class or a credential id) a credential is
    classified under (``ceterms:classification`` takes concepts, not credentials)."""
    return _COUNTS_AS_URN + name


def counts_as_name(uri: str) -> str | None:
    """The class or credential id in a concept written by :func:`counts_as_uri`, else None."""
    if not uri.startswith(_COUNTS_AS_URN):
        return None
    return uri[len(_COUNTS_AS_URN):] or None


def organization_uri(provider: str) -> str:
    """The ``@id`` of a provider: its name in lower-case words joined by '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", provider.lower()).strip("-") or "unknown"
    return f"urn:aipath:organization:{slug}"


def pathway_uri(role: str) -> str:
    """The ``@id`` of a plan for ``role``."""
    return f"urn:aipath:pathway:{role}"


def component_uri(role: str, cid: str) -> str:
    """The ``@id`` of the step that takes ``cid`` in the plan for ``role``."""
    return f"{pathway_uri(role)}:component:{cid}"
