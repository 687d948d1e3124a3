"""Private pages and documents lead to the admin's sign-in, and Wagtail's own front-end
sign-in (a password form without failure limits or second factor) is turned away."""

import pytest
from wagtail.models import PageViewRestriction

from tests.articles.factories import ArticlePageFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_private_page_sends_visitors_to_the_admin_sign_in(client, home):
    article = ArticlePageFactory(parent=home)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(article.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_wagtails_front_end_sign_in_checks_no_password(client, staff, language):
    url = f"/{language}/_util/login/?next=/{language}/"

    assert client.get(url)["Location"] == f"/admin/login/?next=/{language}/"
    response = client.post(url, {"username": "staff", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
