"""Read ClinicalTrials.gov API v2 study records into the values a TrialPage holds.

Pure functions, no database: `parse_study` returns a `StudyRecord` or raises
`RecordError` naming what is wrong. Personal contact data (`centralContacts`,
`overallOfficials`, location `contacts`, `pointOfContact`) is never read.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from trials.countries import country_code
from trials.dates import parse_partial_date
from trials.models.choices import (
    AgeUnit,
    Allocation,
    DateType,
    InterventionModel,
    Masking,
    ObservationalModel,
    OverallStatus,
    Phase,
    PrimaryPurpose,
    Sex,
    SponsorClass,
    StudyType,
)
from trials.registries import FORMATS, Registry, registry_url

NCT_RE = re.compile(r"NCT\d{8}")
_AGE_RE = re.compile(r"(\d+)\s*(year|month|week|day|hour|minute)s?", re.IGNORECASE)
TITLE_MAX = 255

# Most open first: a country's status is the most open of its sites'.
_SITE_STATUS_RANK = [
    OverallStatus.RECRUITING,
    OverallStatus.NOT_YET_RECRUITING,
    OverallStatus.ENROLLING_BY_INVITATION,
    OverallStatus.AVAILABLE,
    OverallStatus.ACTIVE_NOT_RECRUITING,
    OverallStatus.TEMPORARILY_NOT_AVAILABLE,
    OverallStatus.SUSPENDED,
    OverallStatus.COMPLETED,
    OverallStatus.TERMINATED,
    OverallStatus.WITHDRAWN,
    OverallStatus.NO_LONGER_AVAILABLE,
    OverallStatus.APPROVED_FOR_MARKETING,
    OverallStatus.WITHHELD,
    OverallStatus.UNKNOWN,
]

# Secondary IDs that name another registry we know.
_SECONDARY_TYPES = {"EUDRACT_NUMBER": Registry.EUDRACT, "CTIS": Registry.EUCT}


class RecordError(ValueError):
    """A study record that cannot be imported; the message says why."""


@dataclass
class DateValue:
    date: object = None
    precision: str = "day"
    kind: str = ""


@dataclass
class StudyRecord:
    nct_id: str
    values: dict = field(default_factory=dict)  # TrialPage field -> value
    phases: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # [(code, status, site_count)]
    registry_ids: list = field(default_factory=list)  # [(registry, identifier)], NCT first
    references: list = field(default_factory=list)  # [{"pmid", "citation", "type"}]
    warnings: list = field(default_factory=list)
    text_for_vocabularies: str = ""


# Loading files -------------------------------------------------------------


@dataclass
class LoadedStudy:
    source: str  # file name, or file name and position in it
    study: dict | None = None
    error: str = ""


def studies_from_data(data, source: str) -> list[LoadedStudy]:
    """A single study, a list of studies or a `{"studies": [...]}` page."""
    if isinstance(data, dict) and isinstance(data.get("studies"), list):
        items = data["studies"]
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        return [LoadedStudy(source=source, study=data)]
    else:
        return [
            LoadedStudy(source=source, error=_("Not a study record, list of studies or page of studies."))
        ]
    loaded = []
    for position, item in enumerate(items, start=1):
        label = f"{source} #{position}"
        if isinstance(item, dict):
            loaded.append(LoadedStudy(source=label, study=item))
        else:
            loaded.append(LoadedStudy(source=label, error=_("Not a study record.")))
    return loaded


def load_path(path: Path) -> list[LoadedStudy]:
    """Every study in a file, or in the .json files of a folder (sorted, recursive)."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.json") if p.is_file())
    elif path.exists():
        files = [path]
    else:
        return [LoadedStudy(source=str(path), error=_("No such file or folder."))]
    loaded = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            loaded.append(LoadedStudy(source=str(file), error=_("The file is not UTF-8 text.")))
            continue
        except json.JSONDecodeError as error:
            loaded.append(
                LoadedStudy(
                    source=str(file),
                    error=_("Invalid JSON at line %(line)d, column %(column)d: %(message)s")
                    % {"line": error.lineno, "column": error.colno, "message": error.msg},
                )
            )
            continue
        loaded.extend(studies_from_data(data, str(file)))
    return loaded


