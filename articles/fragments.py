"""The parts of an article page kept in the fragment cache (`{% wagtailpagecache %}` in
templates/pages/article_page.html) vary on the page's own state (Wagtail's cache key:
id, URL and last publication) and on `fragment_version()`, which changes with what an
article shows from elsewhere: other pages (related articles, published, moved, made
private), the site settings (the disclaimer) and the shared snippets (references,
people, topics)."""

from portal.core.cache_versions import bump_version, current_version
from portal.core.navigation import navigation_version

SNIPPETS_VERSION_KEY = "articles:shown-snippets-version"


def fragment_version() -> str:
    return f"{navigation_version()}.{current_version(SNIPPETS_VERSION_KEY)}"


def shown_snippet_changed(**kwargs) -> None:
    bump_version(SNIPPETS_VERSION_KEY)
