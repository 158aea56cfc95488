"""Personal API tokens: shown once, stored as a digest, the user's own rights, revocable, expiring."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from architecture.models import ApiToken
from architecture.tokens import token_authenticate, token_create, token_revoke


def _schema(client, database, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/databases/{database.identifier}/schema.ttl", **headers)


def test_token_is_shown_once_and_stored_as_a_digest(users):
    token, plain = token_create(user=users["owner"], name="Đồng bộ LGSP")
    assert plain.startswith(f"rgt_{token.prefix}_") and len(plain) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert plain not in {stored.digest, stored.prefix, stored.name}
    assert len(stored.digest) == 64
    assert token_authenticate(plain) == token


def test_token_acts_with_its_users_rights(client, users, databases):
    restricted = databases["restricted"]
    _, owner_token = token_create(user=users["owner"], name="máy")
    _, outsider_token = token_create(user=users["other"], name="máy")
    assert _schema(client, restricted, owner_token).status_code == 200
    assert _schema(client, restricted, outsider_token).status_code == 404
    assert _schema(client, restricted).status_code == 404
    assert _schema(client, restricted, "rgt_bad_token").status_code == 404


def test_revoked_expired_and_inactive_tokens_stop_working(client, users, databases):
    token, plain = token_create(user=users["owner"], name="máy")
    token_revoke(user=users["owner"], token=token)
    assert token_authenticate(plain) is None

    token, plain = token_create(user=users["owner"], name="ngắn hạn",
                                expires_at=timezone.now() + datetime.timedelta(hours=1))
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    ApiToken.objects.filter(pk=token.pk).update(created_at=two_hours_ago,
                                                expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert token_authenticate(plain) is None

    token, plain = token_create(user=users["owner"], name="máy 2")
    users["owner"].is_active = False
    users["owner"].save()
    assert token_authenticate(plain) is None
    assert _schema(client, databases["restricted"], plain).status_code == 404


def test_only_the_owner_revokes(users):
    token, plain = token_create(user=users["owner"], name="máy")
    with pytest.raises(PermissionDenied):
        token_revoke(user=users["other"], token=token)
    assert token_authenticate(plain) == token
    token_revoke(user=users["admin"], token=token)
    assert token_authenticate(plain) is None


def test_bad_token_requests_are_refused(users):
    with pytest.raises(ValidationError):
        token_create(user=users["owner"], name="quá khứ", expires_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        token_create(user=users["owner"], name="  ")
    assert not ApiToken.objects.exists()


def test_use_is_recorded(users):
    token, plain = token_create(user=users["owner"], name="máy")
    assert token.last_used_at is None
    token_authenticate(plain)
    token.refresh_from_db()
    assert token.last_used_at is not None
