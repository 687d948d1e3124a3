"""The home page's "Latest clinical trials": the newest published, public trials."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from trials.models import TrialPage

from .factories import TrialIndexPageFactory, TrialPageFactory

pytestmark = pytest.mark.django_db


def latest_trials(client, home, language="en") -> list[str]:
    """The trial titles in the slot, in order ([] when the slot is not shown)."""
    with translation.override(language):
        response = client.get(home.get_url())
    assert response.status_code == 200
    match = re.search(
        r'<section[^>]*aria-labelledby="trials-heading">(.*?)</section>', response.content.decode(), re.S
    )
    if match is None:
        return []
    return re.findall(r'<h3 class="card__title"[^>]*><a href="[^"]+">([^<]*)</a></h3>', match.group(1))


def trial(index, title_en, published_days_ago, **kwargs):
    page = TrialPageFactory(parent=index, title_en=title_en, **kwargs)
    # Publication dates out of creation order: the slot orders by first publication.
    first_published = timezone.now() - datetime.timedelta(days=published_days_ago)
    TrialPage.objects.filter(pk=page.pk).update(first_published_at=first_published)
    return page


def test_the_three_newest_trials_show_newest_first(client, home, trial_index):
    trial(trial_index, "Published a year ago", 365)
    trial(trial_index, "Published yesterday", 1)
    trial(trial_index, "Published last month", 30)
    trial(trial_index, "Published last week", 7)
    assert latest_trials(client, home) == [
        "Published yesterday",
        "Published last week",
        "Published last month",
    ]


def test_titles_and_heading_in_the_visitors_language(client, home, trial_index):
    trial(trial_index, "Stem cells after a stroke", 1, title_zh_hans="中风后的干细胞治疗")
    assert latest_trials(client, home, "zh-hans") == ["中风后的干细胞治疗"]
    assert latest_trials(client, home, "zh-hant") == ["中風後的幹細胞治療"]
    assert latest_trials(client, home, "en") == ["Stem cells after a stroke"]
    with translation.override("zh-hans"):
        assert '<h2 id="trials-heading">最新临床试验</h2>' in client.get(home.get_url()).content.decode()


def test_unpublished_and_private_trials_are_left_out(client, home, trial_index):
    trial(trial_index, "Public", 30)
    trial(trial_index, "Withdrawn from the site", 1).unpublish()
    private = trial(trial_index, "For logged-in members only", 2)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    # A whole register behind a password: none of its trials are public.
    hidden_register = TrialIndexPageFactory(
        parent=home, title="Hidden", slug="hidden", slug_zh_hans="hidden", slug_en="hidden"
    )
    PageViewRestriction.objects.create(
        page=hidden_register, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    trial(hidden_register, "In a private register", 3)
    assert latest_trials(client, home) == ["Public"]


def test_without_public_trials_the_slot_is_not_shown(client, home, trial_index):
    trial(trial_index, "Draft only", 1).unpublish()
    with translation.override("en"):
        html = client.get(home.get_url()).content.decode()
    assert "Latest clinical trials" not in html
    assert 'aria-labelledby="trials-heading"' not in html
