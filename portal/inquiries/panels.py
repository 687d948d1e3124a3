from wagtail.admin.ui.components import Component

from portal.inquiries.models import Inquiry

OLDEST_SHOWN = 5


class InquiriesPanel(Component):
    """Dashboard panel for inquiry staff: how many requests are new, and the oldest unanswered."""

    name = "inquiries"
    template_name = "inquiries/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        unanswered = Inquiry.objects.unanswered()
        return {
            "new_count": unanswered.count(),
            "oldest": list(unanswered.oldest_first()[:OLDEST_SHOWN]),
        }
