"""Article importer: plain text/Markdown as editors receive it -> ArticlePage (SPEC 2.B).

`parser.parse_article` is a pure function from text to a `ParsedArticle`;
`services.article_import` turns that document into a page.
"""
