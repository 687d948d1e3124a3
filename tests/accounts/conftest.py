import datetime
import re

import pyotp
import pytest
from django.contrib.auth.models import Group

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    """The production policy (TWO_FACTOR_REQUIRED is off in dev and test settings)."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Inquiry staff"]
    settings.SIGN_IN_FAILURE_LIMIT = 3
    settings.SIGN_IN_FAILURE_IP_LIMIT = 8
    settings.SIGN_IN_FAILURE_WINDOW = 900
    settings.STAFF_SESSION_IDLE_TIMEOUT = 1800


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("staff", email="staff@example.org", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Inquiry staff"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", email="root@example.org", password=PASSWORD)


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = ""):
    url = "/admin/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


def enrol(client) -> tuple[pyotp.TOTP, list[str]]:
    """Set up an authenticator as a person would: read the key off the page, type the
    code an authenticator app computes from it. Returns the app and the recovery codes."""
    page = client.get("/admin/two-step/set-up/").content.decode()
    secret = re.search(r"<code data-secret>([A-Z2-7]+)</code>", page).group(1)
    app = pyotp.TOTP(secret)
    app.last_step = app.timecode(datetime.datetime.now())
    response = client.post("/admin/two-step/set-up/", {"code": app.generate_otp(app.last_step)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    return app, codes


def next_code(app: pyotp.TOTP) -> str:
    """A code the server has not seen: a code is accepted once, so after the one `enrol`
    typed (or the last from here) comes the next 30-second step's, unless the clock has
    moved past it already (a slow run); django-otp allows one step of clock drift."""
    step = max(app.timecode(datetime.datetime.now()), getattr(app, "last_step", -1) + 1)
    app.last_step = step
    return app.generate_otp(step)
