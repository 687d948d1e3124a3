import uuid

import factory
import wagtail_factories
from django.utils import timezone

from portal.inquiries.models import ContactPage, Inquiry


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "联系我们"
    title_zh_hans = "联系我们"
    title_zh_hant = "聯絡我們"
    title_en = "Contact us"
    slug_zh_hans = "contact"
    slug_zh_hant = "contact"
    slug_en = "contact"
    intro_zh_hans = "留下您的联系方式。"
    intro_en = "Leave your details."
    thank_you_text_zh_hans = "我们会尽快回复。"
    thank_you_text_en = "We will answer soon."

    class Meta:
        model = ContactPage


class InquiryFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"261130-{n:04d}")
    name = "王小明"
    phone = "+8613800138000"
    wechat_id = factory.Sequence(lambda n: f"wang_{n:04d}")
    preferred_channel = Inquiry.Channel.WECHAT
    condition = Inquiry.Condition.ISCHEMIC
    time_since_onset = Inquiry.TimeSinceOnset.UNDER_6_MONTHS
    message = "我父亲三个月前中风，想了解干细胞试验。"
    language = "zh-hans"
    consent_version = "2026-11"
    consent_personal = True
    consent_health = True
    consent_personal_at = factory.LazyFunction(timezone.now)
    consent_health_at = factory.LazyFunction(timezone.now)
    submission_token = factory.LazyFunction(uuid.uuid4)

    class Meta:
        model = Inquiry
