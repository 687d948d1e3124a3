"""From the finder's results to the contact form: the trials and answers attached, each
removable, consent still asked, and nothing stored anywhere until the request is sent."""

import html

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Site

from portal.core.models import SiteSettings
from portal.inquiries.models import Inquiry
from tests.inquiries.conftest import valid_data
from tests.inquiries.factories import ContactPageFactory

from .test_finder_views import FITTING, adult_trial, finder_url

pytestmark = pytest.mark.django_db

ANSWERS = FITTING


@pytest.fixture
def contact_page(home, settings):
    settings.INQUIRIES_MIN_FILL_SECONDS = 0
    return ContactPageFactory(parent=home)


@pytest.fixture
def trials(trial_index):
    first = adult_trial(trial_index, 1, title_en="Cells for ischaemic stroke in China")
    second = adult_trial(trial_index, 2, title_en="Cells in Beijing", countries=("CN",))
    for trial in (first, second):
        trial.save_revision().publish()
    return first, second


def contact_url(query: str) -> str:
    with translation.override("en"):
        return f"/en/contact/?{query}"


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.usefixtures("english")
def test_results_lead_to_the_form_with_the_trials_and_answers(client, trial_index, contact_page, trials):
    first, second = trials
    results = text(client.get(finder_url(trial_index, query=ANSWERS)))
    ask = f"/en/contact/?finder={ANSWERS.replace('=', '%3D').replace('&', '%26')}&trial={first.pk}"
    assert ask in results.replace("&amp;", "&")
    assert '<form method="get" action="/en/contact/" class="finder-results">' in results

    form = text(
        client.get(contact_url(f"finder={ANSWERS.replace('&', '%26')}&trial={first.pk}&trial={second.pk}"))
    )
    assert "Trials you are asking about" in form
    assert f'<input type="checkbox" name="trial" value="{first.pk}" checked>' in form
    assert f'<input type="checkbox" name="trial" value="{second.pk}" checked>' in form
    assert "Type of stroke: Ischaemic: a blood vessel in the brain was blocked" in form
    assert "Province: Guangdong" in form
    assert '<option value="ischemic" selected>' in form  # the form's own question, answered already
    assert 'name="consent_personal"' in form and 'name="consent_health"' in form


@pytest.mark.usefixtures("english")
def test_only_what_stays_ticked_is_sent_and_consent_is_still_asked(client, contact_page, trials):
    first, second = trials
    data = valid_data(message="Is there a trial for my father?")
    data["trial"] = [str(second.pk)]  # the first was unticked
    data["finder"] = ANSWERS

    refused = client.post("/en/contact/", {**data, "consent_health": ""})
    assert refused.status_code == 200
    assert not Inquiry.objects.exists()
    assert f'name="trial" value="{second.pk}" checked' in refused.content.decode()

    sent = client.post("/en/contact/", data)
    assert sent.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.source_page_id == second.pk
    assert inquiry.message.startswith(
        "Is there a trial for my father?\n\nTrials chosen in the trial finder:\n- "
    )
    assert "Cells in Beijing" in inquiry.message
    assert "Cells for ischaemic stroke in China" not in inquiry.message
    assert "Answers in the trial finder:\n- Type of stroke: Ischaemic" in inquiry.message
    assert "- Can give consent themselves: No" not in inquiry.message  # the short label is used
    assert "- Gives consent themselves: No" in inquiry.message


@pytest.mark.usefixtures("english")
def test_unticked_answers_are_not_sent(client, contact_page, trials):
    data = valid_data()
    data["trial"] = [str(trials[0].pk)]
    client.post("/en/contact/", data)
    assert "Answers in the trial finder" not in Inquiry.objects.get().message


def test_unpublished_or_unknown_trials_are_never_attached(client, contact_page, trials):
    first, second = trials
    second.unpublish()
    form = text(client.get(contact_url(f"trial={first.pk}&trial={second.pk}&trial=999999&trial=abc")))
    assert f'value="{first.pk}" checked' in form
    assert f'value="{second.pk}"' not in form


def row_counts() -> dict[str, int]:
    """Rows in every table of the database, whether a model of ours names it or not."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def rows_written() -> int:
    """Rows inserted, updated or deleted so far in this test's transaction (PostgreSQL only):
    catches a row written and removed again, or an existing row changed."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
        )
        return cursor.fetchone()[0]


def test_the_finder_stores_nothing_until_the_request_is_sent(client, trial_index, contact_page, trials):
    first, _second = trials
    # Wagtail creates the site's settings row the first time any page reads it.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    before, written_before = row_counts(), rows_written()
    steps = ANSWERS.split("&")
    responses = []
    for language in ("zh-hans", "zh-hant", "en"):
        for n in range(len(steps) + 1):
            responses.append(client.get(finder_url(trial_index, language, "&".join(steps[:n]))))
        responses.append(client.get(finder_url(trial_index, language, ANSWERS + "&step=age")))
        with translation.override(language):
            client.get(contact_page.get_url() + f"?finder={ANSWERS.replace('&', '%26')}&trial={first.pk}")
    assert row_counts() == before
    assert rows_written() == written_before
    # No session either: the finder's pages set no cookie at all.
    assert [response.cookies for response in responses] == [{}] * len(responses)
    assert {response.status_code for response in responses} == {200}

    data = valid_data()
    data["trial"] = [str(first.pk)]
    data["finder"] = ANSWERS
    client.post("/zh-hans/contact/", data)
    after = row_counts()
    assert after[Inquiry._meta.db_table] == before[Inquiry._meta.db_table] + 1
    assert rows_written() > written_before


def cached_values() -> list[bytes]:
    """Every value this test process keeps in the cache, as bytes (Redis or LocMem)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        redis = cache._cache.get_client()
        keys = list(redis.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        return (
            [key for key in keys] + [value for value in redis.mget(keys) if value is not None] if keys else []
        )
    return [key.encode() for key in cache._cache] + list(cache._cache.values())


def test_the_answers_are_kept_in_no_cache(client, trial_index, contact_page, trials):
    first, _second = trials
    for language in ("zh-hans", "en"):
        assert client.get(finder_url(trial_index, language, ANSWERS)).status_code == 200
        assert (
            client.get(finder_url(trial_index, language, "type=ischemic&since=days&age=67")).status_code
            == 200
        )
        with translation.override(language):
            form = client.get(
                contact_page.get_url() + f"?finder={ANSWERS.replace('&', '%26')}&trial={first.pk}"
            )
        assert "CN-GD" in form.content.decode()  # the answers are on the page, not in the cache
    found = [
        value for value in cached_values() if b"CN-GD" in value or b"age=67" in value or b"age%3D67" in value
    ]
    assert found == []
