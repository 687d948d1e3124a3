from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView


class SearchesFoundNothingReportView(SearchTermsReportView):
    """Wagtail's "Search terms" report, of the searches whose last run found nothing."""

    page_title = _("Searches that found nothing")
    index_url_name = "search_found_nothing"
    index_results_url_name = "search_found_nothing_results"

    def get_base_queryset(self):
        return Query.get_most_popular().filter(outcome__result_count=0)
