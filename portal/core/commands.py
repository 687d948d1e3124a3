"""What the import commands share: the page `--parent` names, and a progress bar."""

from typing import TypeVar

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Q
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

P = TypeVar("P", bound=Page)


def resolve_parent(page_model: type[P], value: str) -> P:
    """The page of `page_model` that `--parent` names: its ID, or the end of its URL path.

    The path may be given in any language ("trials", "/home/trials/", "试验"); a path
    that fits several pages is refused, naming their IDs.
    """
    with translation.override("en"):  # as the rest of a command's messages
        label = str(page_model._meta.verbose_name)
    if value.isdecimal():
        page = page_model.objects.filter(pk=int(value)).first()
        if page is None:
            raise CommandError(f"No {label} {value!r}.")
        return page
    path = "/" + value.strip("/") + "/"
    matches = Q()
    for code, _name in settings.LANGUAGES:
        matches |= Q(**{f"{build_localized_fieldname('url_path', code)}__endswith": path})
    pages = list(page_model.objects.filter(matches).order_by("path")[:10])
    if not pages:
        raise CommandError(f"No {label} {value!r}.")
    if len(pages) > 1:
        ids = ", ".join(str(page.pk) for page in pages)
        raise CommandError(f"Several pages fit {value!r} (IDs {ids}): give the ID.")
    return pages[0]


class ProgressBar:
    """`[#######-----] 7/12` redrawn on one line of a terminal; silent on anything else.

    Pass it as a service's `progress(done, total)` callback, inside `with`, so the
    line is ended before the command prints its summary.
    """

    width = 30

    def __init__(self, stream: OutputWrapper, *, verbosity: int = 1):
        self.stream = stream
        self.enabled = verbosity >= 1 and stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = self.width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total}", ending="")
        self.stream.flush()
        self.drawn = True

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.drawn:
            self.stream.write("")
            self.drawn = False
