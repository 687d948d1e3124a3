import pytest

from tests import smtp

from .factories import NewsletterPageFactory


@pytest.fixture(autouse=True)
def _newsletter_settings(settings):
    settings.NEWSLETTER_RATE = 0
    settings.NEWSLETTER_BATCH_SIZE = 100
    settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT = 5
    settings.NEWSLETTER_SUBSCRIBE_RATE_WINDOW = 600
    settings.NEWSLETTER_UNSUBSCRIBE_EMAIL = "unsubscribe@example.org"
    settings.DEFAULT_FROM_EMAIL = "news@example.org"


@pytest.fixture
def newsletter_page(home):
    return NewsletterPageFactory(parent=home)


@pytest.fixture
def mailbox(settings):
    """A real SMTP server (aiosmtpd) that Django's SMTP backend sends to."""
    box = smtp.Mailbox()
    with smtp.sending_to(box, settings):
        yield box


def subscribe_data(**overrides) -> dict:
    data = {"email": "Reader@Example.com", "language": "zh-hant", "consent": "on", "website": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
