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
    controller = smtp.start(box)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    box.release()
    controller.stop()


def subscribe_data(**overrides) -> dict:
    data = {"email": "Reader@Example.com", "language": "zh-hant", "consent": "on", "website": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
