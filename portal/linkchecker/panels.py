from wagtail.admin.ui.components import Component

from portal.linkchecker.models import CheckRun, Link


class BrokenLinksPanel(Component):
    """Dashboard panel: how many links are broken, and when the checker last ran."""

    name = "broken_links"
    template_name = "linkchecker/admin/dashboard_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        return {
            "broken_count": Link.objects.in_use().broken().count(),
            "redirected_count": Link.objects.in_use().filter(status=Link.Status.REDIRECTED).unmuted().count(),
            "last_run": CheckRun.objects.filter(scope="all", finished_at__isnull=False).first(),
        }
