"""No way around the second factor (password reset), idle expiry, signing out
everywhere, and a superuser's logged reset of a lost second factor."""

import re
import time

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import user_has_device
from wagtail.models import ModelLogEntry

from portal.accounts import services
from portal.accounts.signals import SEEN_AT_KEY

from .conftest import PASSWORD, enrol, next_code, sign_in

pytestmark = pytest.mark.django_db


def test_a_password_reset_does_not_skip_the_second_factor(client, staff):
    sign_in(client, "staff")
    app, _codes = enrol(client)

    other = Client()
    response = other.post("/admin/password_reset/", {"email": "staff@example.org"})
    assert response.status_code == 302
    (email,) = mail.outbox
    link = re.search(r"/admin/password_reset/confirm/[^/]+/[^/\s]+/", email.body).group(0)
    form_url = other.get(link)["Location"]  # Django swaps the token for a session key
    response = other.post(
        form_url, {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"}
    )
    assert response.status_code == 302

    assert other.get("/admin/").status_code == 302  # not signed in by the reset
    sign_in(other, "staff", password="a new long passphrase 42")
    response = other.get("/admin/")
    assert response["Location"].startswith("/admin/two-step/verify/")
    other.post("/admin/two-step/verify/", {"code": next_code(app)})
    assert other.get("/admin/").status_code == 200


def test_a_reset_link_for_a_user_who_must_enrol_leads_to_set_up(client, staff):
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    form_url = client.get(f"/admin/password_reset/confirm/{uid}/{token}/")["Location"]
    client.post(
        form_url, {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"}
    )

    sign_in(client, "staff", password="a new long passphrase 42")

    assert client.get("/admin/inquiries/")["Location"].startswith("/admin/two-step/set-up/")


def test_an_idle_staff_session_ends(client, staff):
    sign_in(client, "staff")
    enrol(client)
    assert client.get("/admin/").status_code == 200

    session = client.session
    session[SEEN_AT_KEY] = time.time() - 1801  # STAFF_SESSION_IDLE_TIMEOUT is 1800 here
    session.save()

    response = client.get("/admin/inquiries/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("idle_timeout", "idle_for", "written_within"),
    # A short timeout has "last seen" written more often: 35 s later would be 70 s idle.
    [(1800, 1700, 60), (40, 35, 10)],
)
def test_activity_keeps_a_session_open(client, staff, settings, idle_timeout, idle_for, written_within):
    settings.STAFF_SESSION_IDLE_TIMEOUT = idle_timeout
    sign_in(client, "staff")
    enrol(client)
    session = client.session
    session[SEEN_AT_KEY] = time.time() - idle_for
    session.save()

    assert client.get("/admin/").status_code == 200
    assert client.session[SEEN_AT_KEY] > time.time() - written_within  # the clock starts again


def test_sign_out_everywhere_ends_every_session_of_the_user(client, staff, editor):
    sign_in(client, "staff")
    app, codes = enrol(client)
    laptop = Client()
    sign_in(laptop, "staff")
    laptop.post("/admin/two-step/verify/", {"code": next_code(app)})
    someone_else = Client()
    sign_in(someone_else, "editor")
    assert laptop.get("/admin/").status_code == 200

    account_page = client.get("/admin/account/").content.decode()
    assert "/admin/two-step/" in account_page
    response = client.post("/admin/two-step/sign-out-everywhere/")
    assert response.status_code == 302

    assert client.get("/admin/").status_code == 302
    response = laptop.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert someone_else.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(
        object_id=str(staff.pk), action=services.SIGN_OUT_EVERYWHERE_ACTION, user=staff
    ).exists()
    sign_in(laptop, "staff")  # a new sign-in is not affected
    laptop.post("/admin/two-step/verify/", {"code": codes[0]})  # the app's next code is spent
    assert laptop.get("/admin/").status_code == 200


def test_a_superuser_resets_a_lost_second_factor_and_it_is_logged(client, staff, superuser):
    staff_client = Client()
    sign_in(staff_client, "staff")
    enrol(staff_client)
    sign_in(client, "root")
    enrol(client)

    users_page = client.get("/admin/users/").content.decode()
    assert f"/admin/two-step/reset/{staff.pk}/" in users_page
    assert client.get(f"/admin/two-step/reset/{staff.pk}/").status_code == 200
    response = client.post(f"/admin/two-step/reset/{staff.pk}/")
    assert response.status_code == 302

    assert not user_has_device(staff, confirmed=False)
    assert staff_client.get("/admin/")["Location"].startswith("/admin/login/")  # signed out
    sign_in(staff_client, "staff")
    assert staff_client.get("/admin/")["Location"].startswith("/admin/two-step/set-up/")
    entry = ModelLogEntry.objects.get(object_id=str(staff.pk), action=services.RESET_ACTION)
    assert entry.user_id == superuser.pk


def test_only_superusers_can_reset(client, staff, editor):
    sign_in(client, "editor")
    assert client.get(f"/admin/two-step/reset/{staff.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/two-step/reset/{staff.pk}/").status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action=services.RESET_ACTION).exists()


def test_the_reset_command_for_operators(staff, capsys):
    client = Client()
    sign_in(client, "staff")
    enrol(client)

    call_command("reset_second_factor", "STAFF")

    assert not user_has_device(staff, confirmed=False)
    assert "staff" in capsys.readouterr().out
    assert ModelLogEntry.objects.filter(
        object_id=str(staff.pk), action=services.RESET_ACTION, user=None
    ).exists()
    with pytest.raises(CommandError, match="No user named"):
        call_command("reset_second_factor", "nobody")


def test_new_recovery_codes_replace_the_old_ones(client, staff):
    sign_in(client, "staff")
    _app, old_codes = enrol(client)

    response = client.post("/admin/two-step/recovery-codes/")
    new_codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())

    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = Client()
    sign_in(other, "staff", password=PASSWORD)
    assert other.post("/admin/two-step/verify/", {"code": old_codes[0]}).status_code == 200  # refused
    assert other.post("/admin/two-step/verify/", {"code": new_codes[0]}).status_code == 302
