"""The admin views of our trial vocabularies (cell type, route, stroke stage, stroke type):
an editor with the permissions lists, adds and edits terms; others are turned away."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.forms import form_fields
from trials.models import CellType, Route, StrokeStage, StrokeType

pytestmark = pytest.mark.django_db

# model, a seeded term's code, its English and Simplified Chinese labels
VOCABULARIES = [
    (CellType, "msc", "Mesenchymal stem/stromal cells (MSC)", "间充质干细胞（MSC）"),
    (Route, "intranasal", "Intranasal", "经鼻给药"),
    (StrokeStage, "subacute", "Subacute", "亚急性期"),
    (StrokeType, "subarachnoid-hemorrhage", "Subarachnoid haemorrhage", "蛛网膜下腔出血"),
]
MODELS = [pytest.param(row, id=row[0]._meta.model_name) for row in VOCABULARIES]


def url(model, view, *args) -> str:
    return reverse(f"wagtailsnippets_trials_{model._meta.model_name}:{view}", args=args)


def admin_user(django_user_model, username, *codenames, language="en"):
    """A user who may enter the admin, with these permissions of the trials app."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="trials", codename__in=codenames)
    )
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def vocabulary_permissions(*actions) -> list[str]:
    return [f"{action}_{model._meta.model_name}" for model, *_rest in VOCABULARIES for action in actions]


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        admin_user(django_user_model, "editor", *vocabulary_permissions("add", "change", "view"))
    )
    return client


@pytest.fixture
def outsider(client, django_user_model):
    """May enter the admin (edits pages, say) but not our vocabularies."""
    client.force_login(admin_user(django_user_model, "outsider"))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("vocabulary", MODELS)
def test_editor_lists_the_terms_in_their_language(client, django_user_model, vocabulary):
    model, code, label_en, label_zh = vocabulary
    for language, label in (("en", label_en), ("zh-hans", label_zh)):
        user = admin_user(
            django_user_model,
            f"editor-{language}",
            *vocabulary_permissions("view", "change"),
            language=language,
        )
        client.force_login(user)
        response = client.get(url(model, "list"))
        assert response.status_code == 200
        page = response.content.decode()
        pk = model.objects.get(code=code).pk
        # The label links to the term's editor; its code is in a cell of the same row.
        edit_link = rf'href="{url(model, "edit", pk)}">\s*<span id="snippet_{pk}_title">(.*?)</span>'
        row = re.search(rf"{edit_link}.*?<td >\s*(.*?)\s*</td>", page, re.S)
        assert row and (html.unescape(row.group(1)), row.group(2)) == (label, code)


def test_the_admin_menu_offers_the_vocabularies_to_editors_only(client, django_user_model):
    client.force_login(admin_user(django_user_model, "editor", *vocabulary_permissions("view")))
    menu = text(client.get(reverse("wagtailadmin_home")))
    assert "Trial vocabularies" in menu
    for model, *_rest in VOCABULARIES:
        assert url(model, "list") in menu
    client.force_login(admin_user(django_user_model, "outsider"))
    menu = text(client.get(reverse("wagtailadmin_home")))
    assert "Trial vocabularies" not in menu
    assert url(CellType, "list") not in menu


@pytest.mark.parametrize("vocabulary", MODELS)
def test_editor_adds_a_term_in_three_languages(editor, vocabulary):
    model, *_rest = vocabulary
    add_url = url(model, "add")
    response = editor.get(add_url)
    assert response.status_code == 200
    form = form_fields(response.content.decode(), "w-editor-form")
    form.update(
        {
            "code": "new-term",
            "label_zh_hans": "新术语",
            "label_zh_hant": "新術語",
            "label_en": "New term",
            "sort_order": "99",
        }
    )
    response = editor.post(add_url, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == url(model, "list")
    term = model.objects.get(code="new-term")
    assert (term.label_zh_hans, term.label_zh_hant, term.label_en, term.sort_order) == (
        "新术语",
        "新術語",
        "New term",
        99,
    )


@pytest.mark.parametrize("vocabulary", MODELS)
def test_editor_edits_a_term(editor, vocabulary):
    model, code, label_en, _label_zh = vocabulary
    term = model.objects.get(code=code)
    edit_url = url(model, "edit", term.pk)
    response = editor.get(edit_url)
    assert response.status_code == 200
    form = form_fields(response.content.decode(), "w-editor-form")
    assert form["label_en"] == label_en  # the form shows the stored English label
    form["label_en"] = f"{label_en} (edited)"
    response = editor.post(edit_url, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    term.refresh_from_db()
    assert term.label_en == f"{label_en} (edited)"
    assert term.code == code


def test_a_code_is_unique(editor):
    add_url = url(CellType, "add")
    form = form_fields(editor.get(add_url).content.decode(), "w-editor-form")
    form.update({"code": "msc", "label_zh_hans": "重复", "label_en": "Duplicate"})
    response = editor.post(add_url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "already exists" in text(response)
    assert CellType.objects.filter(code="msc").count() == 1


@pytest.mark.parametrize("vocabulary", MODELS)
def test_a_user_without_the_permissions_is_turned_away(outsider, vocabulary):
    model, code, label_en, _label_zh = vocabulary
    term = model.objects.get(code=code)
    for view_url in (url(model, "list"), url(model, "add"), url(model, "edit", term.pk)):
        response = outsider.get(view_url)
        assert response.status_code == 302, view_url
        assert response["Location"] == reverse("wagtailadmin_home")
    response = outsider.post(url(model, "edit", term.pk), {"code": code, "label_en": "Hijacked"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.label_en == label_en
    outsider.post(url(model, "add"), {"code": "sneaked-in", "label_en": "Sneaked in"})
    assert not model.objects.filter(code="sneaked-in").exists()


def test_a_viewer_may_list_but_not_change(client, django_user_model):
    client.force_login(admin_user(django_user_model, "viewer", "view_celltype"))
    assert client.get(url(CellType, "list")).status_code == 200
    term = CellType.objects.get(code="msc")
    assert client.get(url(CellType, "add")).status_code == 302
    assert client.get(url(CellType, "edit", term.pk)).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(url(StrokeType, "list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
