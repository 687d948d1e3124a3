"""Admin upload view of the article importer: same service, same summary, editor's language."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from articles.importer.decoding import max_import_bytes
from articles.importer.forms import BLOCK_LABELS, ArticleImportForm
from articles.importer.services import article_import
from articles.models import ArticleIndexPage, ArticlePage


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


def _initial(request) -> dict:
    """`?parent=ID` / `?page=ID` from the buttons on index and article pages."""
    initial = {}
    for name in ("parent", "page"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
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
    can_publish = PagePermissionPolicy().user_has_permission(request.user, "publish")
    form = ArticleImportForm(
        request.POST or None,
        request.FILES or None,
        parents=parents,
        articles=articles,
        can_publish=can_publish,
        initial=_initial(request),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = form.cleaned_data["page"]
        parent = form.cleaned_data["parent"]
        result = article_import(
            data=upload.read(max_import_bytes() + 1),
            lang=form.cleaned_data["lang"],
            parent=Page.objects.get(pk=parent.pk) if parent and not target else None,
            page=target,
            title=form.cleaned_data["title"] or None,
            publish=form.cleaned_data.get("publish", False),
            user=request.user,
            source=upload.name,
        )
    context = {"form": form, "result": result, "page_title": _("Import an article")}
    if result is not None and result.ok:
        context["block_rows"] = [
            (BLOCK_LABELS.get(kind, kind), count) for kind, count in result.block_counts.items()
        ]
    return TemplateResponse(request, "articles/admin/import_article.html", context, status=200)
