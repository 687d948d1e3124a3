"""Trial cards in the article body: rendered from the register, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.navigation import navigation_changed
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory, TrialRegistryIdFactory


def publish(page):
    page.save_revision().publish()
    return page


def article_with_cards(index, trials, slug):
    body = [{"type": "trial_card", "value": {"trial": trial.pk, "note": "值得关注"}} for trial in trials]
    return publish(ArticlePageFactory(parent=index, title_zh_hans=slug, slug_zh_hans=slug, body_zh_hans=body))


def queries(client, url):
    client.get(url)
    navigation_changed()  # as after a publish: the cards are rendered, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_card_query_count_does_not_grow_with_cards(client, home):
    register = publish(TrialIndexPageFactory(parent=home))
    trials = [publish(TrialPageFactory(parent=register, acronym=f"CARD{n}")) for n in range(4)]
    for trial in trials:
        TrialRegistryIdFactory(page=trial)
    index = publish(ArticleIndexPageFactory(parent=home))
    one = article_with_cards(index, trials[:1], "one-card")
    four = article_with_cards(index, trials, "four-cards")

    count_one, html_one = queries(client, one.url)
    count_four, html_four = queries(client, four.url)
    assert count_one == count_four
    assert html_four.count('class="trial-card"') == 4
    assert "CARD3" in html_four
    assert "NCT9" in html_one  # the registry ID comes from the prefetched rows


def test_card_for_an_unpublished_trial_is_not_shown(client, home):
    register = publish(TrialIndexPageFactory(parent=home))
    draft = TrialPageFactory(parent=register, acronym="HIDDEN", live=False)
    index = publish(ArticleIndexPageFactory(parent=home))
    article = article_with_cards(index, [draft], "draft-card")
    _count, html = queries(client, article.url)
    assert "HIDDEN" not in html
