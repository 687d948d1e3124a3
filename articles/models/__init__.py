from articles.models.imports import ArticleImportKey
from articles.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageReference,
    ArticlePageRelatedArticle,
)
from articles.models.snippets import Person, Topic

__all__ = [
    "ArticleImportKey",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageReference",
    "ArticlePageRelatedArticle",
    "Person",
    "Topic",
]
