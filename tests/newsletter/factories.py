import factory
import wagtail_factories
from django.utils import timezone

from portal.newsletter.models import NewsletterIssue, NewsletterPage, Subscriber


class NewsletterPageFactory(wagtail_factories.PageFactory):
    title = "订阅通讯"
    title_zh_hans = "订阅通讯"
    title_zh_hant = "訂閱通訊"
    title_en = "Newsletter"
    slug_zh_hans = "newsletter"
    slug_zh_hant = "newsletter"
    slug_en = "newsletter"
    intro_zh_hans = "新文章和新试验，每月一封邮件。"
    intro_en = "New articles and trials, one email a month."

    class Meta:
        model = NewsletterPage


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    language = "zh-hans"
    status = Subscriber.Status.CONFIRMED
    consent_text = "我同意接收通讯邮件。"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    subject_zh_hans = "十一月通讯：干细胞治疗中风的新进展"
    subject_en = "November: news on stem cells for stroke"
    intro_zh_hans = "本月我们整理了两项新的临床试验。"
    intro_en = "This month we added two new clinical trials."

    class Meta:
        model = NewsletterIssue
