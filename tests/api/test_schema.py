"""The OpenAPI 3 description validates, without a warning, and is served with its docs."""

import subprocess
import sys
from pathlib import Path

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

ROOT = Path(__file__).resolve().parents[2]


def test_schema_is_valid_openapi_3(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    patch = schema["paths"]["/api/v1/databases/{identifier}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "428", "429"} <= set(patch["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
    assert "413" in patch["responses"]  # config.limits
    review = schema["paths"]["/api/v1/databases/{identifier}/review/"]["post"]  # honours If-Match when sent
    assert "412" in review["responses"] and "428" not in review["responses"]
    assert any(p["name"] == "If-Match" and not p.get("required") for p in review["parameters"])
    change = schema["components"]["schemas"]["ChangeRequest"]["properties"]
    assert change["element"]["nullable"] and "nullable" not in change["steward"]  # a new element has none yet


def test_schema_generates_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(tmp_path / "schema.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_schema_and_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"redoc" in docs.content.lower()
    assert b"cdn" not in docs.content.lower()
    assert client.get("/api/v1/docs/swagger/").status_code == 200
