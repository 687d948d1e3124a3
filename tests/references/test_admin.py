import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from articles.models import ArticlePageReference
from portal.references.models import Reference
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.references.factories import ReferenceFactory
from tests.references.helpers import fixture_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/references/import/"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(client, django_user_model):
    """Admin access but no permission on references."""
    user = django_user_model.objects.create_user("viewer", "v@example.org", "pw")
    group = Group.objects.create(name="Viewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


def test_upload_view_refuses_a_user_without_add_reference(viewer_client):
    response = viewer_client.get(IMPORT_URL)
    assert response.status_code in (302, 403)
    response = viewer_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("t.ris", fixture_bytes("treasure.ris"))}
    )
    assert response.status_code in (302, 403)
    assert Reference.objects.count() == 0


def test_upload_shows_the_report(admin_client):
    response = admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    response = admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("treasure.ris", fixture_bytes("treasure.ris")), "format": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Report for treasure.ris" in html
    assert "1 created, 0 updated" in html
    assert "Allogeneic Stem Cell Therapy for Acute Ischemic Stroke" in html
    assert Reference.objects.count() == 1


def test_upload_report_lists_conflicts_and_skipped(admin_client):
    admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("t.ris", fixture_bytes("treasure.ris"))})
    changed = fixture_bytes("treasure.csl.json").replace(b'"volume": "81"', b'"volume": "82"')
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("c.json", changed)})
    html = response.content.decode()
    assert "Differs from what is stored" in html
    assert "stored “81”, file “82”" in html
    response = admin_client.post(IMPORT_URL, {"text": "This is not a citation"})
    html = response.content.decode()
    assert "line 1:" in html


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_upload_report_in_the_editors_language(admin_client, django_user_model, language):
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="admin"))
    profile.preferred_language = language
    profile.save()
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("bad.xml", b"<a>")})
    html = response.content.decode()
    assert f'lang="{language}"' in html
    heading, error = {
        "en": ("Report for bad.xml", "Nothing was imported. The XML is malformed at line 1, column 3."),
        "zh-hant": ("bad.xml 的導入報告", "未導入任何內容。 XML 在第 1 行第 3 列格式錯誤。"),
    }[language]
    assert f'<h2 id="report-heading">{heading}</h2>' in html
    assert f"<p>{error}</p>" in html  # the parser's reason too, not only the template's words


def test_upload_pasted_nlm_citation(admin_client):
    line = fixture_bytes("wagenaar2025.nlm.txt").decode()
    response = admin_client.post(IMPORT_URL, {"text": line, "format": ""})
    assert response.status_code == 200
    assert Reference.objects.get().nlm_citation() == line.strip()


def test_upload_without_file_or_text_shows_an_error(admin_client):
    response = admin_client.post(IMPORT_URL, {})
    assert "Choose a file or paste at least one citation." in response.content.decode()


def test_upload_over_the_limit(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 50
    response = admin_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("t.ris", fixture_bytes("treasure.ris"))}
    )
    assert "the limit is 50 bytes" in response.content.decode()
    assert Reference.objects.count() == 0


def test_listing_shows_citations_and_searches(admin_client):
    ReferenceFactory(title="Umbilical cord cells in stroke", doi="10.1000/cord.1", pmid="111", year=2021)
    ReferenceFactory(
        title="Bone marrow cells",
        authors=[{"family": "Zhang", "given": "Wei", "initials": "W"}],
        pmid="222",
        year=2019,
    )
    url = reverse("wagtailsnippets_references_reference:list")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lin M, Okafor CA. Umbilical cord cells in stroke. J Ex Neurol. 2021 May;12(3):101-110." in html

    def titles(query):
        content = admin_client.get(url, query).content.decode()
        return [t for t in ("Umbilical cord cells", "Bone marrow cells") if t in content]

    assert titles({"q": "Zhang"}) == ["Bone marrow cells"]
    assert titles({"q": "10.1000/cord.1"}) == ["Umbilical cord cells"]
    assert titles({"q": "222"}) == ["Bone marrow cells"]
    assert titles({"q": "umbilical"}) == ["Umbilical cord cells"]
    assert titles({"year": "2019"}) == ["Bone marrow cells"]
    assert titles({"kind": "article"}) == ["Umbilical cord cells", "Bone marrow cells"]
    assert titles({"kind": "book"}) == []


