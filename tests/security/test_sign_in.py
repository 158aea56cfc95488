"""Sign-in protection: lockout per user name and per address (django-axes) on the sign-in page and
the admin's, untouched API tokens, strong passwords, sessions that end."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from architecture.models import AuditEvent, AuditKind
from architecture.tokens import token_create

PASSWORD = "Mat-khau-2025!"  # tests/conftest.py


@pytest.fixture(autouse=True)
def three_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, username, password, address="203.0.113.1", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_user_name_is_locked_after_n_failures_from_any_address(client, users):
    for attempt in range(2):
        assert sign_in(client, "owner", "wrong", address=f"203.0.113.{attempt + 1}").status_code == 200
    assert sign_in(client, "owner", "wrong", address="203.0.113.3").status_code == 429  # the third failure locks
    # Even the right password from a fresh address is refused now: the user name is locked.
    response = sign_in(client, "owner", PASSWORD, address="198.51.100.50")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from another address is not concerned.
    assert sign_in(client, "other", PASSWORD, address="198.51.100.60").status_code == 302


def test_an_address_is_locked_after_n_failures_whatever_the_names(client, users):
    for name in ("owner", "other"):
        assert sign_in(client, name, "wrong", address="192.0.2.66").status_code == 200
    assert sign_in(client, "parent", "wrong", address="192.0.2.66").status_code == 429
    assert sign_in(client, "sibling", PASSWORD, address="192.0.2.66").status_code == 429
    assert sign_in(client, "sibling", PASSWORD, address="192.0.2.67").status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, users):
    for _ in range(2):
        sign_in(client, "owner", "wrong")
    assert sign_in(client, "owner", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_protected_too(client, users):
    url = reverse("admin:login")
    for _ in range(2):
        assert sign_in(client, "admin", "wrong", url=url).status_code == 200
    assert sign_in(client, "admin", "wrong", url=url).status_code == 429
    assert sign_in(client, "admin", PASSWORD, url=url).status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_are_in_the_audit_log(client, users):
    for _ in range(3):
        sign_in(client, "owner", "wrong", address="192.0.2.9")
    failures = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED)
    assert failures.count() == 3
    assert set(failures.values_list("username", "address")) == {("owner", "192.0.2.9")}


def test_api_tokens_work_while_the_user_name_is_locked(client, users):
    _token, plain = token_create(user=users["owner"], name="sync")
    for _ in range(4):
        sign_in(client, "owner", "wrong")
    assert sign_in(client, "owner", PASSWORD).status_code == 429
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    response = api.get("/api/v1/tokens/", REMOTE_ADDR="203.0.113.1")  # the locked address, too
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"  # the API's own answer, not the lockout page
    assert response.json()["count"] == 1


def test_the_lockout_is_configured_from_the_environment():
    assert django_settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert "axes.backends.AxesStandaloneBackend" == django_settings.AUTHENTICATION_BACKENDS[0]
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


@pytest.mark.parametrize("password", ["Ngan-qua1", "123456789012345", "password1234", "owner"])
def test_weak_passwords_are_refused(users, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=users["owner"])


def test_a_long_uncommon_password_is_accepted(users):
    validate_password("Cay-tre-ngà-vàng-2026", user=users["owner"])


def test_minimum_length_is_twelve():
    [length] = [v for v in django_settings.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator")]
    assert length["OPTIONS"]["min_length"] == 12


def test_sessions_end(client, users):
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]  # ends when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600


def lock_out(client, url=None):
    for _ in range(3):
        response = sign_in(client, "owner", "wrong", url=url)
    assert response.status_code == 429
    return response


def test_the_lockout_is_the_sites_own_page_in_vietnamese(client, users):
    response = lock_out(client)
    rendered = [t.name for t in response.templates]  # the sign-in form is rendered first, then replaced
    assert rendered[rendered.index("registration/locked_out.html") + 1] == "base.html"
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "tài khoản hoặc địa chỉ này bị tạm khóa trong 30 phút" in page
    assert "Cần làm gì" in page and "quản trị viên" in page
    assert "Account locked" not in page and "minutes" not in page


def test_the_lockout_page_is_in_english_when_chosen(client, users, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=90)
    with translation.override("en"):  # and back after: the requests leave English active in this thread
        url = reverse("login")
        assert url.startswith("/en/")  # where the language switch sends an English reader
        page = lock_out(client, url=url).content.decode()
    assert '<html lang="en">' in page
    assert "this account or this address is locked for 2 minutes" in page  # 90 seconds, rounded up
    assert "What to do" in page and f'href="{url}"' in page


def test_the_admin_lockout_is_the_same_page(client, users):
    response = lock_out(client, url=reverse("admin:login"))
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_the_lockout_page_keeps_the_content_security_policy(client, users):
    response = lock_out(client)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "<script" not in page and "<style" not in page
    assert not re.search(r"\s(style|on[a-z]+)=", page)  # no style attribute, no event handler


def test_a_lockout_without_cool_off_says_who_lifts_it(client, users, settings):
    settings.AXES_COOLOFF_TIME = None
    page = lock_out(client).content.decode()
    assert "tài khoản hoặc địa chỉ này bị khóa cho đến khi quản trị viên mở khóa" in page
    assert "phút" not in page
