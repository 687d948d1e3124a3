"""Import ClinicalTrials.gov study records (files, or a record the registry sync fetched).

Registry-owned fields are overwritten by an import; what editors write (translations,
plain-language texts, our vocabularies, publications they added) is never touched
on update. Each record is imported all-or-nothing.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.references.parsers.nlm import parse_nlm_citation
from portal.references.services import reference_upsert
from trials.ctgov import (
    CELL_TYPE_WORDS,
    ROUTE_WORDS,
    SOURCE_WORDS,
    TITLE_MAX,
    RecordError,
    StudyRecord,
    guess_terms,
    load_path,
    parse_study,
)
from trials.models import (
    CellType,
    Route,
    StrokeStage,
    StrokeType,
    TrialCountry,
    TrialIndexPage,
    TrialPage,
    TrialPublication,
    TrialRegistryId,
)
from trials.registries import Registry
from trials.services.corrections import PHASES, REGISTRY_FIELDS, apply_registry_fields

logger = logging.getLogger(__name__)

IMPORT_ACTION = "trials.import"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class ImportFailed(Exception):
    """The whole import cannot start (no register page to put trials under)."""


@dataclass
class ImportProblem:
    source: str
    message: str
    nct_id: str = ""

    def __str__(self):
        where = f"{self.source} ({self.nct_id})" if self.nct_id else self.source
        return f"{where}: {self.message}"


@dataclass
class StudyOutcome:
    outcome: str
    page: TrialPage
    warnings: list[str] = field(default_factory=list)
    # Registry fields where an editor's correction was kept: {field: the registry's value}.
    conflicts: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    pages: list[TrialPage] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.problems)

    def summary(self) -> str:
        return _(
            "%(created)d created, %(updated)d updated, %(skipped)d skipped "
            "(%(unchanged)d unchanged, %(failed)d with errors)."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "failed": len(self.problems),
        }


def default_trial_index() -> TrialIndexPage:
    """The register page new trials go under, when there is exactly one."""
    indexes = list(TrialIndexPage.objects.order_by("path")[:2])
    if len(indexes) != 1:
        raise ImportFailed(
            _("There is no trial register page to import into.")
            if not indexes
            else _("There are several trial register pages: choose one with --parent.")
        )
    return indexes[0]


def trial_for_nct(nct_id: str) -> TrialPage | None:
    return TrialPage.objects.filter(
        registry_ids__registry=Registry.NCT, registry_ids__identifier=nct_id
    ).first()


def trials_import_paths(
    *,
    paths: Iterable[str | Path],
    parent: TrialIndexPage | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every study in the given files and folders; one bad record never stops the rest."""
    loaded = []
    for path in paths:
        loaded.extend(load_path(Path(path)))
    report = ImportReport()
    total = len(loaded)
    for position, item in enumerate(loaded, start=1):
        if item.error:
            report.problems.append(ImportProblem(item.source, item.error))
        else:
            _import_one(item.study, item.source, parent=parent, user=user, report=report)
        if progress:
            progress(position, total)
    return report


def _import_one(study: dict, source: str, *, parent, user, report: ImportReport) -> None:
    nct_id = ""
    try:
        nct_id = study_nct_id(study)
        result = trial_import_study(study=study, parent=parent, user=user, source=source)
    except (RecordError, ImportFailed) as error:
        report.problems.append(ImportProblem(source, str(error), nct_id))
        return
    except ValidationError as error:
        report.problems.append(ImportProblem(source, "; ".join(error.messages), nct_id))
        return
    setattr(report, result.outcome, getattr(report, result.outcome) + 1)
    report.pages.append(result.page)
    report.warnings.extend(ImportProblem(source, message, nct_id) for message in result.warnings)


def study_nct_id(study) -> str:
    """The NCT ID a raw record says it is, or an empty string."""
    try:
        return str(study["protocolSection"]["identificationModule"]["nctId"])
    except (KeyError, TypeError):
        return ""


