"""Every URL of the URL configuration (found by tests/security/walk.py, so a new URL is walked
without editing this file), as an anonymous visitor, as an editor of another body and as a monitor.

Reading: for each role, a set of entries the rules of architecture/access.py hide from it (HIDDEN
below). Every path, with and without search and filter parameters, is read twice: with the hidden
entries in the registry and after deleting them. The two answers must be identical: status,
headers and body (RDF compared as graphs, spreadsheets as cells). So no page, search result, API
list, facet count, DCAT or SKOS output, export, dashboard figure or error message tells the reader
anything about what they may not see, not even that it exists.

Writing: every path is sent POST (and PUT, PATCH and DELETE for the API) with what an
administrator's copy of the page offers (the form as filled in, or the API's representation),
and must write nothing to the registry's tables, except what every signed-in person may do for
themselves (SELF_SERVICE). The same requests as an administrator write, which shows the payloads
were good ones and the refusals are the permission's doing.

Monitors read every entry, restricted ones included (issues #1 and #7: "a monitor reads
everything"); what is hidden from them is the security posture of databases and other people's
credentials and imports.
"""

import datetime
import json
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from architecture.access import AccessLevel
from architecture.models import (
    ApiToken,
    BodyArchitecture,
    ChiefEngineer,
    ChiefEngineerRole,
    FrameworkRequirement,
    FrameworkVersion,
    Milestone,
    Strategy,
)
from architecture.tokens import token_create
from catalog.conformance import answer_save, assessment_create
from catalog.models import (
    Database,
    DatabaseStandard,
    Field,
    HarvestSource,
    ImportJob,
    SecurityApproval,
    SecurityAssessment,
    SecurityIncident,
    Service,
    Standard,
    SyncReport,
    SyncReporter,
    Table,
)
from catalog.security import security_approval_record, security_assessment_record, security_incident_record
from catalog.services import database_review_step
from catalog.sync import sync_reporter_create
from tests.conftest import bodies_create, databases_create, load_for_module, make_database, users_create
from tests.security import walk
from tests.web.conftest import BROWSER

# Long (about 1,100 paths, each read twice and written four ways, per role): run once in .ci/run,
# on the production database, where the search is PostgreSQL's own (trigram) and not the fallback.
pytestmark = pytest.mark.postgresql

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))
SEARCHES = ("?q=ZQX&search=ZQX", "?access_level=restricted&owner=00004&body=00004")
ALWAYS_WRITTEN = {"django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
                  "architecture_auditevent"}
# What any signed-in person may change for themselves, whoever the administrator's form named.
SELF_SERVICE = {"set_language", "logout", "login", "password_change", "two-factor-setup",
                "monitoring:alert-preference", "token-list"}


