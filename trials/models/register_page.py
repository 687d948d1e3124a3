"""TrialIndexPage: the public register's page. What it shows is built in trials/register/."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from portal.core.models import BasePage


class TrialIndexPage(BasePage):
    """The public register: filters, counts, sorting, comparison table and export."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "pages/trial_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["trials.TrialPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("trial register")

    def serve(self, request, *args, **kwargs):
        # cycle: the register reads TrialPage and its child tables, which load with this module.
        from trials.register import page

        export = page.export_response(self, request)
        if export is not None:
            return export
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # cycle: as in serve().
        from trials.register import page

        context = super().get_context(request, *args, **kwargs)
        context.update(page.register_context(self, request))
        return context
