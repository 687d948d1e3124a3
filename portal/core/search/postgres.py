"""How our search reads PostgreSQL's index (imported on PostgreSQL only).

Wagtail's compiler joins every page to its index entry, tests `title || body` on that
row and ranks on both vectors. At 10,000 articles a word on most pages (干细胞) then
decompressed every match's body vector twice (about 6 KB each): near a second a search.
Here a page matches when its entry is among those the GIN index of `title || body`
(core migration 0005) finds, and ranks on the entry's title vector alone, which holds
the page's title and summary words (`fields.HeadlineFields`): no body is read.
`results.matching_by_index` makes the planner take that index (docs/performance.md).
"""

from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

from portal.core.search.windows import type_count_windows

MATCHED_BY_INDEX = (PlainText, Phrase, And, Or, Not, Boost)


class HeadlineRankedQueryCompiler(PostgresSearchQueryCompiler):
    # Content type ids whose matches each result row counts (results.search_page): the
    # page of results and the counts by type in one query, not a second pass (facet).
    count_content_types: tuple[int, ...] = ()

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.fields is not None or not isinstance(self.query, MATCHED_BY_INDEX):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        title_vector = self.get_index_vectors(search_query)[:1]  # (title, title_norm)
        rank_expression = self._build_rank_expression(title_vector, config)
        model = self.queryset.model
        matching = (
            IndexEntry.objects.alias(
                # `+ 0`: not the content type's B-tree index, which would lead the planner
                # to test every entry of the type instead of asking the GIN index.
                _type=F("content_type_id") + 0,
                _vector_=CombinedExpression(F("title"), "||", F("body")),
            )
            .filter(_type__in=get_descendants_content_types_pks(model), _vector_=search_query)
            .values(_id=Cast("object_id", output_field=model._meta.pk))
        )
        queryset = self.queryset.filter(pk__in=matching)
        if self.count_content_types:
            queryset = queryset.annotate(**type_count_windows(self.count_content_types))
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)
