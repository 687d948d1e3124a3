"""Signing in to the admin with a second factor, codes computed by pyotp as an
authenticator app would."""

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from portal.accounts import services
from portal.accounts.forms import locked_out_message

from .conftest import PASSWORD, enrol, next_code, sign_in

pytestmark = pytest.mark.django_db


def actions(user) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(user.pk), action__startswith="accounts.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, staff):
    response = sign_in(client, "staff")
    assert response.status_code == 302

    for url in ("/admin/", "/admin/inquiries/", "/admin/pages/", "/admin/api/main/pages/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-step/set-up/?next="), url
    page = client.get("/admin/two-step/set-up/")
    assert page.status_code == 200
    assert '<img src="data:image/' in page.content.decode()  # the QR code to scan


def test_set_up_with_a_real_code_gives_recovery_codes_and_opens_the_admin(client, staff):
    sign_in(client, "staff")
    response = client.post("/admin/two-step/set-up/", {"code": "000000"})
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    app, codes = enrol(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/inquiries/").status_code == 200
    assert services.ENROL_ACTION in actions(staff)


def test_sign_in_asks_for_the_code_refuses_a_wrong_one_and_accepts_the_right_one(client, staff):
    sign_in(client, "staff")
    app, _codes = enrol(client)

    other = Client()
    response = sign_in(other, "staff", next_url="/admin/inquiries/")
    assert response["Location"] == "/admin/inquiries/"
    response = other.get("/admin/inquiries/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-step/verify/?next=%2Fadmin%2Finquiries%2F"

    right = next_code(app)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    response = other.post("/admin/two-step/verify/", {"code": wrong, "next": "/admin/inquiries/"})
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert other.get("/admin/inquiries/").status_code == 302

    response = other.post("/admin/two-step/verify/", {"code": right, "next": "/admin/inquiries/"})
    assert response.status_code == 302 and response["Location"] == "/admin/inquiries/"
    assert other.get("/admin/inquiries/").status_code == 200
    assert actions(staff)[-3:] == [
        services.SIGN_IN_ACTION,
        services.CODE_FAILED_ACTION,
        services.VERIFIED_ACTION,
    ]


def test_a_recovery_code_signs_in_once(client, staff):
    sign_in(client, "staff")
    _app, codes = enrol(client)

    first = Client()
    sign_in(first, "staff")
    response = first.post("/admin/two-step/verify/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert first.get("/admin/").status_code == 200
    assert services.RECOVERY_CODE_USED_ACTION in actions(staff)

    again = Client()
    sign_in(again, "staff")
    response = again.post("/admin/two-step/verify/", {"code": codes[0]})
    assert response.status_code == 200
    assert again.get("/admin/").status_code == 302


def test_repeated_wrong_passwords_lock_the_account_out_with_a_clear_message(client, staff):
    for _ in range(3):
        response = sign_in(client, "staff", password="wrong")
        assert response.status_code == 200

    response = sign_in(client, "staff")  # the right password, too late
    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == "locked_out"
    assert str(locked_out_message()) in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert "/admin/login/" in client.get("/admin/")["Location"]
    assert actions(staff).count(services.SIGN_IN_FAILED_ACTION) == 3
    assert services.LOCKED_OUT_ACTION in actions(staff)


def test_repeated_wrong_codes_lock_the_account_out(client, staff):
    sign_in(client, "staff")
    app, _codes = enrol(client)
    other = Client()
    sign_in(other, "staff")
    for _ in range(3):
        other.post("/admin/two-step/verify/", {"code": "123456"})

    response = other.post("/admin/two-step/verify/", {"code": next_code(app)})  # right, too late

    assert response.status_code == 200
    assert str(locked_out_message()) in response.content.decode()
    assert other.get("/admin/").status_code == 302
    assert services.LOCKED_OUT_ACTION in actions(staff)
    with translation.override("en"):
        assert "Too many failed sign-in attempts" in str(locked_out_message())


def test_failures_from_one_address_lock_it_out_for_every_account(client, staff, editor, django_user_model):
    for name in ("a", "b", "c", "d"):
        django_user_model.objects.create_user(name, password=PASSWORD)
        for _ in range(2):
            sign_in(client, name, password="wrong")

    response = sign_in(client, "editor")  # never failed itself, right password

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    other_address = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(other_address, "editor").status_code == 302


def test_others_may_use_a_second_factor_and_then_must(client, editor):
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200  # not required for editors
    app, _codes = enrol(client)

    other = Client()
    sign_in(other, "editor")
    assert other.get("/admin/").status_code == 302
    other.post("/admin/two-step/verify/", {"code": next_code(app)})
    assert other.get("/admin/").status_code == 200


def test_without_the_production_policy_a_superuser_signs_straight_in(client, superuser, settings):
    settings.TWO_FACTOR_REQUIRED = False  # dev settings: what `make run` gives
    assert sign_in(client, "root").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_superusers_must_set_up_a_second_factor_in_production(client, superuser):
    sign_in(client, "root")
    assert client.get("/admin/")["Location"].startswith("/admin/two-step/set-up/")


def test_an_unverified_session_counts_as_signed_out_outside_the_admin(client, staff, home):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    sign_in(client, "staff")
    _app, _codes = enrol(client)
    assert client.get("/zh-hans/").status_code == 200  # verified: the restricted page opens

    other = Client()
    sign_in(other, "staff")
    response = other.get("/zh-hans/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_which_groups_must_use_a_second_factor_is_configurable(client, editor, staff, settings):
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Editors"]

    sign_in(client, "editor")
    assert client.get("/admin/")["Location"].startswith("/admin/two-step/set-up/")
    other = Client()
    sign_in(other, "staff")
    assert other.get("/admin/").status_code == 200
