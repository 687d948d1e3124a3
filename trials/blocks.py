"""StreamField blocks other apps embed: the trial card in the article body, and the
trial finder's first question for the home page and articles."""

from django.db.models import BooleanField, Case, Prefetch, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from trials.models import TrialIndexPage, TrialPage, TrialRegistryId


class TrialCardBlock(blocks.StructBlock):
    """A compact card for one trial, linking to its page in the register."""

    trial = blocks.PageChooserBlock(label=_("trial"), page_type="trials.TrialPage")
    note = blocks.CharBlock(
        label=_("note"),
        required=False,
        max_length=300,
        help_text=_("Optional: why this trial matters here, in one sentence."),
    )

    class Meta:
        icon = "clipboard-list"
        label = _("Trial card")
        template = "components/streamfield/blocks/trial_card_block.html"

    def bulk_to_python(self, values):
        """Load every card's trial, with what the card shows, in six queries however
        many cards the body holds (Wagtail's default costs a page query, `.specific`
        and three relation queries per card).

        Private and unpublished trials are loaded too, so that the editor keeps them
        in the form; `get_context` leaves them out of what visitors see.
        """
        ids = {value.get("trial") for value in values if value.get("trial")}
        trials = {}
        if ids:
            queryset = TrialPage.objects.filter(pk__in=ids)
            private = Case(
                When(queryset.private_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            queryset = queryset.annotate(in_private_section=private).prefetch_related(
                "phases",
                "cell_types",
                "routes",
                Prefetch("registry_ids", queryset=TrialRegistryId.objects.order_by("sort_order", "pk")),
            )
            trials = {trial.pk: trial for trial in queryset}
        struct_values = []
        for value in values:
            items = []
            for name, child in self.child_blocks.items():
                if name == "trial":
                    items.append((name, trials.get(value.get("trial"))))
                else:
                    items.append((name, child.to_python(value.get(name, child.get_default()))))
            struct_values.append(self._to_struct_value(items))
        return struct_values

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("trial")
        trial = page.specific if page is not None else None
        context["trial"] = trial if trial is not None and _is_public(trial) else None
        return context


def _is_public(trial: TrialPage) -> bool:
    """Live and outside every private section (a view restriction on it or an ancestor)."""
    private = getattr(trial, "in_private_section", None)  # annotated by bulk_to_python
    if private is None:
        private = trial.get_view_restrictions().exists()
    return trial.live and not private


class TrialFinderBlock(blocks.StructBlock):
    """The trial finder's first question: answering it opens the finder at the next one."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    text = blocks.TextBlock(label=_("text"), required=False)

    class Meta:
        icon = "search"
        label = _("Trial finder")
        template = "components/streamfield/blocks/trial_finder_block.html"

    def get_context(self, value, parent_context=None):
        # cycle: the finder's forms import the register, which imports this app's models.
        from trials.finder.forms import STEPS_BY_NAME

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        register = TrialIndexPage.objects.live().public().first()
        register_url = register.get_url(request) if register is not None else None
        context["finder_url"] = register_url + register.reverse_subpage("finder") if register_url else ""
        step = STEPS_BY_NAME["type"]
        context["step"] = step
        context["form"] = step.form()
        return context