# Mapping -------------------------------------------------------------------


def _dict(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(_("%(where)s should be an object.") % {"where": where})
    return value


def _list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(_("%(where)s should be a list.") % {"where": where})
    return value


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _long_text(value) -> str:
    return str(value).strip() if value is not None else ""


def _enum(value, choices, where: str) -> str:
    if value in (None, ""):
        return ""
    if value not in choices.values:
        raise RecordError(_("Unknown value “%(value)s” in %(where)s.") % {"value": value, "where": where})
    return value


def _date(struct, where: str) -> DateValue:
    struct = _dict(struct, where)
    if not struct.get("date"):
        return DateValue()
    try:
        value, precision = parse_partial_date(str(struct["date"]))
    except ValueError as error:
        raise RecordError(
            _("“%(value)s” in %(where)s is not a date.") % {"value": struct["date"], "where": where}
        ) from error
    return DateValue(value, precision, _enum(struct.get("type"), DateType, f"{where}.type"))


def _age(text, where: str) -> tuple[int | None, str]:
    text = _text(text)
    if not text or text.upper() in {"N/A", "NA"}:
        return None, ""
    match = _AGE_RE.fullmatch(text)
    if not match:
        raise RecordError(_("“%(value)s” in %(where)s is not an age.") % {"value": text, "where": where})
    return int(match.group(1)), AgeUnit[match.group(2).upper() + "S"].value


def _outcomes(items, where: str) -> list[dict]:
    outcomes = []
    for item in _list(items, where):
        item = _dict(item, where)
        outcome = {
            "measure": _text(item.get("measure")),
            "description": _long_text(item.get("description")),
            "time_frame": _text(item.get("timeFrame")),
        }
        if outcome["measure"]:
            outcomes.append({key: value for key, value in outcome.items() if value})
    return outcomes


def parse_study(study) -> StudyRecord:
    """Map one API v2 study object; RecordError if it cannot be imported as a whole."""
    if not isinstance(study, dict):
        raise RecordError(_("Not a study record."))
    protocol = _dict(study.get("protocolSection"), "protocolSection")
    ident = _dict(protocol.get("identificationModule"), "identificationModule")
    nct_id = _text(ident.get("nctId")).upper()
    if not nct_id:
        raise RecordError(_("The record has no NCT ID (protocolSection.identificationModule.nctId)."))
    if not NCT_RE.fullmatch(nct_id):
        raise RecordError(_("“%(value)s” is not an NCT ID.") % {"value": nct_id})

    status = _dict(protocol.get("statusModule"), "statusModule")
    sponsors = _dict(protocol.get("sponsorCollaboratorsModule"), "sponsorCollaboratorsModule")
    description = _dict(protocol.get("descriptionModule"), "descriptionModule")
    conditions = _dict(protocol.get("conditionsModule"), "conditionsModule")
    design = _dict(protocol.get("designModule"), "designModule")
    design_info = _dict(design.get("designInfo"), "designModule.designInfo")
    masking_info = _dict(design_info.get("maskingInfo"), "designInfo.maskingInfo")
    enrollment = _dict(design.get("enrollmentInfo"), "designModule.enrollmentInfo")
    arms = _dict(protocol.get("armsInterventionsModule"), "armsInterventionsModule")
    outcomes = _dict(protocol.get("outcomesModule"), "outcomesModule")
    eligibility = _dict(protocol.get("eligibilityModule"), "eligibilityModule")
    locations = _dict(protocol.get("contactsLocationsModule"), "contactsLocationsModule")
    references = _dict(protocol.get("referencesModule"), "referencesModule")

    record = StudyRecord(nct_id=nct_id)
    values = record.values
    brief_title = _text(ident.get("briefTitle"))
    values["acronym"] = _text(ident.get("acronym"))[:60]
    values["brief_title"] = brief_title[:500]
    values["official_title"] = _text(ident.get("officialTitle"))
    values["registry_summary"] = _long_text(description.get("briefSummary"))

    values["overall_status"] = _enum(status.get("overallStatus"), OverallStatus, "statusModule.overallStatus")
    values["why_stopped"] = _long_text(status.get("whyStopped"))
    for name, key in (
        ("start_date", "startDateStruct"),
        ("primary_completion_date", "primaryCompletionDateStruct"),
        ("completion_date", "completionDateStruct"),
    ):
        value = _date(status.get(key), f"statusModule.{key}")
        values[name] = value.date
        values[f"{name}_precision"] = value.precision
        values[f"{name}_type"] = value.kind
    values["last_update_posted"] = _date(
        status.get("lastUpdatePostDateStruct"), "statusModule.lastUpdatePostDateStruct"
    ).date

    phases = [_enum(phase, Phase, "designModule.phases") for phase in _list(design.get("phases"), "phases")]
    record.phases = sorted(set(phases), key=Phase.values.index)
    values["study_type"] = _enum(design.get("studyType"), StudyType, "designModule.studyType")
    values["allocation"] = _enum(design_info.get("allocation"), Allocation, "designInfo.allocation")
    values["intervention_model"] = _enum(
        design_info.get("interventionModel"), InterventionModel, "designInfo.interventionModel"
    )
    values["masking"] = _enum(masking_info.get("masking"), Masking, "maskingInfo.masking")
    values["primary_purpose"] = _enum(
        design_info.get("primaryPurpose"), PrimaryPurpose, "designInfo.primaryPurpose"
    )
    values["observational_model"] = _enum(
        design_info.get("observationalModel"), ObservationalModel, "designInfo.observationalModel"
    )
    count = enrollment.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise RecordError(_("The enrollment count “%(value)s” is not a number.") % {"value": count})
    values["enrollment"] = count
    values["enrollment_type"] = _enum(enrollment.get("type"), DateType, "enrollmentInfo.type")

    values["conditions"] = [_text(c) for c in _list(conditions.get("conditions"), "conditions") if _text(c)]
    interventions = []
    for item in _list(arms.get("interventions"), "interventions"):
        item = _dict(item, "interventions")
        entry = {
            "type": _text(item.get("type")),
            "name": _text(item.get("name")),
            "description": _long_text(item.get("description")),
        }
        interventions.append({key: value for key, value in entry.items() if value})
    values["interventions"] = interventions
    arm_groups = []
    for item in _list(arms.get("armGroups"), "armGroups"):
        item = _dict(item, "armGroups")
        entry = {
            "label": _text(item.get("label")),
            "type": _text(item.get("type")),
            "description": _long_text(item.get("description")),
        }
        arm_groups.append({key: value for key, value in entry.items() if value})
    values["arm_groups"] = arm_groups
    values["primary_outcomes"] = _outcomes(outcomes.get("primaryOutcomes"), "primaryOutcomes")
    values["secondary_outcomes"] = _outcomes(outcomes.get("secondaryOutcomes"), "secondaryOutcomes")

    lead = _dict(sponsors.get("leadSponsor"), "leadSponsor")
    values["sponsor"] = _text(lead.get("name"))[:255]
    values["sponsor_class"] = _enum(lead.get("class"), SponsorClass, "leadSponsor.class")
    values["collaborators"] = [
        _text(_dict(item, "collaborators").get("name"))
        for item in _list(sponsors.get("collaborators"), "collaborators")
        if _text(_dict(item, "collaborators").get("name"))
    ]

    values["minimum_age"], values["minimum_age_unit"] = _age(eligibility.get("minimumAge"), "minimumAge")
    values["maximum_age"], values["maximum_age_unit"] = _age(eligibility.get("maximumAge"), "maximumAge")
    values["sex"] = _enum(eligibility.get("sex"), Sex, "eligibilityModule.sex")
    healthy = eligibility.get("healthyVolunteers")
    values["healthy_volunteers"] = healthy if isinstance(healthy, bool) else None
    values["eligibility_criteria"] = _long_text(eligibility.get("eligibilityCriteria"))

    has_results = study.get("hasResults")
    values["has_results"] = has_results is True
    values["registry_url"] = registry_url(Registry.NCT, nct_id)

    record.countries = _countries(locations.get("locations"), record.warnings)
    record.registry_ids = [(Registry.NCT.value, nct_id)] + _secondary_ids(ident)
    record.references = _references(references.get("references"))
    record.text_for_vocabularies = " ".join(
        [brief_title, values["official_title"], values["registry_summary"]]
        + [f"{i.get('name', '')} {i.get('description', '')}" for i in interventions]
        + [a.get("description", "") for a in arm_groups]
    )
    return record


def _countries(locations, warnings: list) -> list[tuple[str, str, int]]:
    """One entry per country in order of first appearance, with the most open site status."""
    found: dict[str, dict] = {}
    for location in _list(locations, "locations"):
        location = _dict(location, "locations")
        name = _text(location.get("country"))
        if not name:
            continue
        status = _enum(location.get("status"), OverallStatus, "locations.status")
        code = country_code(name)
        if code is None:
            message = _("Unknown country “%(name)s”: left out.") % {"name": name}
            if message not in warnings:
                warnings.append(message)
            continue
        entry = found.setdefault(code, {"statuses": set(), "sites": 0})
        entry["sites"] += 1
        if status:
            entry["statuses"].add(status)
    countries = []
    for code, entry in found.items():
        statuses = [s for s in _SITE_STATUS_RANK if s in entry["statuses"]]
        countries.append((code, statuses[0].value if statuses else "", entry["sites"]))
    return countries


def _secondary_ids(ident: dict) -> list[tuple[str, str]]:
    """Other registries' IDs for the same trial, where the record names one we know."""
    found = []
    for info in _list(ident.get("secondaryIdInfos"), "secondaryIdInfos"):
        info = _dict(info, "secondaryIdInfos")
        value = _text(info.get("id")).replace(" ", "")
        registry = _SECONDARY_TYPES.get(info.get("type"))
        candidates = [registry] if registry else [r for r in FORMATS if r != Registry.NCT]
        for candidate in candidates:
            if FORMATS[candidate].pattern.fullmatch(value):
                entry = (candidate.value, value)
                if entry not in found:
                    found.append(entry)
                break
    return found


def _references(items) -> list[dict]:
    found = []
    for item in _list(items, "references"):
        item = _dict(item, "references")
        pmid = _text(item.get("pmid"))
        if pmid.isdecimal():
            found.append(
                {"pmid": pmid, "citation": _text(item.get("citation")), "type": _text(item.get("type"))}
            )
    return found


# Our vocabularies, guessed from registry text for a new trial only -------------

CELL_TYPE_WORDS = {
    "msc": ["mesenchymal", "stromal cell", r"\bmscs?\b"],
    "nsc": ["neural stem", "neural progenitor", r"\bnscs?\b"],
    "ipsc": [r"\bips\b", "ipsc", "induced pluripotent"],
    "mnc": ["mononuclear", r"\bbm-?mncs?\b"],
    "mapc": ["multistem", "multipotent adult progenitor", r"\bmapc\b", "hlcm051"],
    "esc": ["embryonic stem"],
    "cord-blood": ["cord blood", "umbilical cord blood"],
    "exosome": ["exosome", "extracellular vesicle"],
}
ROUTE_WORDS = {
    "intravenous": ["intravenous", r"\bi\.?v\.?\b"],
    "intra-arterial": ["intra-arterial", "intraarterial", "intracarotid"],
    "intracerebral": ["intracerebral", "intraparenchymal", "stereotactic", "intracranial implant"],
    "intranasal": ["intranasal", "nasal route", "nasal"],
    "intrathecal": ["intrathecal", "lumbar puncture"],
}
SOURCE_WORDS = {"autologous": ["autologous"], "allogeneic": ["allogeneic", "allogenic"]}


def guess_terms(text: str, table: dict[str, list[str]]) -> list[str]:
    lowered = text.lower()
    return [code for code, patterns in table.items() if any(re.search(p, lowered) for p in patterns)]
