"""Demo content of the core app: home, about and privacy pages, site settings.

Written in our own words. Each app may have a `demo.py` with `seed(log)`;
`manage.py seed_demo` runs them in INSTALLED_APPS order. Seeding creates what
is missing and never touches what exists, so a second run changes nothing.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from portal.core.models import HomePage, SiteSettings, StandardPage
from portal.core.services import site_url_apply

HOME = {
    "title_zh_hans": "干细胞与中风",
    "title_zh_hant": "幹細胞與中風",
    "title_en": "Stem cells and stroke",
    "slug_zh_hans": "home",
    "hero_title_zh_hans": "了解干细胞治疗中风的研究进展",
    "hero_title_en": "Understanding stem-cell research for stroke",
    "hero_text_zh_hans": "我们用通俗的语言解释干细胞治疗中风的科学证据、正在进行的临床试验，以及患者和家属可以提出的问题。",
    "hero_text_en": (
        "We explain, in plain language, what the evidence says about stem-cell "
        "therapy after a stroke, which clinical trials are under way, and what "
        "patients and families can ask their doctors."
    ),
    "contact_cta_title_zh_hans": "想和我们聊聊？",
    "contact_cta_title_en": "Would you like to talk to us?",
    "contact_cta_text_zh_hans": "留下联系方式，我们的团队会通过微信与您联系，解答关于研究和试验的问题。",
    "contact_cta_text_en": (
        "Leave your details and our team will reach you on WeChat to answer "
        "questions about the research and the trials."
    ),
}

ABOUT = {
    "title_zh_hans": "关于我们",
    "title_en": "About us",
    "slug_zh_hans": "about",
    "slug_en": "about",
    "intro_zh_hans": "我们是一个由医生、研究人员和科普编辑组成的小团队。",
    "intro_en": "We are a small team of doctors, researchers and science editors.",
    "body_zh_hans": [
        {"type": "heading", "value": {"text": "我们做什么", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>我们阅读已发表的研究和临床试验登记资料，把它们写成患者和家属看得懂的文章。我们不提供治疗，也不推荐任何机构。</p>",
        },
    ],
    "body_en": [
        {"type": "heading", "value": {"text": "What we do", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>We read published studies and trial registrations and turn them into "
                "articles that patients and families can follow. We do not provide "
                "treatment and do not recommend any clinic.</p>"
            ),
        },
    ],
}

PRIVACY = {
    "title_zh_hans": "隐私政策",
    "title_en": "Privacy policy",
    "slug_zh_hans": "privacy",
    "slug_en": "privacy",
    "intro_zh_hans": "我们只收集回复您所需的信息，并在保存期限届满后删除。",
    "intro_en": "We collect only what we need to answer you, and delete it when the retention period ends.",
    "body_zh_hans": [
        {"type": "heading", "value": {"text": "我们收集哪些信息", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>当您提交联系表单时，我们会保存您的姓名、电话、微信号和留言，仅用于联系您。只有负责咨询的工作人员可以查看这些信息。</p>",
        },
    ],
    "body_en": [
        {"type": "heading", "value": {"text": "What we collect", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>When you send the contact form we keep your name, phone number, "
                "WeChat ID and message, only to contact you. Only the staff who answer "
                "enquiries can see them.</p>"
            ),
        },
    ],
}

SETTINGS = {
    "organisation_name_zh_hans": "干细胞与中风科普",
    "organisation_name_en": "Stem Cells & Stroke Explained",
    "wechat_id": "stemcell-stroke-demo",
    "contact_email": "hello@example.org",
    "medical_disclaimer_zh_hans": "本文仅用于科普，不能代替医生的诊断和治疗建议。干细胞治疗中风仍处于研究阶段。",
    "medical_disclaimer_en": (
        "This article explains research for general readers. It does not replace a "
        "doctor's diagnosis or advice. Stem-cell therapy for stroke is still being studied."
    ),
    "icp_number": "京ICP备00000000号-1",
}


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def get_or_create_child(parent: Page, model, slug: str, fields: dict):
    existing = model.objects.child_of(parent).filter(slug_zh_hans=slug).first()
    if existing:
        return existing, False
    page = model(**fields)
    parent.add_child(instance=page)
    return publish(page), True


def seed_home() -> tuple[HomePage, bool]:
    home = HomePage.objects.first()
    if home:
        return home, False
    root = Page.get_first_root_node()
    home = HomePage(**HOME)
    root.add_child(instance=home)
    publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = HOME["title_en"]
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    # Wagtail's initial "Welcome" page has no place in our tree.
    if placeholder and placeholder.specific_class is Page:
        placeholder.delete()
    return home, True


def seed(log) -> None:
    home, created = seed_home()
    log(f"home page {'created' if created else 'already there'}")
    if settings.SITE_URL:  # http://127.0.0.1:8000 in development, where `make run` serves
        log(f"site URL {site_url_apply(url=settings.SITE_URL).root_url}")
    about, created = get_or_create_child(home, StandardPage, "about", {**ABOUT, "show_in_menus": True})
    log(f"about page {'created' if created else 'already there'}")
    privacy, created = get_or_create_child(home, StandardPage, "privacy", PRIVACY)
    log(f"privacy page {'created' if created else 'already there'}")

    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.organisation_name_zh_hans:
        for name, value in SETTINGS.items():
            setattr(site_settings, name, value)
        site_settings.privacy_policy_page = privacy
        site_settings.save()
        log("site settings filled")
    if site_settings.share_image_id is None or site_settings.logo_id is None:
        site_settings.share_image = site_settings.share_image or _demo_image("Demo share card", (1200, 630))
        site_settings.logo = site_settings.logo or _demo_image("Demo logo", (512, 512))
        site_settings.save(update_fields=["share_image", "logo"])
        log("share card image and logo drawn")


def _demo_image(title: str, size: tuple[int, int]):
    """A plain image in the site's colours, so share cards and the publisher's logo
    have something to show until the editors upload their own."""
    image_model = get_image_model()
    found = image_model.objects.filter(title=title).first()
    if found is not None:
        return found
    width, height = size
    canvas = PILImage.new("RGB", size, "#0b5d7a")
    radius = min(width, height) // 4
    ImageDraw.Draw(canvas).ellipse(
        (width // 2 - radius, height // 2 - radius, width // 2 + radius, height // 2 + radius), fill="#f3f6f8"
    )
    data = BytesIO()
    canvas.save(data, "PNG")
    slug = title.lower().replace(" ", "-")
    return image_model.objects.create(title=title, file=ImageFile(data, name=f"{slug}.png"))
