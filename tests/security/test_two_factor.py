"""Two-factor sign-in (TOTP): required for administrators and reviewers, optional for others; the
sign-in page and the admin's ask for the code; API tokens are untouched."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from architecture.models import AuditEvent, AuditKind
from architecture.tokens import token_create

PASSWORD = "Mat-khau-2025!"  # tests/conftest.py


@pytest.fixture(autouse=True)
def many_failures_allowed(settings):
    settings.AXES_FAILURE_LIMIT = 50
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the tests type a wrong code and then the right one at once


def code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def sign_in(client, username, otp_token="", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": PASSWORD, "otp_token": otp_token})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("role", ["admin", "reviewer", "owner"])
def test_a_user_with_a_device_needs_the_code(client, users, role):
    device = device_for(users[role])
    response = sign_in(client, role)
    assert response.status_code == 200 and not signed_in(client)
    assert "six-digit code" in response.content.decode() or "sáu chữ số" in response.content.decode()
    assert sign_in(client, role, "000000" if code(device) != "000000" else "111111").status_code == 200
    assert not signed_in(client)
    assert sign_in(client, role, code(device)).status_code == 302
    assert signed_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_a_failed_sign_in(client, users):
    device_for(users["admin"])
    sign_in(client, "admin", "123")
    assert AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED, username="admin").exists()


def test_codes_cannot_be_guessed_in_a_burst(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1  # the default: each failure doubles the wait
    device = device_for(users["admin"])
    sign_in(client, "admin", "000000" if code(device) != "000000" else "111111")
    assert sign_in(client, "admin", code(device)).status_code == 200 and not signed_in(client)


def test_the_admin_sign_in_asks_for_the_code_too(client, users):
    device = device_for(users["admin"])
    url = reverse("admin:login")
    assert sign_in(client, "admin", url=url).status_code == 200 and not signed_in(client)
    assert sign_in(client, "admin", code(device), url=url).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", ["admin", "reviewer"])
def test_administrators_and_reviewers_without_a_device_must_set_one_up(client, users, role):
    assert sign_in(client, role).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get("/api/v1/bodies/").status_code == 403  # nor the API with the session
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=users[role], confirmed=False)
    assert client.post(reverse("two-factor-setup"), {"otp_token": "12"}).status_code == 200
    response = client.post(reverse("two-factor-setup") + "?next=/databases/", {"otp_token": code(device)})
    assert response.status_code == 302 and response["Location"] == "/databases/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert sign_in(client, role).status_code == 200  # from now on the code is asked
    assert sign_in(client, role, code(device, offset=1)).status_code == 302


def test_others_need_no_second_factor_but_may_set_one_up(client, users):
    assert sign_in(client, "owner").status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("two-factor-setup")).status_code == 200
    device = TOTPDevice.objects.get(user=users["owner"])
    client.post(reverse("two-factor-setup"), {"otp_token": code(device)})
    client.post(reverse("logout"))
    assert sign_in(client, "owner").status_code == 200 and not signed_in(client)


def test_api_tokens_need_no_second_factor(users):
    device_for(users["admin"])
    _token, plain = token_create(user=users["admin"], name="script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.get("/api/v1/tokens/").status_code == 200


def test_the_setup_page_needs_a_sign_in(client):
    response = client.get(reverse("two-factor-setup"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
