"""Admin upload of the article importer: upload, preview, confirm. Nothing is written
before the editor confirms the preview; same service, same summary, editor's language."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from articles.importer.forms import BLOCK_LABELS, ArticleImportForm, ImportConfirmForm
from articles.importer.preview import article_import_preview
from articles.importer.services import article_import
from articles.importer.uploads import (
    PendingUpload,
    ScriptChoice,
    upload_discard,
    upload_get,
    upload_keep,
)
from articles.models import ArticleIndexPage, ArticlePage
from portal.references.parsers.common import max_import_bytes

TEMPLATE = "articles/admin/import_article.html"
PREVIEW_TEMPLATE = "articles/admin/import_article_preview.html"


def importable_parents(user):
    """Article indexes under which the user may add pages."""
    policy = PagePermissionPolicy()
    allowed = policy.instances_user_has_permission_for(user, "add")
    return ArticleIndexPage.objects.filter(pk__in=allowed.values("pk")).order_by("path")


def editable_articles(user):
    policy = PagePermissionPolicy()
    allowed = policy.instances_user_has_permission_for(user, "change")
    return ArticlePage.objects.filter(pk__in=allowed.values("pk"))


def can_import(user) -> bool:
    return importable_parents(user).exists() or editable_articles(user).exists()


def page_id(value) -> int | None:
    """A page ID from a query string or form, or None: `²` or `١` pass isdigit() but
    are no ID."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _initial(request) -> dict:
    """`?parent=ID` / `?page=ID` from the buttons on index and article pages."""
    initial = {}
    for name in ("parent", "page"):
        value = page_id(request.GET.get(name))
        if value is not None:
            initial[name] = value
    if "page" in initial:
        page = ArticlePage.objects.filter(pk=initial["page"]).first()
        if page is not None and not page.title_en:
            initial["lang"] = "en"  # most likely the translation arrives
    return initial


def import_article(request):
    parents = importable_parents(request.user)
    articles = editable_articles(request.user)
    if not parents.exists() and not articles.exists():
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, parents=parents, articles=articles)
    can_publish = PagePermissionPolicy().user_has_permission(request.user, "publish")
    form = ArticleImportForm(
        request.POST or None,
        request.FILES or None,
        parents=parents,
        articles=articles,
        can_publish=can_publish,
        initial=_initial(request),
    )
    context = {"form": form, "page_title": _("Import an article")}
    if request.method == "POST" and form.is_valid():
        return _preview(request, form)
    return TemplateResponse(request, TEMPLATE, context)


def _preview(request, form):
    upload = form.cleaned_data["file"]
    target = form.cleaned_data["page"]
    parent = form.cleaned_data["parent"]
    pending = PendingUpload(
        data=upload.read(max_import_bytes() + 1),
        lang=form.cleaned_data["lang"],
        parent_id=parent.pk if parent and not target else None,
        page_id=target.pk if target else None,
        title=form.cleaned_data["title"],
        publish=form.cleaned_data.get("publish", False),
        source=upload.name,
    )
    preview = article_import_preview(
        data=pending.data,
        lang=pending.lang,
        parent=parent if pending.parent_id else None,
        page=target,
        title=pending.title or None,
        publish=pending.publish,
        user=request.user,
    )
    context = {
        "form": form,
        "preview": preview,
        "page_title": _("Import an article"),
        "back_url": _back(pending),
    }
    if preview.ok:
        outline = preview.outline
        pending.punctuation_changes = outline.punctuation_changes
        pending.script_choices = [
            ScriptChoice(p.key, p.source, p.target, p.count) for p in outline.script_proposals
        ]
        token = upload_keep(user=request.user, upload=pending)
        context["confirm_form"] = ImportConfirmForm(
            initial={"token": token},
            punctuation_changes=pending.punctuation_changes,
            proposals=pending.script_choices,
        )
        context["block_rows"] = _block_rows(outline.block_counts)
    return TemplateResponse(request, PREVIEW_TEMPLATE, context)


def _confirm(request, *, parents, articles):
    token = request.POST.get("token", "")
    pending = upload_get(user=request.user, token=token)
    if pending is None:
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("articles_import")
    form = ImportConfirmForm(
        request.POST, punctuation_changes=pending.punctuation_changes, proposals=pending.script_choices
    )
    if not form.is_valid():
        raise SuspiciousOperation("article import confirmation does not match its preview")
    # The permission may have changed since the preview: ask again.
    target = articles.filter(pk=pending.page_id).first() if pending.page_id else None
    parent = parents.filter(pk=pending.parent_id).first() if pending.parent_id else None
    if (pending.page_id and target is None) or (pending.parent_id and parent is None):
        raise PermissionDenied
    result = article_import(
        data=pending.data,
        lang=pending.lang,
        parent=parent,
        page=target,
        title=pending.title or None,
        publish=pending.publish,
        user=request.user,
        source=pending.source,
        keep_punctuation=form.cleaned_data.get("keep_punctuation", False),
        script_fixes=form.cleaned_data.get("script_fixes", []),
    )
    upload_discard(user=request.user, token=token)
    context = {"result": result, "page_title": _("Import an article"), "back_url": _back(pending)}
    if result.ok:
        context["block_rows"] = _block_rows(result.block_counts)
    return TemplateResponse(request, TEMPLATE, context)


def _block_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(BLOCK_LABELS.get(kind, kind), count) for kind, count in counts.items()]


def _back(pending: PendingUpload) -> str:
    """The upload form again, aimed at the same index or article."""
    url = reverse("articles_import")
    if pending.page_id:
        return f"{url}?page={pending.page_id}"
    if pending.parent_id:
        return f"{url}?parent={pending.parent_id}"
    return url
