"""DCAT-AP datasets → the register's fields. Pure: a parsed page in, plain values out; the run
decides what to write.

Each dcat:Dataset becomes the fields of a Database entry, its EU theme codes and its services
(distributions and data services). What the register cannot read safely is made closed, never
open: no dct:accessRights means "within the political system", an access right we do not know
means "restricted".
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCAT

from architecture.access import AccessLevel
from architecture.rdf_http import DCT, VCARD
from catalog.dcat import IANA_MEDIA_TYPES
from catalog.dcat_vocab import ACCESS_RIGHTS, FREQUENCIES, reverse
from catalog.harvest.parse import Index
from catalog.models import SyncFrequency, SyncMode
from catalog.models.themes import EU_THEMES

ACCESS_LEVELS = reverse(ACCESS_RIGHTS)
SYNC_FREQUENCIES = reverse(FREQUENCIES)
# Part of the key under which a page's outcome is kept (catalog.models.HarvestPage): bump it when
# the mapping changes what a dataset becomes, so unchanged pages are read afresh once.
MAPPING_VERSION = 1
MEDIA_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+$")  # the same rule as service_media_type_format


class RecordError(Exception):
    """A dataset that cannot become an entry; the run reports it and goes on."""

    def __init__(self, reason: str, *, iri: str = "", identifier: str = ""):
        super().__init__(reason)
        self.reason, self.iri, self.identifier = reason, iri, identifier

    @property
    def label(self) -> str:
        return self.identifier or self.iri


@dataclass(frozen=True, slots=True)
class RemoteDataset:
    iri: str  # "" for a blank node
    identifier: str  # dct:identifier, "" when absent
    fields: dict  # Database field -> value
    themes: tuple[str, ...]  # EU data-theme codes, sorted
    services: tuple[tuple[str, str, str, str], ...]  # (endpoint_url, title, media_type, description_url)
    content_hash: str

    @property
    def label(self) -> str:
        return self.identifier or self.iri


@dataclass(frozen=True, slots=True)
class Target:
    """What a source's datasets become: entries of this owner and kind, with the themes the register knows."""

    owner_id: int
    kind: str
    theme_codes: frozenset[str]


def datasets_map(index: Index, target: Target) -> list[RemoteDataset | RecordError]:
    """Each dcat:Dataset of the page, mapped, or the reason it cannot be."""
    services_of: dict = {}  # dataset -> data services naming it with dcat:servesDataset
    for node, props in index.items():
        for dataset in props.get(DCAT.servesDataset, ()):
            services_of.setdefault(dataset, []).append(node)
    datasets = sorted((s for s, props in index.items() if DCAT.Dataset in props.get(RDF.type, ())), key=str)
    results = []
    for subject in datasets:
        try:
            results.append(dataset_map(index, subject, services_of.get(subject, ()), target))
        except RecordError as error:
            results.append(error)
    return results