def build_world():
    _numbering_from_one()
    bodies = bodies_create()
    users = users_create(bodies)
    databases = databases_create(bodies)
    databases["other_restricted"] = make_database(bodies["other_ministry"], "ZQX-BYT", AccessLevel.RESTRICTED,
                                                  name_vi="ZQX Cơ sở dữ liệu mật của Bộ Y tế")
    Database.objects.filter(pk=databases["restricted"].pk).update(
        name_vi="ZQX Cơ sở dữ liệu mật", description_vi="ZQX mô tả", keywords="zqx")
    standard = Standard.objects.create(code="TCVN 14423:2025", title="Yêu cầu an toàn", year=2025)
    framework = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung kiến trúc", version="3.0")
    requirement = FrameworkRequirement.objects.create(
        framework=framework, identifier="D1", text_vi="Đầu mối liên hệ", reference_model="DRM",
        legal_source="Quyết định 2568/QĐ-BTTTT", applies_to="database", check_code="contact_point")
    owner = users["owner"]
    for key, database in databases.items():
        table = Table.objects.create(database=database, name=f"bang_{key}")
        Field.objects.create(table=table, name=f"cot_{key}", datatype="string")
        Service.objects.create(database=database, title=f"API {key}", endpoint_url=f"https://{key}.example.gov.vn/")
        DatabaseStandard.objects.create(database=database, standard=standard)
        SyncReport.objects.create(database=database, report_id=f"r-{key}", started_at=NOW, finished_at=NOW,
                                  outcome="success")
        if database.owner == bodies["commune"]:
            database_review_step(user=owner, database=database, action="submit")
            sync_reporter_create(user=owner, database=database)
            security_approval_record(user=owner, database=database, level=3, decision_number="ZQX-1/QĐ",
                                     decided_on=datetime.date(2025, 7, 1), approving_authority="ZQX UBND")
            security_assessment_record(user=owner, database=database, assessed_on=datetime.date(2025, 8, 1),
                                       assessor="ZQX A05", result="partly", findings="ZQX thiếu sao lưu",
                                       period_months=12)
        assessment = assessment_create(user=users["admin"], framework=framework, database=database,
                                       assessed_on=datetime.date(2025, 9, 1))
        answer_save(user=users["admin"], assessment=assessment, requirement=requirement, answer="compliant")
    security_incident_record(user=owner, owner=bodies["commune"], databases=[databases["public"]],
                             occurred_at=NOW, severity="critical", summary="ZQX mã độc")
    for role in ("owner", "other", "monitor", "admin"):
        token_create(user=users[role], name=f"ZQX khóa {role}")
        ImportJob.objects.create(user=users[role], body=users[role].body or bodies["commune"], format="csv",
                                 errors=[{"line": 2, "column": "name_vi", "reason": f"ZQX lỗi {role}"}])
    ChiefEngineer.objects.create(body=bodies["commune"], role=ChiefEngineerRole.IT, person_name="Nguyễn Văn A",
                                 email="zqx@badinh.gov.vn", phone="0912 000 111", start_date=datetime.date(2025, 8, 1))
    Strategy.objects.create(body=bodies["commune"], kind="data", title="Chiến lược dữ liệu", period_start=2025,
                            period_end=2030)
    Milestone.objects.create(body=bodies["commune"], title="Rà soát", target_date=datetime.date(2026, 12, 31))
    BodyArchitecture.objects.create(body=bodies["commune"], title="Kiến trúc số", framework=framework)
    HarvestSource.objects.create(name="ZQX nguồn", url="https://catalog.example.gov.vn/dcat",
                                 owner=bodies["province"], access_token="ZQX-secret")
    return {"bodies": bodies, "users": users, "databases": databases, "framework": framework}


def _numbering_from_one():
    """Ids from 1 in every table (PostgreSQL's sequences keep counting across rolled-back tests), so
    that the ids 1 to 4 of the pools name this world's entries of every kind (a database and its
    parts are 1 to 4, created in the order public, internal, restricted, the other body's)."""
    from django.apps import apps
    from django.core.management.color import no_style
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from load_for_module(django_db_blocker, build_world)


def _hide_from_anonymous(world):
    Database.objects.exclude(access_level=AccessLevel.PUBLIC).delete()
    _hide_posture_and_others(world, keep_user=None)
    HarvestSource.objects.all().delete()


def _hide_from_other_editor(world):
    other = world["users"]["other"]
    Database.objects.filter(access_level=AccessLevel.RESTRICTED).exclude(owner__path__startswith=other.body.path
                                                                         ).delete()
    _hide_posture_and_others(world, keep_user=other)


def _hide_from_monitor(world):
    _hide_posture_and_others(world, keep_user=world["users"]["monitor"])


def _hide_posture_and_others(world, keep_user):
    """Security posture of every database (none is the walker's), other people's credentials and imports."""
    SecurityApproval.objects.all().delete()
    SecurityAssessment.objects.all().delete()
    SecurityIncident.objects.all().delete()
    SyncReporter.objects.all().delete()
    ApiToken.objects.exclude(user=keep_user).delete()
    ImportJob.objects.exclude(user=keep_user).delete()


