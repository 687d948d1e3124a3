"""The "Broken links" report, its CSV, the dashboard panel and the ignore/snooze actions."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.linkchecker import services
from portal.linkchecker.models import Link
from portal.linkchecker.views import BrokenLinksReportView
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.linkchecker.factories import paragraph
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

BROKEN = "https://gone.example/study"
FINE = "https://fine.example/"


@pytest.fixture
def content(home):
    index = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=index,
        title="干细胞研究综述",
        title_zh_hans="干细胞研究综述",
        body_zh_hans=[paragraph(f'<p><a href="{BROKEN}">研究</a><a href="{FINE}">好</a></p>')],
        body_en=[paragraph(f'<p><a href="{BROKEN}">study</a></p>')],
    )
    reference = ReferenceFactory(title="A study that moved", url=BROKEN)
    services.links_collect()
    Link.objects.filter(url=BROKEN).update(
        status=Link.Status.BROKEN, status_code=404, error="The server answered 404."
    )
    Link.objects.filter(url=FINE).update(status=Link.Status.OK, status_code=200)
    return article, reference


@pytest.fixture
def staff(django_user_model):
    """Has the admin, not the report: the inquiry staff."""
    user = django_user_model.objects.create_user("staff", password="pw")
    user.groups.add(Group.objects.get(name="Inquiry staff"))
    return user


def test_editor_sees_each_broken_link_with_every_place_and_edit_links(client, editor, content):
    article, reference = content
    client.force_login(editor)
    response = client.get(reverse("linkchecker_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert BROKEN in html
    assert FINE not in html  # OK links are not in the default view
    assert "The server answered 404." in html
    assert html.count("干细胞研究综述") >= 2  # the zh-hans and en bodies
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in html
    assert "A study that moved" in html


def test_superuser_gets_edit_links_to_snippets_too(admin_client, content):
    _article, reference = content
    html = admin_client.get(reverse("linkchecker_report")).content.decode()
    assert reverse("wagtailsnippets_references_reference:edit", args=[reference.pk]) in html


def test_user_without_the_permission_sees_nothing(client, staff, content):
    client.force_login(staff)
    response = client.get(reverse("linkchecker_report"))
    assert response.status_code == 302
    assert BROKEN not in client.get(response["Location"]).content.decode()
    assert client.get(reverse("linkchecker_report") + "?export=csv").status_code == 302
    # Wagtail's admin turns the refusal into a redirect to the dashboard with a message.
    assert (
        client.post(reverse("linkchecker_ignore", args=[Link.objects.get(url=BROKEN).pk])).status_code == 302
    )
    assert not Link.objects.get(url=BROKEN).ignored


def test_filters(client, editor, content):
    client.force_login(editor)
    url = reverse("linkchecker_report")
    assert FINE in client.get(url, {"status": "ok"}).content.decode()
    assert BROKEN not in client.get(url, {"status": "ok"}).content.decode()
    assert BROKEN in client.get(url, {"host": "gone.example"}).content.decode()
    assert BROKEN not in client.get(url, {"status": "broken", "host": "fine.example"}).content.decode()
    reference_type = ContentType.objects.get(app_label="references", model="reference")
    assert BROKEN in client.get(url, {"content_type": reference_type.pk}).content.decode()
    assert FINE not in client.get(url, {"status": "ok", "content_type": reference_type.pk}).content.decode()


def test_csv_export(client, editor, content):
    client.force_login(editor)
    response = client.get(reverse("linkchecker_report"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row, *rest = text.splitlines()
    assert header.split(",") == [str(heading) for heading in BrokenLinksReportView.export_headings.values()]
    assert row.startswith(f"{BROKEN},broken,404,The server answered 404.")
    assert "干细胞研究综述 (body, zh-hans)" in row and "A study that moved (url)" in row
    assert rest == []


def test_dashboard_panel_counts_broken_links(client, editor, staff, content):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 broken link" in html or "1 个失效链接" in html
    assert reverse("linkchecker_report") in html
    client.force_login(staff)
    assert reverse("linkchecker_report") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_ignore_and_snooze_are_logged(client, editor, content):
    client.force_login(editor)
    link = Link.objects.get(url=BROKEN)
    client.post(reverse("linkchecker_ignore", args=[link.pk]), {"ignored": "1"})
    client.post(reverse("linkchecker_snooze", args=[link.pk]), {"until": "2030-01-31"})
    link.refresh_from_db()
    assert link.ignored and str(link.snoozed_until) == "2030-01-31"
    entries = ModelLogEntry.objects.filter(object_id=str(link.pk)).order_by("timestamp")
    assert [(entry.action, entry.user) for entry in entries] == [
        (services.IGNORE_ACTION, editor),
        (services.SNOOZE_ACTION, editor),
    ]
    assert entries[1].data == {"until": "2030-01-31"}
    response = client.post(
        reverse("linkchecker_snooze", args=[link.pk]), {"until": "not a date"}, follow=True
    )
    assert "valid date" in response.content.decode() or "有效" in response.content.decode()
    link.refresh_from_db()
    assert str(link.snoozed_until) == "2030-01-31"
