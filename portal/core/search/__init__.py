"""Site search (SPEC 2.G, issue 14): Chinese-aware words for Wagtail's database backend.

- `analysis`: text -> the words the index holds and a query asks for: one script
  (Simplified, OpenCC) and jieba words with our domain terms (`domain_terms.txt`).
  Pages index `search_title`/`search_summary`/`search_body` (on `BasePage`), built with it.
- `models`: `Synonym`, groups of terms editors keep in the admin, applied at query time.
- `query`: a visitor's query string -> a Wagtail search query (with synonyms), or nothing.
- `results`: the search itself over live, public pages of the searchable types, counts per
  type, and highlighted snippets in the visitor's language.
- `backend`: Wagtail's database backend with every query (public and admin) normalised
  by `query.normalise`; `fields`: search fields holding words, for non-page models.
- `views`: `/<lang>/search/?q=`, with editors' picks (search promotions) and each search
  logged (`services.search_record`: Wagtail's query log and `models.SearchOutcome`).
- `admin`: the synonyms snippet; `reports`: searches that found nothing.

May import Django, Wagtail, jieba and `portal.core.i18n`; page types above core are named by
label ("articles.ArticlePage"), never imported.
"""
