"""Demo content of the inquiries app: the contact page at /<lang>/contact/ and a
demo QR code (drawn from a URL, see SiteSettings.wechat_qr_url). Idempotent."""

from wagtail.models import Site

from portal.core.models import HomePage, SiteSettings
from portal.inquiries.models import ContactPage

DEMO_QR_URL = "https://weixin.qq.com/r/demo-stemcell-stroke"

CONTACT = {
    "title_zh_hans": "联系我们",
    "title_zh_hant": "聯絡我們",
    "title_en": "Contact us",
    "slug_zh_hans": "contact",
    "slug_zh_hant": "contact",
    "slug_en": "contact",
    "intro_zh_hans": "留下您的联系方式和问题，我们的工作人员会通过微信或电话与您联系。我们不提供诊断，也不推荐任何机构。",
    "intro_zh_hant": "留下您的聯絡方式和問題，我們的工作人員會透過微信或電話與您聯絡。我們不提供診斷，也不推薦任何機構。",
    "intro_en": (
        "Leave your details and your question, and our staff will reach you on WeChat or by phone. "
        "We do not diagnose and do not recommend any clinic."
    ),
    "thank_you_text_zh_hans": "我们通常在两个工作日内回复。您也可以扫描下方二维码关注我们的公众号。",
    "thank_you_text_zh_hant": "我們通常在兩個工作日內回覆。您也可以掃描下方二維碼關注我們的公眾號。",
    "thank_you_text_en": "We usually answer within two working days. You can also follow our official account below.",
}


def seed(log) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    contact = ContactPage.objects.child_of(home).first()
    if contact is None:
        contact = ContactPage(**CONTACT)
        home.add_child(instance=contact)
        contact.save_revision().publish()
        log("contact page created")
    else:
        log("contact page already there")

    if home.contact_cta_page_id is None:
        home.contact_cta_page = contact
        home.save_revision().publish()
        log("home page links the contact page")

    site = Site.objects.filter(root_page=home).first()
    if site:
        site_settings = SiteSettings.for_site(site)
        if not site_settings.wechat_qr_id and not site_settings.wechat_qr_url:
            site_settings.wechat_qr_url = DEMO_QR_URL
            site_settings.save()
            log("demo WeChat QR link set")
