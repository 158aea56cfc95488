"""Publishing numbered dictionary releases and comparing them.

A release freezes every element and code list that has passed review (valid, superseded or
retired) as JSON content with a digest. Drafts and suggestions stay out. The content keys are the
model's field names; references are given by identifier (elements, code lists, topics), code
(steward bodies) or number (legal documents), so a release reads the same after the live rows change.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from architecture.access import can_publish_dictionary
from dictionary.models import (
    CodeList, CodeValue, CodeValueAlias, DataElement, ItemStatus, Release, ReleaseItem, ReleaseItemKind,
)
from dictionary.models.releases import SEMVER_PATTERN

RELEASED_STATUSES = (ItemStatus.VALID, ItemStatus.SUPERSEDED, ItemStatus.RETIRED)
ENDED_STATUSES = {ItemStatus.SUPERSEDED, ItemStatus.RETIRED}
ELEMENT_FIELDS = [
    "identifier", "name_vi", "name_en", "topic__identifier", "definition", "examples", "synonyms", "datatype",
    "format", "max_length", "unit", "value_domain", "min_value", "max_value", "code_list__identifier",
    "steward__code", "legal_source", "maintenance_rule", "master_source", "data_layer", "status",
    "successor__identifier",
]
CODE_LIST_FIELDS = [
    "identifier", "name_vi", "name_en", "description", "steward__code", "source", "status", "successor__identifier",
]
DECIMAL_FIELDS = {"min_value", "max_value"}
BATCH = 2000


def version_key(version: str) -> str:
    """A text that sorts like the version: 1.10.0 after 1.9.0."""
    return ".".join(f"{int(part):06d}" for part in version.split("."))


def digest(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _rename(row: dict) -> dict:
    """topic__identifier -> topic, steward__code -> steward: references by their public key;
    decimals as text, so JSON keeps them exact."""
    return {key.split("__")[0]: (str(value) if value is not None and key in DECIMAL_FIELDS else value)
            for key, value in row.items()}


def _legal_basis(model) -> dict[int, list[str]]:
    through = model.legal_basis.through
    numbers = defaultdict(list)
    for owner_id, number in through.objects.values_list(f"{model._meta.model_name}_id", "legaldocument__number"):
        numbers[owner_id].append(number)
    return {key: sorted(value) for key, value in numbers.items()}


def _element_contents():
    laws = _legal_basis(DataElement)
    rows = DataElement.objects.filter(status__in=RELEASED_STATUSES).values("id", *ELEMENT_FIELDS)
    for row in rows.iterator(chunk_size=BATCH):
        pk = row.pop("id")
        yield ReleaseItemKind.ELEMENT, {**_rename(row), "legal_basis": laws.get(pk, [])}


def _code_list_contents():
    laws = _legal_basis(CodeList)
    lists = list(CodeList.objects.filter(status__in=RELEASED_STATUSES).values("id", *CODE_LIST_FIELDS))
    aliases = defaultdict(dict)
    for value_id, scheme, code in CodeValueAlias.objects.filter(
        value__code_list__status__in=RELEASED_STATUSES
    ).values_list("value_id", "scheme", "code"):
        aliases[value_id][scheme] = code
    values = defaultdict(list)
    rows = CodeValue.objects.filter(code_list__status__in=RELEASED_STATUSES).order_by("code_list", "position", "code")
    for row in rows.values("id", "code_list_id", "code", "label_vi", "label_en", "parent__code_list__identifier",
                           "parent__code", "effective_from", "effective_to", "position", "note").iterator(chunk_size=BATCH):
        values[row.pop("code_list_id")].append({
            "code": row["code"], "label_vi": row["label_vi"], "label_en": row["label_en"],
            "parent_list": row["parent__code_list__identifier"], "parent_code": row["parent__code"],
            "effective_from": row["effective_from"] and row["effective_from"].isoformat(),
            "effective_to": row["effective_to"] and row["effective_to"].isoformat(),
            "position": row["position"], "note": row["note"], "aliases": aliases.get(row["id"], {}),
        })
    for row in lists:
        pk = row.pop("id")
        yield ReleaseItemKind.CODE_LIST, {**_rename(row), "legal_basis": laws.get(pk, []), "values": values.get(pk, [])}


def release_latest() -> Release | None:
    return Release.objects.order_by("-sort_key").first()


@transaction.atomic
def release_publish(*, user, version: str, title: str, notes: str = "") -> Release:
    """Freeze the reviewed dictionary as release `version`, which must be newer than the latest."""
    if not can_publish_dictionary(user):
        raise PermissionDenied(_("Only reviewers may publish a dictionary release."))
    if not re.match(SEMVER_PATTERN, version):
        raise ValidationError({"version": _("Use a semantic version such as 1.0.0.")})
    prior = Release.objects.select_for_update().order_by("-sort_key").first()
    if prior is not None and version_key(version) <= prior.sort_key:
        raise ValidationError({"version": _("Version %(version)s is not newer than %(prior)s.")
                               % {"version": version, "prior": prior.version}})
    release = Release.objects.create(version=version, sort_key=version_key(version), title=title, notes=notes,
                                     prior=prior, published_by=user)
    batch = []
    for contents in (_element_contents(), _code_list_contents()):
        for kind, content in contents:
            batch.append(ReleaseItem(release=release, kind=kind, identifier=content["identifier"],
                                     status=content["status"], digest=digest(content), content=content))
            if len(batch) >= BATCH:
                ReleaseItem.objects.bulk_create(batch)
                batch = []
    ReleaseItem.objects.bulk_create(batch)
    return release


def release_diff(*, old: Release, new: Release) -> dict[str, list[dict]]:
    """What changed from `old` to `new`: items added, changed, and retired (ended or dropped)."""
    def index(release):
        return {(kind, identifier): (status, item_digest, name) for kind, identifier, status, item_digest, name
                in release.items.values_list("kind", "identifier", "status", "digest", "content__name_vi")}

    before, after = index(old), index(new)
    diff = {"added": [], "changed": [], "retired": []}
    for key in sorted(before.keys() | after.keys()):
        kind, identifier = key
        entry = {"kind": kind, "identifier": identifier, "name": (after.get(key) or before[key])[2]}
        if key not in before:
            diff["added"].append(entry)
        elif key not in after or (after[key][0] in ENDED_STATUSES and before[key][0] not in ENDED_STATUSES):
            diff["retired"].append(entry)
        elif after[key][1] != before[key][1]:
            diff["changed"].append(entry)
    return diff