def trial_import_study(
    *, study: dict, parent: TrialIndexPage | None = None, user=None, source: str = ""
) -> StudyOutcome:
    """Create or update the trial of one API v2 study record, all or nothing.

    A new trial is a draft flagged as needing translation. An update republishes a
    live trial without pending changes, and otherwise saves a new draft revision.
    """
    record = parse_study(study)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        existing = trial_for_nct(record.nct_id)
        if existing is None:
            result = _create(record, parent=parent or default_trial_index(), user=user)
        else:
            result = _update(existing, record, user=user)
        if result.outcome != UNCHANGED:
            log(
                instance=result.page,
                action=IMPORT_ACTION,
                user=user,
                data={
                    "source": source,
                    "outcome": result.outcome,
                    "nct_id": record.nct_id,
                    "conflicts": sorted(result.conflicts),
                },
            )
    logger.info("trial imported", extra={"nct_id": record.nct_id, "outcome": result.outcome})
    return result


def _create(record: StudyRecord, *, parent: TrialIndexPage, user) -> StudyOutcome:
    warnings = list(record.warnings)
    title = (record.values["brief_title"] or record.nct_id)[:TITLE_MAX]
    slug = record.nct_id.lower()  # stable, ASCII, unique: the registry ID
    page = TrialPage(
        title=title,
        title_zh_hans=title,
        title_en=title,
        slug=slug,
        slug_zh_hans=slug,
        slug_zh_hant=slug,
        slug_en=slug,
        live=False,
        needs_translation=True,
        # The registry has the treatment window only inside the eligibility text.
        onset_window_to_check=True,
    )
    _apply_registry_values(page, record, warnings)
    _guess_vocabularies(page, record)
    page.last_synced_at = timezone.now()
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return StudyOutcome(CREATED, page, warnings)


def _update(existing: TrialPage, record: StudyRecord, *, user) -> StudyOutcome:
    warnings = list(record.warnings)
    republish = existing.live and not existing.has_unpublished_changes
    page = existing.get_latest_revision_as_object() if existing.latest_revision_id else existing
    before = _snapshot(page)
    old_brief_title = page.brief_title
    _apply_registry_values(page, record, warnings)
    _follow_untranslated_titles(page, old_brief_title)
    if _snapshot(page) == before:
        return StudyOutcome(UNCHANGED, existing, warnings, page.registry_conflicts)
    page.last_synced_at = timezone.now()
    revision = page.save_revision(user=user, log_action=True)
    if republish:
        revision.publish(user=user)
    return StudyOutcome(UPDATED, TrialPage.objects.get(pk=existing.pk), warnings, page.registry_conflicts)


def _apply_registry_values(page: TrialPage, record: StudyRecord, warnings: list[str]) -> None:
    apply_registry_fields(page, values=record.values, phases=record.phases)
    _set_countries(page, record.countries)
    _add_registry_ids(page, record.registry_ids, warnings)
    _add_publications(page, record.references, warnings)


def _set_countries(page: TrialPage, countries: list[tuple[str, str, int]]) -> None:
    """Reuse the existing rows so an unchanged country keeps its id across revisions."""
    current = {country.country: country for country in page.countries.all()}
    rows = []
    for code, status, sites in countries:
        row = current.get(code) or TrialCountry(country=code)
        row.recruitment_status = status
        row.site_count = min(sites, 32767)
        rows.append(row)
    page.countries.set(rows)


def _add_registry_ids(page: TrialPage, registry_ids: list[tuple[str, str]], warnings: list[str]) -> None:
    """Add the record's IDs the trial lacks; an editor's extra IDs stay."""
    rows = list(page.registry_ids.all())
    have = {(row.registry, row.identifier) for row in rows}
    for registry, identifier in registry_ids:
        if (registry, identifier) in have:
            continue
        taken = TrialRegistryId.objects.filter(registry=registry, identifier=identifier)
        if page.pk:
            taken = taken.exclude(page_id=page.pk)
        if taken.exists():
            warnings.append(
                _("%(identifier)s already belongs to another trial: not added.") % {"identifier": identifier}
            )
            continue
        row = TrialRegistryId(registry=registry, identifier=identifier)
        rows.insert(0, row) if registry == Registry.NCT else rows.append(row)
        have.add((registry, identifier))
    page.registry_ids.set(rows)


