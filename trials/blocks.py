"""StreamField blocks other apps embed: the trial card in the article body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("trial")
        trial = page.specific if page is not None else None
        # Drafts and unpublished trials are not shown to the public.
        context["trial"] = trial if trial is not None and trial.live else None
        return context