def test_listing_has_the_import_button_and_menu_item(admin_client):
    html = admin_client.get(reverse("wagtailsnippets_references_reference:list")).content.decode()
    assert IMPORT_URL in html


def test_edit_form_authors_as_text(admin_client):
    ref = ReferenceFactory(authors=[{"family": "Hess", "given": "David C", "initials": "DC"}], pmid="5")
    url = reverse("wagtailsnippets_references_reference:edit", args=[ref.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hess, David C" in html
    for name in ("plain_text_zh_hans", "plain_text_zh_hant", "plain_text_en", "note_zh_hans", "note_en"):
        assert f'name="{name}"' in html

    data = {
        "kind": "article",
        "authors": "Hess, David C\nSavitz SI\nvan der Aa, Niek E",
        "title": "Edited title",
        "year": "2024",
        "pmid": "5",
        "doi": "https://doi.org/10.1000/Edited",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ref.refresh_from_db()
    assert ref.authors == [
        {"family": "Hess", "given": "David C", "initials": "DC"},
        {"family": "Savitz", "given": "", "initials": "SI"},
        {"family": "van der Aa", "given": "Niek E", "initials": "NE"},
    ]
    assert ref.doi == "10.1000/Edited"
    assert ref.nlm_citation().startswith("Hess DC, Savitz SI, van der Aa NE. Edited title.")


def test_edit_form_shows_author_and_identifier_errors(admin_client):
    ref = ReferenceFactory(pmid="5")
    other = ReferenceFactory(pmid="6")
    url = reverse("wagtailsnippets_references_reference:edit", args=[ref.pk])
    response = admin_client.post(
        url, {"kind": "article", "authors": "Hess DC\nMadonna", "title": "T", "pmid": "6", "doi": "11.x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 2 (“Madonna”) is not “Family, Given” or “Family Initials”" in html
    assert "Another reference already has this PMID" in html
    assert "is not a DOI" in html
    ref.refresh_from_db()
    assert ref.pmid == "5" and other.pmid == "6"


def test_create_through_the_admin(admin_client):
    url = reverse("wagtailsnippets_references_reference:add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"kind": "web", "authors": "", "title": "Stroke help", "url": "", "plain_text_zh_hans": ""}
    )
    assert response.status_code == 200
    assert "A web page reference needs its URL." in response.content.decode()
    response = admin_client.post(
        url,
        {
            "kind": "web",
            "authors": "",
            "title": "Stroke help",
            "url": "https://example.org/h",
            "accessed": "2025-01-02",
        },
    )
    assert response.status_code == 302
    assert Reference.objects.get().nlm_citation() == (
        "Stroke help [Internet]. [cited 2025 Jan 2]. Available from: https://example.org/h"
    )


def test_usage_view_lists_the_articles_citing_the_reference(admin_client, home):
    cited, unused = ReferenceFactory(), ReferenceFactory()
    index = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=index,
        title="Cells after stroke",
        reference_links=[ArticlePageReference(reference=cited, sort_order=0)],
    )

    def usage(reference):
        url = reverse("wagtailsnippets_references_reference:usage", args=[reference.pk])
        response = admin_client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    html = usage(cited)
    assert "Cells after stroke" in html
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in html
    assert "Cells after stroke" not in usage(unused)


def test_listing_query_count_does_not_grow_with_references(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("wagtailsnippets_references_reference:list")
    ReferenceFactory.create_batch(2)
    admin_client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    ReferenceFactory.create_batch(10)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_fetch_metadata_needs_change_permission(viewer_client):
    ref = ReferenceFactory(doi="10.1000/x")
    url = reverse("references_fetch_metadata", args=[ref.pk])
    assert viewer_client.post(url).status_code in (302, 403)
    ref.refresh_from_db()
    assert ref.metadata_status == ""
