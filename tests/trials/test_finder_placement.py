"""Editors place the trial finder on the home page (a switch) and in articles (a body block)."""

import pytest
from django.utils import translation

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db

FINDER_FORM = 'action="/en/trials/finder/" class="finder-form"'


def english_html(client, page) -> str:
    with translation.override("en"):
        return client.get(page.get_url()).content.decode()


def test_the_home_page_asks_the_first_question_unless_switched_off(client, home, trial_index):
    html = english_html(client, home)
    assert FINDER_FORM in html
    assert 'name="type" value="ischemic"' in html

    home.show_trial_finder = False
    home.save_revision().publish()
    assert FINDER_FORM not in english_html(client, home)


def test_an_article_places_the_finder_in_its_body(client, home, trial_index):
    article = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=home),
        title_en="Is there a trial for my father?",
        slug_en="trial-for-my-father",
        body_en=[{"type": "trial_finder", "value": {"title": "Find a trial", "text": ""}}],
    )
    html = english_html(client, article)
    assert FINDER_FORM in html
    assert "Find a trial" in html
