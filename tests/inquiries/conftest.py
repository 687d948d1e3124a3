import time
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from wagtail.models import Site

from portal.core.models import SiteSettings
from portal.inquiries.forms import FORM_KEY_SALT

from .factories import ContactPageFactory

CONTACT_URL = "/{lang}/contact/"


@pytest.fixture
def contact_page(home):
    page = ContactPageFactory(parent=home)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.wechat_id = "stemcell-demo"
    site_settings.wechat_qr_url = "https://weixin.qq.com/r/demo"
    site_settings.save()
    return page


@pytest.fixture(autouse=True)
def _inquiry_settings(settings):
    settings.INQUIRIES_NOTIFY_EMAILS = ["staff@example.org"]
    settings.INQUIRIES_MIN_FILL_SECONDS = 3
    settings.INQUIRIES_RATE_LIMIT = 5
    settings.INQUIRIES_RATE_WINDOW = 600


def form_key(*, age: float = 10.0, token: uuid.UUID | None = None) -> str:
    """The form's signed key, as rendered `age` seconds ago."""
    return signing.dumps({"t": time.time() - age, "k": (token or uuid.uuid4()).hex}, salt=FORM_KEY_SALT)


def valid_data(**overrides) -> dict:
    data = {
        "name": "王小明",
        "phone": "138 0013 8000",
        "wechat_id": "wang_xiaoming",
        "preferred_channel": "wechat",
        "email": "",
        "condition": "ischemic",
        "time_since_onset": "1_to_6_months",
        "message": "我父亲三个月前中风，想了解干细胞试验。",
        "consent_personal": "on",
        "consent_health": "on",
        "website": "",
        "form_key": form_key(),
        "about": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def staff_group(db):
    return Group.objects.get(name="Inquiry staff")
