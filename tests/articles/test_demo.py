import pytest
from django.utils import translation
from wagtail.models import Revision

from articles import demo
from articles.models import ArticlePage
from portal.core import demo as core_demo
from portal.references.models import Reference

pytestmark = pytest.mark.django_db


def seed_twice():
    messages = []
    core_demo.seed(messages.append)
    demo.seed(messages.append)
    counts = (ArticlePage.objects.count(), Reference.objects.count(), Revision.objects.count())
    messages.clear()
    demo.seed(messages.append)
    return counts, messages


def test_demo_is_idempotent_and_one_article_went_through_medical_review(client):
    counts, second_run = seed_twice()
    assert counts[0] >= 2
    assert (ArticlePage.objects.count(), Reference.objects.count(), Revision.objects.count()) == counts
    assert second_run == []

    for page in ArticlePage.objects.live():
        assert len(page.reference_links.all()) >= 2
        reviewed = page.slug_zh_hans == "treasure-trial"  # the demo reviewer approved it
        assert (page.medical_reviewer is not None and page.last_reviewed is not None) == reviewed
        for language in ("zh-hans", "zh-hant", "en"):
            with translation.override(language):
                response = client.get(page.get_url())
                html = response.content.decode()
            assert response.status_code == 200
            assert 'id="ref-2"' in html and 'href="#ref-1"' in html
            assert "<table>" in html
            assert ('class="article__review"' in html) == reviewed
            if language == "zh-hant":
                assert "幹細胞" in html
                assert "乾細胞" not in html and "干细胞" not in html


def test_demo_reuses_references_by_pmid(db):
    core_demo.seed(lambda message: None)
    demo.seed(lambda message: None)
    assert Reference.objects.filter(pmid="38227308").count() == 1
    assert Reference.objects.filter(pmid="40654084").count() == 1
    treasure = Reference.objects.get(pmid="38227308")
    assert treasure.nlm_citation().endswith("PMID: 38227308; PMCID: PMC10792497.")
