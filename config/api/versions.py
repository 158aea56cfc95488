"""ETags on entries and If-Match on writes (RFC 9110 §8.8.3, §13.1.1), so two clients editing
the same entry never silently overwrite each other.

A database carries its own version column, so its ETag is "<id>-<version>". Other entries have
none: their ETag is a digest of the stored row (not of the response, whose labels change with
the language), keyed with the secret key: the row holds fields some readers are not shown (a chief
engineer's contacts), which a plain digest would let them confirm by guessing. Both are strong
validators, which If-Match requires.
"""

from __future__ import annotations

import base64
import json

from django.db import models
from django.utils.crypto import salted_hmac

from config.api.errors import PreconditionFailed, PreconditionRequired


def row_etag(obj: models.Model) -> str:
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    canonical = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    digest = salted_hmac("config.api.versions.row_etag", canonical, algorithm="sha256").digest()
    return '"' + base64.urlsafe_b64encode(digest[:18]).decode() + '"'


def _listed(header: str) -> set[str]:
    return {tag.strip() for tag in header.split(",") if tag.strip()}


def precondition_check(request, *, etag: str, required: bool) -> None:
    """412 when If-Match names another version; 428 when it is missing and `required`.
    Call it on a row locked in the same transaction as the write that follows."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired()
        return
    tags = _listed(header)
    if "*" not in tags and etag not in tags:
        raise PreconditionFailed()


def not_modified(request, etag: str) -> bool:
    """A GET whose If-None-Match already names the current version (a 304 saves the body)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = {tag.removeprefix("W/") for tag in _listed(header)}  # weak comparison for GET
    return "*" in tags or etag in tags