HIDDEN = {None: _hide_from_anonymous, "other": _hide_from_other_editor, "monitor": _hide_from_monitor}
# Fields of visible entries a role is not shown: no answer may carry them. The harvest source's
# access token is shown to nobody (write-only); a chief engineer's contacts to signed-in people only.
HIDDEN_TEXT = {None: ["zqx@badinh.gov.vn", "0912 000 111", "ZQX-secret"], "other": ["ZQX-secret"],
               "monitor": ["ZQX-secret"]}


def pools(world) -> dict[str, list[str]]:
    """The values tried for each URL parameter: the entries of the world, hidden and visible ones."""
    bodies, databases = world["bodies"], world["databases"]
    numbers = [str(number) for number in range(1, 5)]  # ids: see _numbering_from_one
    identifiers = [database.identifier for database in databases.values()]
    return {
        "identifier": identifiers, "code": [bodies["commune"].code, bodies["province"].code, "DGAF-3.0"],
        "pk": numbers, "id": numbers, "object_id": numbers[:1], "content_type_id": ["1"],
        **{name: numbers for name in ("table_id", "change_id", "job_id", "reporter_id", "strategy_id",
                                      "milestone_id", "architecture_id", "entry_id", "answer_id", "incident_id")},
        "suffix": [".ttl", ".jsonld", ".rdf"], "fmt": ["csv", "xlsx", "pdf"],
        "name": ["databases", "not_reviewed_yet", "sync_overdue"], "month": ["2026-10"], "version": ["1.0.0"],
        "kind": ["strategy", "milestone", "architecture", "engineer"], "rest": ["zqx"], "url": ["zqx/"],
        "app_label": ["catalog", "architecture"],
    }


def every_path(world) -> list[tuple[str, str, bool]]:
    """(route name, path, whether the route takes parameters) of every route of the URL configuration."""
    values = pools(world)
    return [(route.name, path, bool(route.params())) for route in walk.routes() for path in walk.paths(route, values)]


def client_for(world, role):
    client = Client(headers={"Accept": BROWSER}, raise_request_exception=False)
    if role is not None:
        client.force_login(world["users"][role])
    return client


def read(client, path):
    cache.clear()  # figures and throttles: each read computed afresh
    return walk.shown(client.get(path))


def test_every_url_is_walked(world, db):
    """Each route of the URL configuration gives the walk at least one path that resolves; a
    route with a parameter no pool knows fails here by name (add its values to `pools`)."""
    values = pools(world)
    unwalked = [route.name for route in walk.routes() if not walk.paths(route, values)]
    assert not unwalked
    assert len(walk.routes()) > 400  # the admin's, the API's and the pages' routes, all found


