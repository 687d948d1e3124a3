"""Article importer: plain text/Markdown as editors receive it -> ArticlePage (SPEC 2.B).

`parser.parse_article` / `parse_article_bytes` are pure functions from text to a
`ParsedArticle` (lines, body, tables, trailer: the format rules; punctuation and
script: the Chinese text choices; outline: what the preview shows). Citation markers
come from `articles.citations`, the upload decoder from `portal.references.parsers.common`.
`services.article_import` turns the document into a page; `target` decides where it
goes and what the user may do there (draft, publish, or submit to the medical review);
`preview.article_import_preview` shows all that without writing, and `views` keeps the
upload (`uploads`) between the admin's preview and the editor's confirmation.
"""
