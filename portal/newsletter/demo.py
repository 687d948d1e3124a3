"""Demo content of the newsletter: the page at /<lang>/newsletter/ and the home page's
newsletter block pointing at it. Idempotent."""

from portal.core.models import HomePage
from portal.newsletter.models import NewsletterPage

NEWSLETTER = {
    "title_zh_hans": "订阅通讯",
    "title_zh_hant": "訂閱通訊",
    "title_en": "Newsletter",
    "slug_zh_hans": "newsletter",
    "slug_zh_hant": "newsletter",
    "slug_en": "newsletter",
    "intro_zh_hans": "每当我们发表新文章或整理新的临床试验时，通讯会把它们送到您的邮箱。随时可以退订。",
    "intro_zh_hant": "每當我們發表新文章或整理新的臨床試驗時，通訊會把它們送到您的郵箱。隨時可以退訂。",
    "intro_en": "When we publish new articles or add clinical trials, the newsletter brings them to your inbox. Leave at any time.",
}

HOME_BLOCK = {
    "newsletter_cta_title_zh_hans": "订阅我们的通讯",
    "newsletter_cta_title_zh_hant": "訂閱我們的通訊",
    "newsletter_cta_title_en": "Subscribe to our newsletter",
    "newsletter_cta_text_zh_hans": "新文章和新试验，每月一封邮件。",
    "newsletter_cta_text_zh_hant": "新文章和新試驗，每月一封郵件。",
    "newsletter_cta_text_en": "New articles and trials, one email a month.",
}


def seed(log) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    page = NewsletterPage.objects.child_of(home).first()
    if page is None:
        page = NewsletterPage(**NEWSLETTER)
        home.add_child(instance=page)
        page.save_revision().publish()
        log("newsletter page created")
    else:
        log("newsletter page already there")
    if home.newsletter_cta_page_id is None:
        for name, value in HOME_BLOCK.items():
            if not getattr(home, name):
                setattr(home, name, value)
        home.newsletter_cta_page = page
        home.save_revision().publish()
        log("home page links the newsletter page")