@pytest.fixture
def frozen_time(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.mark.parametrize("role", [None, "other", "monitor"], ids=["anonymous", "other-body-editor", "monitor"])
def test_hidden_entries_change_nothing_a_role_reads(world, db, frozen_time, role):
    client = client_for(world, role)
    paths = every_path(world)
    reads = [path + query for _name, path, takes in paths for query in ("",) + (() if takes else SEARCHES)]
    with_hidden = {path: read(client, path) for path in reads}
    HIDDEN[role](world)
    showing = [(path, text) for path in reads for text in HIDDEN_TEXT[role]
               if text in walk.text_of(with_hidden[path])]
    differing = [path for path in reads if read(client, path) != with_hidden[path]]
    statuses = Counter(answer["status"] for answer in with_hidden.values())
    print(f"\nURL walk as {role or 'anonymous'}: {len(reads)} reads of {len(paths)} paths, statuses {dict(statuses)}")
    failing = [path for path in reads if with_hidden[path]["status"] >= 500]
    assert not failing, "server errors:\n" + "\n".join(failing)
    assert not showing, f"hidden fields shown: {showing}"
    assert not differing, f"{len(differing)} answers depend on hidden entries:\n" + "\n".join(differing)


# --- writing

API_METHODS = ("post", "put", "patch", "delete")
EDITORS_MAY = {"change-request-list", "dictionary:change-new"}  # any editor proposes a dictionary change
ADMINISTRATOR: dict = {}  # the administrator's requests and what they wrote, once for the three roles


def offered(admin, path) -> list[tuple[str, dict]]:
    """What an administrator's copy of `path` offers to send back: the API's representation of the
    entry (or of the first entry of a list) for each write method, or the page's form as filled in,
    its free text changed a little."""
    cache.clear()
    if path.startswith("/api/"):
        response = admin.get(path, HTTP_ACCEPT="application/json")
        body = response.json() if response.status_code == 200 and "json" in response.get("Content-Type", "") else {}
        if isinstance(body, dict) and isinstance(body.get("results"), list):
            body = body["results"][0] if body["results"] else {}
        return [(method, walk.edited(body) if isinstance(body, dict) else {}) for method in API_METHODS]
    response = admin.get(path)
    html = response.status_code == 200 and "html" in response.get("Content-Type", "")
    return [("post", walk.edited((walk.form_of(response.content) if html else None) or {}))]


def send(client, method, path, payload) -> set[str]:
    """One write, rolled back; the registry tables it wrote."""
    cache.clear()  # throttles: the walk sends far more than a person would
    savepoint = transaction.savepoint()
    try:
        with walk.Writes() as writes:
            if path.startswith("/api/"):
                client.generic(method.upper(), path, json.dumps(payload), content_type="application/json",
                               HTTP_IF_MATCH="*", HTTP_ACCEPT="application/json")
            else:
                client.post(path, payload)
    finally:
        transaction.savepoint_rollback(savepoint)
    return writes.tables - ALWAYS_WRITTEN


def routes_written(world, role, requests) -> dict[str, set[tuple[str, str]]]:
    """route name -> the (method, path) of its requests that wrote something, as `role`."""
    client, wrote = client_for(world, role), {}
    for name, method, path, payload in requests:
        if send(client, method, path, payload):
            wrote.setdefault(name, set()).add((method, path))
        if role is not None and "_auth_user_id" not in client.session:
            client.force_login(world["users"][role])  # a sign-out route signed the walker out
    return wrote


def administrators_requests(world):
    if not ADMINISTRATOR:
        admin = client_for(world, "admin")
        requests = [(name, method, path, payload) for name, path, _takes in every_path(world)
                    for method, payload in offered(admin, path)]
        ADMINISTRATOR.update(requests=requests, wrote=routes_written(world, "admin", requests))
    return ADMINISTRATOR["requests"], ADMINISTRATOR["wrote"]


@pytest.mark.parametrize("role", [None, "other", "monitor"], ids=["anonymous", "other-body-editor", "monitor"])
def test_no_write_succeeds_where_the_role_may_not_write(world, db, role):
    requests, control = administrators_requests(world)
    walker = world["users"].get(role)
    ApiToken.objects.filter(user=walker).delete()  # so that no token or import the walker touches is its own
    ImportJob.objects.filter(user=walker).delete()
    if walker is not None and walker.body_id:
        Database.objects.filter(owner=walker.body).delete()  # the other body's own entries are its to change
    allowed = set() if role is None else SELF_SERVICE | (EDITORS_MAY if walker.is_editor else set())
    wrote = routes_written(world, role, requests)
    print(f"\nwrites as {role or 'anonymous'}: {len(requests)} requests; the administrator's same requests "
          f"wrote through {len(control)} routes; this role wrote through {sorted(wrote)}")
    forbidden = {name: sorted(sent) for name, sent in wrote.items() if name not in allowed}
    assert not forbidden, "writes that should have been refused:\n" + "\n".join(
        f"{name}: {sent}" for name, sent in forbidden.items())
    assert len(set(control) - allowed) >= 60, f"the payloads should be good ones: only {sorted(control)} wrote"
