"""“Ask us about this trial” and the articles' WeChat call-to-action lead to the form with
the page attached, shown to the visitor and to staff."""

import pytest
from django.utils import translation

from portal.inquiries.models import Inquiry
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.core.factories import StandardPageFactory
from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory

from .conftest import CONTACT_URL, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(home):
    trial = TrialPageFactory(
        parent=TrialIndexPageFactory(parent=home), title_zh_hans="干细胞治疗急性缺血性中风试验"
    )
    trial.save_revision().publish()
    return trial


@pytest.fixture
def article(home):
    cta = {"type": "wechat_cta", "value": {"title": "", "text": "", "link_page": None}}
    return ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home), body_zh_hans=[cta], body=[cta])


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_trial_page_asks_about_itself(client, contact_page, trial, lang):
    with translation.override(lang):
        url = trial.get_url()

    html = client.get(url).content.decode()

    assert f'href="/{lang}/contact/?about={trial.pk}"' in html


def test_a_trial_page_without_a_contact_page_has_no_dead_link(client, home, trial):
    html = client.get(trial.get_url()).content.decode()
    assert "/contact/" not in html


def test_an_unpublished_contact_page_is_no_longer_linked(client, contact_page, trial):
    assert "/contact/" in client.get(trial.get_url()).content.decode()

    contact_page.unpublish()

    assert "/contact/" not in client.get(trial.get_url()).content.decode()


def test_the_articles_wechat_block_leads_to_the_form_with_the_article(client, contact_page, article):
    html = client.get(article.get_url()).content.decode()

    assert f'href="/zh-hans/contact/?about={article.pk}"' in html


def test_the_articles_wechat_block_shows_the_sites_qr_code_and_id(client, contact_page, article):
    # samples/articles/README.md, rule 10: the block shows the site's own QR code and ID.
    html = client.get(article.get_url()).content.decode()

    block = html[html.index('class="cta cta--wechat"') :]
    block = block[: block.index("</aside>")]
    assert '<img class="wechat__qr" src="/zh-hans/contact/qr/"' in block
    assert "stemcell-demo" in block


def test_the_request_keeps_the_trial_it_came_from_and_the_visitor_sees_it(client, contact_page, trial):
    form = client.get(CONTACT_URL.format(lang="zh-hans"), {"about": trial.pk}).content.decode()
    assert "干细胞治疗急性缺血性中风试验" in form
    assert f'name="about" value="{trial.pk}"' in form

    response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(about=str(trial.pk)))
    thanks = client.get(response["Location"]).content.decode()

    inquiry = Inquiry.objects.get()
    assert inquiry.source_page_id == trial.pk
    assert inquiry.source == Inquiry.Source.TRIAL
    assert "干细胞治疗急性缺血性中风试验" in thanks


def test_staff_see_the_trial_in_the_request(client, contact_page, trial, django_user_model):
    from django.contrib.auth.models import Group

    client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(about=str(trial.pk)))
    staff = django_user_model.objects.create_user("staff")
    staff.groups.add(Group.objects.get(name="Inquiry staff"))
    client.force_login(staff)

    inquiry = Inquiry.objects.get()
    html = client.get(f"/admin/inquiries/inspect/{inquiry.pk}/").content.decode()

    assert "干细胞治疗急性缺血性中风试验" in html
    listed = client.get("/admin/inquiries/", {"source": "trial"}).content.decode()
    assert inquiry.reference in listed


def test_requests_never_appear_in_a_pages_usage_for_editors(client, contact_page, trial):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(about=str(trial.pk)))

    assert Inquiry.objects.get().source_page_id == trial.pk
    inquiry_type = ContentType.objects.get_for_model(Inquiry)
    assert not ReferenceIndex.objects.filter(content_type=inquiry_type).exists()


def test_only_trials_and_articles_can_be_attached(client, contact_page, home):
    other = StandardPageFactory(parent=home, title="关于我们")

    client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(about=str(other.pk)))

    inquiry = Inquiry.objects.get()
    assert inquiry.source_page is None and inquiry.source == ""


def test_the_request_keeps_the_article_it_came_from(client, contact_page, article):
    response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(about=str(article.pk)))
    thanks = client.get(response["Location"]).content.decode()

    inquiry = Inquiry.objects.get()
    assert inquiry.source_page_id == article.pk
    assert inquiry.source == Inquiry.Source.ARTICLE
    assert article.title in thanks
