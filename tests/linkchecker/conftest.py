import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from tests import smtp


@pytest.fixture(autouse=True)
def _checker_settings(settings):
    """Local servers are on 127.0.0.1: the tests allow that address only (so 127.0.0.2
    stands for a private address), and keep the timeouts and back-off short."""
    settings.LINKCHECKER_ALLOW_PRIVATE = "127.0.0.1"
    settings.LINKCHECKER_RESOLVE = {}
    settings.LINKCHECKER_TIMEOUT = 1.0
    settings.LINKCHECKER_CONNECT_TIMEOUT = 1.0
    settings.LINKCHECKER_RETRIES = 2
    settings.LINKCHECKER_HOST_DELAY = 0.0
    settings.OUTBOUND_HTTP_BACKOFF = 0.01


@pytest.fixture
def mailbox(settings):
    """A real SMTP server (aiosmtpd) that Django's SMTP backend sends to."""
    box = smtp.Mailbox()
    with smtp.sending_to(box, settings):
        yield box


@pytest.fixture
def editor(django_user_model):
    """A member of Wagtail's "Editors" group, which the migration lets see the report."""
    user = django_user_model.objects.create_user("editor", email="editor@example.org", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(autouse=True)
def _english():
    """Outcomes are worded in the active language; the assertions read the English."""
    with translation.override("en"):
        yield
