"""manage.py import_article FILE --lang LANG: an article text file -> ArticlePage (SPEC 2.B)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from articles.importer.decoding import max_import_bytes
from articles.importer.services import article_import
from articles.models import ArticleIndexPage, ArticlePage


class Command(BaseCommand):
    help = (
        "Import an article written as plain text/Markdown (title line, paragraphs, numbered "
        "headings, bullets, pipe tables, [n] citations, reference list). Creates a draft, or a new "
        "revision of the same article; a structural error creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", help="the article: UTF-8 (with or without BOM) or GB18030"
        )
        parser.add_argument(
            "--lang", required=True, choices=[code for code, _name in settings.LANGUAGES], help="its language"
        )
        parser.add_argument("--parent", help="ID or URL path of the article index (default: the only one)")
        parser.add_argument(
            "--page", type=int, help="ID of the article this file is a version or translation of"
        )
        parser.add_argument("--title", help="use this title instead of the file's")
        parser.add_argument("--publish", action="store_true", help="publish instead of saving a draft")

    def handle(self, *args, file, lang, parent=None, page=None, title=None, publish=False, **options):
        with translation.override("en"):
            data = self._read(file)
            target = self._page(page) if page else None
            index = self._parent(parent) if parent and not target else None
            result = article_import(
                data=data,
                lang=lang,
                parent=index,
                page=target,
                title=title,
                publish=publish,
                source=Path(file).name,
            )
            for warning in result.warnings:
                self.stderr.write(self.style.WARNING(f"warning: {warning}"))
            if not result.ok:
                for error in result.errors:
                    self.stderr.write(self.style.ERROR(f"error: {error}"))
                raise CommandError(f"{file}: {len(result.errors)} problem(s), nothing was imported.")
            if result.created:
                action = "Created and published" if result.published else "Created draft"
            else:
                action = "Published new revision of" if result.published else "Saved new draft revision of"
            self.stdout.write(f"{action} {result.url} (page {result.page.pk}, edit: {result.edit_url})")
            self.stdout.write(result.summary())

    def _read(self, file: str) -> bytes:
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > max_import_bytes():
                raise CommandError(
                    f"{file}: the file is {size} bytes; the limit is {max_import_bytes()} bytes "
                    "(IMPORT_MAX_BYTES). Nothing was imported."
                )
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error

    def _page(self, page_id: int) -> ArticlePage:
        page = ArticlePage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No article page with ID {page_id}.")
        return page

    def _parent(self, value: str) -> ArticleIndexPage:
        pages = ArticleIndexPage.objects.all()
        page = pages.filter(pk=int(value)).first() if value.isdigit() else None
        if page is None:
            path = "/" + value.strip("/") + "/"
            columns = [build_localized_fieldname("url_path", code) for code, _name in settings.LANGUAGES]
            page = next(
                (p for p in pages if any((getattr(p, c, "") or "").endswith(path) for c in columns)),
                None,
            )
        if page is None:
            raise CommandError(f"No article index page {value!r}.")
        return page
