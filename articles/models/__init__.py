from articles.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageReference,
    ArticlePageRelatedArticle,
)
from articles.models.snippets import Person, Topic

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageReference",
    "ArticlePageRelatedArticle",
    "Person",
    "Topic",
]
