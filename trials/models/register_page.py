"""TrialIndexPage: the public register's page. What it shows is built in trials/register/."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core.models import BasePage


class TrialIndexPage(RoutablePageMixin, BasePage):
    """The public register: filters, counts, sorting, comparison table and export; and
    the trial finder for families at `finder/` (trials/finder/)."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "pages/trial_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["trials.TrialPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("trial register")

    @path("")
    def register(self, request):
        # cycle: the register reads TrialPage and its child tables, which load with this module.
        from trials.register import page

        export = page.export_response(self, request)
        if export is not None:
            return export
        return self.render(request)

    @path("finder/", name="finder")
    def finder(self, request):
        # cycle: as in register().
        from trials.finder import views

        return views.finder(request, self)

    def get_context(self, request, *args, **kwargs):
        # cycle: as in register().
        from trials.register import page

        context = super().get_context(request, *args, **kwargs)
        context.update(page.register_context(self, request))
        context["finder_url"] = (self.get_url(request) or "") + self.reverse_subpage("finder")
        return context

    def base_context(self, request) -> dict:
        """The context every page has, without the register's (for the finder's pages)."""
        return super().get_context(request)
