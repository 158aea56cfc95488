"""Shared fixtures: a small political system and one user per role, so every permission test
reads the same way (after healthchecks' BaseTestCase)."""

import sys

import pytest
from django.conf import settings
from django.db import transaction

from architecture.access import AccessLevel
from architecture.models import BodyKind, BodyLevel, UnitType, User
from architecture.services import body_create
from catalog.models import Database, DatabaseKind

SERIAL = ("faults", "redis", "celery_worker")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Tests that stop, pause or share a service (PostgreSQL, Redis, a Celery worker), and those
    that commit (transactional tests empty the database afterwards, the rows of data migrations
    included, which the tests after them on the same worker would miss) are marked `serial`:
    `./dev test` spreads the others over every core and runs these alone afterwards. Tests marked
    `postgresql` are deselected on SQLite."""
    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    postgresql_only = [item for item in items if item.get_closest_marker("postgresql") and not on_postgresql]
    if postgresql_only:  # deselected, not skipped: they mean nothing on SQLite
        config.hook.pytest_deselected(items=postgresql_only)
        items[:] = [item for item in items if item not in postgresql_only]
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = (marker is not None and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
        if commits or "/tests/faults/" in str(item.fspath) or any(item.get_closest_marker(name) for name in SERIAL):
            item.add_marker(pytest.mark.serial)


# Tests sign users in many times; the production hasher is slow on purpose.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bodies(db):
    return bodies_create()


def bodies_create() -> dict:
    """Two ministries, the Government Office, Hanoi and two of its wards."""
    ministry = body_create(code="GOV-M02", name_vi="Bộ Công an", name_en="Ministry of Public Security",
                           kind=BodyKind.MINISTRY, level=BodyLevel.CENTRAL)
    other_ministry = body_create(code="GOV-M13", name_vi="Bộ Y tế", name_en="Ministry of Health",
                                 kind=BodyKind.MINISTRY, level=BodyLevel.CENTRAL)
    office = body_create(code="GOV-ML3", name_vi="Văn phòng Chính phủ", name_en="Government Office",
                         kind=BodyKind.MINISTERIAL_AGENCY, level=BodyLevel.CENTRAL)
    province = body_create(code="01", name_vi="Thành phố Hà Nội", name_en="Hanoi City", kind=BodyKind.PROVINCE,
                           level=BodyLevel.PROVINCIAL, unit_type=UnitType.MUNICIPALITY)
    commune = body_create(code="00004", name_vi="Phường Ba Đình", name_en="Ba Dinh Ward", kind=BodyKind.COMMUNE,
                          level=BodyLevel.COMMUNAL, unit_type=UnitType.WARD, parent=province)
    other_commune = body_create(code="00008", name_vi="Phường Ngọc Hà", name_en="Ngoc Ha Ward",
                                kind=BodyKind.COMMUNE, level=BodyLevel.COMMUNAL, unit_type=UnitType.WARD,
                                parent=province)
    return {"ministry": ministry, "other_ministry": other_ministry, "office": office, "province": province,
            "commune": commune, "other_commune": other_commune}


def _user(username, body=None, **roles):
    return User.objects.create_user(username=username, password="Mat-khau-2025!", body=body, **roles)


@pytest.fixture
def users(bodies):
    return users_create(bodies)


def users_create(bodies) -> dict:
    """One user per row of the permission matrix. The commune owns the test databases."""
    return {
        "owner": _user("owner", bodies["commune"], is_editor=True),
        "other": _user("other", bodies["other_ministry"], is_editor=True),
        "parent": _user("parent", bodies["province"], is_editor=True),
        "sibling": _user("sibling", bodies["other_commune"], is_editor=True),
        "reviewer": _user("reviewer", bodies["ministry"], is_reviewer=True),
        "monitor": _user("monitor", bodies["office"], is_monitor=True),
        "admin": _user("admin", None, is_administrator=True, is_staff=True),
    }


def make_database(owner, identifier="CSDL-TEST", access_level=AccessLevel.PUBLIC, **fields):
    return Database.objects.create(
        identifier=identifier, name_vi=fields.pop("name_vi", f"Cơ sở dữ liệu {identifier}"),
        kind=fields.pop("kind", DatabaseKind.LOCAL), owner=owner, access_level=access_level, **fields,
    )


@pytest.fixture
def databases(bodies):
    return databases_create(bodies)


def databases_create(bodies) -> dict:
    commune = bodies["commune"]
    return {
        "public": make_database(commune, "CSDL-CONG-KHAI", AccessLevel.PUBLIC),
        "internal": make_database(commune, "CSDL-NOI-BO", AccessLevel.INTERNAL),
        "restricted": make_database(commune, "CSDL-MAT", AccessLevel.RESTRICTED),
    }


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Pages render without `collectstatic`: the manifest storage of production needs its manifest."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def load_for_module(django_db_blocker, load):
    """Run `load` once for a whole test module, inside a transaction rolled back when the module ends;
    each test then runs in its own savepoint on top of it (the `db` fixture). For fixtures that load
    reference files, which takes seconds. Use as: `yield from load_for_module(django_db_blocker, fn)`."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            result = load()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield result
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
