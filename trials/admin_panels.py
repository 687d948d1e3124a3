"""Edit-form panels of TrialPage that are more than a field."""

import json

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from trials.models.choices import Phase

VALUE_LENGTH = 200


class RegistryConflictsPanel(Panel):
    """The registry fields where an editor's correction was kept over a differing
    registry value at the last import or sync; nothing when there are none."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "components/trials/registry_conflicts_panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "registry_conflicts", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["conflicts"] = registry_conflicts(self.instance)
            return context


def registry_conflicts(trial) -> list[tuple[str, str, str]]:
    """(field label, the kept value, the registry's value) for each conflict, for people."""
    rows = []
    for name, registry_value in sorted(trial.registry_conflicts.items()):
        if name == "phases":
            label = _("phases")
            kept = _display_phases(trial.registry_value(name))
            registry = _display_phases(registry_value)
        else:
            field = trial._meta.get_field(name)
            label = field.verbose_name
            choices = {str(key): str(value) for key, value in field.flatchoices}
            kept = _display(trial.registry_value(name), choices)
            registry = _display(registry_value, choices)
        rows.append((str(label), kept, registry))
    return rows


def _display_phases(codes) -> str:
    return " / ".join(str(Phase(code).label) if code in Phase.values else code for code in codes)


def _display(value, choices: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = choices.get(str(value), str(value))
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"
