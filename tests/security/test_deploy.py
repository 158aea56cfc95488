"""Production settings pass `check --deploy` with no warning; every page carries the security
headers and a Content-Security-Policy without inline scripts or styles."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("SECURE_", "SESSION_", "DJANGO_"))}
    environment.update({"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "dulieu.gov.vn",
                        "SITE_URL": "https://dulieu.gov.vn", **env})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False)


def test_production_settings_pass_check_deploy_without_warning():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_would_notice_a_missing_protection():
    """The test above would fail if HTTPS settings were off: here they are, on purpose."""
    result = check_deploy(SECURE_HTTPS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # HSTS


def test_hsts_and_the_proxy_header_are_configurable():
    code = ("from django.conf import settings as s;"
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
            " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SITE_URL": "https://dulieu.gov.vn",
                   "SECURE_HSTS_SECONDS": "600", "SECURE_HSTS_PRELOAD": "0", "SECURE_PROXY_SSL_HEADER": "1"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup();" + code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split(maxsplit=3)[:3] == ["600", "False", "True"], result.stderr
    assert "('HTTP_X_FORWARDED_PROTO', 'https') True True" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/accounts/login/", "/admin/login/", "/api/v1/bodies/", "/health/"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no nonce: no inline script anywhere
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


@pytest.mark.django_db
def test_signed_in_pages_carry_the_policy_too(client, users):
    client.force_login(users["owner"])
    response = client.get(reverse("home"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_no_template_has_an_inline_script_style_or_handler():
    import re

    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    inline_style = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
    javascript_url = re.compile(r"javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path in _templates() for pattern in (inline_script, inline_style, handler, javascript_url)
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert len(list(_templates())) > 20
    assert offenders == []


@pytest.mark.django_db
def test_the_api_documentation_loads_its_script_from_a_file(client):
    response = client.get("/api/v1/docs/swagger/")
    assert response.status_code == 200
    assert "script-src 'self';" in response["Content-Security-Policy"] + ";"
    assert b"<script>" not in response.content  # SpectacularSwaggerSplitView: the init script is a file
