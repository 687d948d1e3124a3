"""Registry-owned fields: the registry's values go in, except where an editor corrected one.

Each import stores what the registry said (`TrialPage.registry_record`). A field whose
value differs from that record was changed by an editor: the correction is kept, and
when the registry's new value differs from it, the difference is recorded in
`TrialPage.registry_conflicts` for the admin to show. Translated and editor-written
fields are not registry-owned and never touched here.
"""

from trials.models import TrialPage, TrialPhase

# TrialPage fields whose value comes from the registry (parse_study's `values`).
REGISTRY_FIELDS = (
    "acronym",
    "brief_title",
    "official_title",
    "registry_summary",
    "overall_status",
    "why_stopped",
    "start_date",
    "start_date_precision",
    "start_date_type",
    "primary_completion_date",
    "primary_completion_date_precision",
    "primary_completion_date_type",
    "completion_date",
    "completion_date_precision",
    "completion_date_type",
    "last_update_posted",
    "study_type",
    "allocation",
    "intervention_model",
    "masking",
    "primary_purpose",
    "observational_model",
    "enrollment",
    "enrollment_type",
    "conditions",
    "interventions",
    "arm_groups",
    "primary_outcomes",
    "secondary_outcomes",
    "sponsor",
    "sponsor_class",
    "collaborators",
    "minimum_age",
    "minimum_age_unit",
    "maximum_age",
    "maximum_age_unit",
    "sex",
    "healthy_volunteers",
    "eligibility_criteria",
    "has_results",
    "registry_url",
)
PHASES = "phases"


def apply_registry_fields(page: TrialPage, *, values: dict, phases: list[str]) -> dict:
    """Set the registry's values on `page`, keeping an editor's corrections; return the conflicts."""
    last = page.registry_record or {}
    incoming = {name: TrialPage.registry_json(values[name]) for name in REGISTRY_FIELDS}
    incoming[PHASES] = sorted(phases)
    conflicts = {}
    for name, value in incoming.items():
        current = page.registry_value(name)
        if name in last and current != last[name]:
            if current != value:
                conflicts[name] = value
            continue
        if name == PHASES:
            page.phases.set(list(TrialPhase.objects.filter(code__in=phases)))
        else:
            setattr(page, name, values[name])
    page.registry_record = incoming
    page.registry_conflicts = conflicts
    return conflicts
