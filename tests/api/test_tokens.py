"""Personal tokens through the API: created by their user, shown once, kept as a digest,
listed by prefix, revoked for good; a revoked or expired token answers 401."""

import datetime
import hashlib

from django.utils import timezone
from rest_framework.test import APIClient

from architecture.models import ApiToken
from architecture.tokens import token_create
from tests.api.conftest import bearer


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_token_lifecycle(users, databases):
    created = _signed_in(users["owner"]).post("/api/v1/tokens/", {"name": "Đồng bộ LGSP"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    plain = created.json()["token"]
    assert plain.startswith(f"rgt_{created.json()['prefix']}_")

    # At rest: a SHA-256 digest, never the secret.
    stored = ApiToken.objects.get(pk=created.json()["id"])
    assert stored.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {stored.digest, stored.prefix, stored.name}

    # Using it: the owner's rights.
    client = bearer(plain)
    assert client.get("/api/v1/databases/CSDL-MAT/").status_code == 200

    # Listed and read again by prefix only.
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert [row["prefix"] for row in listed] == [stored.prefix]
    assert plain not in str(listed) and "token" not in listed[0]
    assert "token" not in client.get(f"/api/v1/tokens/{stored.pk}/").json()

    # Revoked: 401 at once, in the error shape, with the scheme to use.
    assert client.delete(f"/api/v1/tokens/{stored.pk}/").status_code == 204
    refused = client.get("/api/v1/databases/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_expired_and_unknown_tokens_answer_401(users, databases):
    in_an_hour = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    response = _signed_in(users["owner"]).post("/api/v1/tokens/", {"name": "ngắn hạn", "expires_at": in_an_hour})
    assert response.status_code == 201
    now = timezone.now()
    ApiToken.objects.filter(pk=response.json()["id"]).update(
        created_at=now - datetime.timedelta(hours=2), expires_at=now - datetime.timedelta(seconds=1))
    assert bearer(response.json()["token"]).get("/api/v1/databases/").status_code == 401
    assert bearer("rgt_deadbeef_not-a-real-secret").get("/api/v1/databases/").status_code == 401
    assert APIClient(HTTP_AUTHORIZATION="Bearer ").get("/api/v1/databases/").status_code == 401


def test_a_token_may_create_another_for_its_user(users):
    _token, plain = token_create(user=users["owner"], name="máy")
    response = bearer(plain).post("/api/v1/tokens/", {"name": "máy mới"})
    assert response.status_code == 201
    assert ApiToken.objects.get(pk=response.json()["id"]).user == users["owner"]


def test_only_your_own_tokens(users, clients):
    others = ApiToken.objects.get(user=users["other"])
    assert clients["owner"].get(f"/api/v1/tokens/{others.pk}/").status_code == 404
    assert clients["owner"].delete(f"/api/v1/tokens/{others.pk}/").status_code == 404
    assert ApiToken.objects.get(pk=others.pk).revoked_at is None
    assert [row["name"] for row in clients["owner"].get("/api/v1/tokens/").json()["results"]] == ["test owner"]


def test_bad_token_requests_are_400(users, clients):
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = clients["owner"].post("/api/v1/tokens/", {"name": "quá khứ", "expires_at": past})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "expires_at"
    response = clients["owner"].post("/api/v1/tokens/", {"name": "x" * 101})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "name"
