"""manage.py import_article FILE --lang LANG: an article text file -> ArticlePage (SPEC 2.B)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from articles.importer.checks import script_warnings
from articles.importer.outline import build_outline, render_text
from articles.importer.parser import parse_article_bytes
from articles.importer.preview import plan_reference
from articles.importer.script import ALL
from articles.importer.services import article_import
from articles.models import ArticleIndexPage, ArticlePage
from portal.core.commands import resolve_parent
from portal.references.parsers.common import max_import_bytes


class Command(BaseCommand):
    help = (
        "Import an article written as plain text/Markdown (title line, paragraphs, numbered "
        "headings, bullets, pipe tables, [n] citations, reference list). Creates a draft, or a new "
        "revision of the same article; a structural error creates nothing. --dry-run prints the "
        "outline (headings, blocks, references, warnings, punctuation and script changes) and writes nothing."
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
        parser.add_argument(
            "--dry-run", action="store_true", help="print the outline of the import and write nothing"
        )
        parser.add_argument(
            "--keep-punctuation",
            action="store_true",
            help="keep half-width punctuation in Chinese text (by default it becomes full-width)",
        )
        parser.add_argument(
            "--fix-script",
            action="store_true",
            help="apply every proposed mixed-script fix (e.g. 干細胞 -> 幹細胞)",
        )

    def handle(self, *args, file, lang, parent=None, page=None, title=None, publish=False, **options):
        choices = {
            "keep_punctuation": options.get("keep_punctuation", False),
            "script_fixes": (ALL,) if options.get("fix_script") else (),
        }
        with translation.override("en"):
            data = self._read(file)
            if options.get("dry_run"):
                self._dry_run(file, data, lang=lang, title=title, **choices)
                return
            target = self._page(page) if page else None
            index = resolve_parent(ArticleIndexPage, parent) if parent and not target else None
            result = article_import(
                data=data,
                lang=lang,
                parent=index,
                page=target,
                title=title,
                publish=publish,
                source=Path(file).name,
                **choices,
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

    def _dry_run(self, file: str, data: bytes, *, lang: str, title, keep_punctuation, script_fixes):
        """The outline, each reference as it would be reused or created: reads only."""
        document = parse_article_bytes(
            data, lang=lang, title=title, keep_punctuation=keep_punctuation, script_fixes=script_fixes
        )
        if document.errors:
            for error in document.errors:
                self.stderr.write(self.style.ERROR(f"error: {error}"))
            raise CommandError(f"{file}: {len(document.errors)} problem(s), nothing would be imported.")
        document.warnings.extend(script_warnings(document))
        matches = {}
        for entry in document.references:
            planned, warnings = plan_reference(entry)
            document.warnings.extend(warnings)
            existing = planned.existing
            matches[entry.number] = f"reuse reference {existing.pk}" if existing else "new reference"
        self.stdout.write(render_text(build_outline(document), matches=matches))
        self.stdout.write("Dry run: nothing was written.")

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
