import pytest
from tests.inquiries.test_form import test_without_csrf_token_the_form_is_refused_and_nothing_stored as t
pytestmark = pytest.mark.django_db
def test_break(contact_page, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "Csrf" not in m]
    t(contact_page)