def dataset_map(index: Index, subject, data_services, target: Target) -> RemoteDataset:
    props = index[subject]
    iri = str(subject) if isinstance(subject, URIRef) else ""
    identifier = _text(props.get(DCT.identifier))
    if not (iri or identifier):
        raise RecordError("a dataset without an IRI or a dct:identifier cannot be found again in the next run")
    if len(iri) > 1000 or len(identifier) > 255:
        raise RecordError("IRI longer than 1,000 or dct:identifier longer than 255 characters", iri=iri[:1000])
    titles, descriptions = _by_language(props.get(DCT.title)), _by_language(props.get(DCT.description))
    if not titles:
        raise RecordError("no dct:title in Vietnamese, in English or without a language tag",
                          iri=iri, identifier=identifier)
    frequency = _frequency(props.get(DCT.accrualPeriodicity))
    fields = {
        "name_vi": titles.get("vi") or titles["en"], "name_en": titles.get("en", ""),
        "description_vi": descriptions.get("vi", ""), "description_en": descriptions.get("en", ""),
        "keywords": "\n".join(sorted({" ".join(str(k).split()) for k in props.get(DCAT.keyword, ())} - {""})),
        "landing_page": _first_iri(props.get(DCAT.landingPage)),
        "access_level": _access_level(props.get(DCT.accessRights)),
        # The register keeps a frequency only for a synchronized database (database_no_sync_no_frequency).
        "sync_frequency": frequency,
        "sync_mode": SyncMode.NONE if not frequency
        else SyncMode.REALTIME if frequency == SyncFrequency.CONTINUOUS else SyncMode.PERIODIC,
        **_contact(index, props.get(DCAT.contactPoint)),
        "kind": target.kind, "owner_id": target.owner_id, "source": iri or identifier,
    }
    themes = tuple(sorted({
        str(t)[len(EU_THEMES):] for t in props.get(DCAT.theme, ()) if str(t).startswith(EU_THEMES)
    } & target.theme_codes))
    services = _services(index, props.get(DCAT.distribution, ()), data_services)
    digest = hashlib.sha256(
        json.dumps([fields, themes, services], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return RemoteDataset(iri, identifier, fields, themes, services, digest)


def _text(values) -> str:
    """The first literal (in a stable order), stripped."""
    texts = sorted(str(v).strip() for v in values or () if isinstance(v, Literal))
    return next((t for t in texts if t), "")


def _by_language(values) -> dict[str, str]:
    """{"vi": ..., "en": ...}: a vi tag wins over no tag, which counts as Vietnamese."""
    found: dict[str, str] = {}
    ranked = sorted(
        (v for v in values or () if isinstance(v, Literal) and str(v).strip()),
        key=lambda v: ((v.language or "").lower().split("-")[0] != "vi", str(v)),
    )
    for value in ranked:
        language = (value.language or "vi").lower().split("-")[0]
        if language in ("vi", "en"):
            found.setdefault(language, str(value).strip())
    return found


def _first_iri(values) -> str:
    return min((str(v) for v in values or () if isinstance(v, URIRef)), default="")


def _access_level(values) -> str:
    if not values:
        return AccessLevel.INTERNAL
    levels = {ACCESS_LEVELS.get(str(v)) for v in values}
    if None in levels or len(levels) > 1:
        return AccessLevel.RESTRICTED  # a right we cannot read, or rights that disagree: the closed one
    return levels.pop()


def _frequency(values) -> str:
    return next((SYNC_FREQUENCIES[str(v)] for v in sorted(values or (), key=str) if str(v) in SYNC_FREQUENCIES), "")


def _contact(index: Index, values) -> dict:
    node = min(values or (), key=str, default=None)
    props = index.get(node, {}) if node is not None else {}
    email = _first_value(props.get(VCARD.hasEmail)).removeprefix("mailto:")
    phone = props.get(VCARD.hasTelephone)
    phone_node = next((p for p in phone or () if isinstance(p, BNode)), None)
    if phone_node is not None:  # vCard: a telephone node whose vcard:hasValue is the tel: IRI
        phone = index.get(phone_node, {}).get(VCARD.hasValue)
    return {
        "contact_name": _text(props.get(VCARD.fn)) or _text(props.get(VCARD["organization-name"])),
        "contact_email": email,
        "contact_phone": _first_value(phone).removeprefix("tel:"),
    }


def _first_value(values) -> str:
    return min((str(v).strip() for v in values or () if not isinstance(v, BNode)), default="")


def _services(index: Index, distributions, data_services) -> tuple:
    """One service per endpoint URL, from each distribution (its access URL, else its download URL,
    and the endpoint of its access service) and each data service serving the dataset. Where two
    describe one endpoint, each field comes from the first that gives it: a distribution carries
    the media type, a data service the endpoint description."""
    found: dict[str, list[str]] = {}
    for node in sorted(distributions, key=str):
        props = index.get(node, {})
        title, media_type = _title(props), _media_type(props)
        url = _first_iri(props.get(DCAT.accessURL)) or _first_iri(props.get(DCAT.downloadURL))
        services = [index.get(service, {}) for service in sorted(props.get(DCAT.accessService, ()), key=str)]
        _service_add(found, url, title, media_type, "")
        for service in services:
            description = _first_iri(service.get(DCAT.endpointDescription))
            _service_add(found, _first_iri(service.get(DCAT.endpointURL)) or url, _title(service) or title,
                         media_type, description)
    for node in sorted(data_services, key=str):
        props = index.get(node, {})
        _service_add(found, _first_iri(props.get(DCAT.endpointURL)), _title(props), "",
                     _first_iri(props.get(DCAT.endpointDescription)))
    return tuple(sorted((url, title or url[:255], media_type, description)
                        for url, (title, media_type, description) in found.items()))


def _service_add(found: dict, url: str, *values: str) -> None:
    if not url:
        return
    known = found.setdefault(url, ["", "", ""])
    for n, value in enumerate(values):
        known[n] = known[n] or value


def _title(props: dict) -> str:
    titles = _by_language(props.get(DCT.title))
    return titles.get("vi") or titles.get("en", "")


def _media_type(props: dict) -> str:
    """application/json from an IANA IRI or a plain literal; parameters dropped, anything else left out."""
    value = _first_value(props.get(DCAT.mediaType)).removeprefix(IANA_MEDIA_TYPES).split(";")[0].strip().lower()
    return value if MEDIA_TYPE.match(value) else ""