def _add_publications(page: TrialPage, references: list[dict], warnings: list[str]) -> None:
    """Link the record's papers (by PMID) to shared References; never unlink an editor's."""
    if not references:
        return
    rows = list(page.publications.all())
    linked = {row.reference_id for row in rows}
    for item in references:
        reference = _reference_for(item, warnings)
        if reference is not None and reference.pk not in linked:
            rows.append(TrialPublication(reference=reference))
            linked.add(reference.pk)
    page.publications.set(rows)


def _reference_for(item: dict, warnings: list[str]):
    try:
        fields = parse_nlm_citation(item["citation"])
    except Exception:  # any unparsable citation is kept as written
        fields = {"kind": "plain", "plain_text": item["citation"] or f"PMID {item['pmid']}"}
    fields["pmid"] = item["pmid"]
    try:
        with transaction.atomic():
            return reference_upsert(fields=fields, user=None, source="ctgov").reference
    except ValidationError as error:
        warnings.append(
            _("Publication PMID %(pmid)s not linked: %(reason)s")
            % {"pmid": item["pmid"], "reason": "; ".join(error.messages)}
        )
        return None


def _follow_untranslated_titles(page: TrialPage, old_brief_title: str) -> None:
    """A title an editor has not changed from the registry's follows the registry."""
    new = (page.brief_title or "")[:TITLE_MAX]
    old = (old_brief_title or "")[:TITLE_MAX]
    if not new or new == old:
        return
    for column in ("title_zh_hans", "title_zh_hant", "title_en"):
        if getattr(page, column) == old:
            setattr(page, column, new)
    if page.title == old:
        page.title = new


def _guess_vocabularies(page: TrialPage, record: StudyRecord) -> None:
    """A first guess at our vocabularies for a new trial, for the editor to check."""
    text = record.text_for_vocabularies + " " + " ".join(record.values["conditions"])
    page.cell_types.set(list(CellType.objects.filter(code__in=guess_terms(text, CELL_TYPE_WORDS))))
    page.routes.set(list(Route.objects.filter(code__in=guess_terms(text, ROUTE_WORDS))))
    sources = guess_terms(text, SOURCE_WORDS)
    if len(sources) == 1:
        page.cell_source = sources[0]
    lowered = text.lower()
    if "stroke" not in lowered and "infarct" not in lowered:
        return
    stages = guess_terms(
        text,
        {
            "acute": [r"\bacute\b"],
            "subacute": [r"\bsub-?acute\b"],
            "chronic": [r"\bchronic\b"],
            "perinatal": ["perinatal", "neonatal", "newborn"],
        },
    )
    page.stroke_stages.set(list(StrokeStage.objects.filter(code__in=stages)))
    types = guess_terms(
        text,
        {
            "ischemic": ["ischemic", "ischaemic", "infarct"],
            "intracerebral-hemorrhage": ["intracerebral h(a)?emorrhage", "hemorrhagic stroke"],
            "subarachnoid-hemorrhage": ["subarachnoid"],
        },
    )
    page.stroke_types.set(list(StrokeType.objects.filter(code__in=types)))


def _snapshot(page: TrialPage) -> dict:
    """Everything an import may change, in comparable form."""
    values = {name: getattr(page, name) for name in REGISTRY_FIELDS}
    values[PHASES] = page.registry_value(PHASES)
    # Not `registry_record`: it changes only with a value or a conflict, except on the first
    # import after it was introduced, which alone is no reason for a new revision.
    values["registry_conflicts"] = page.registry_conflicts
    values["countries"] = [(c.country, c.recruitment_status, c.site_count) for c in page.countries.all()]
    values["registry_ids"] = [(r.registry, r.identifier) for r in page.registry_ids.all()]
    values["publications"] = [p.reference_id for p in page.publications.all()]
    values["titles"] = (page.title_zh_hans, page.title_zh_hant, page.title_en)
    return values
