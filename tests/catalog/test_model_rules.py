"""Rules the database itself enforces, so no path around the forms and the API can break them."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from architecture.access import AccessLevel
from catalog.models import (
    Database, DatabaseReview, DatabaseStandard, Field, ReviewState, Service, Standard, SyncMode, Table,
)
from tests.conftest import make_database


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_identifier_is_unique(bodies):
    make_database(bodies["commune"], "CSDL-A")
    _refused(lambda: make_database(bodies["province"], "CSDL-A"))


@pytest.mark.parametrize("identifier", ["có dấu", "a/b", " lead", ""])
def test_identifier_format(bodies, identifier):
    _refused(lambda: make_database(bodies["commune"], identifier))


@pytest.mark.parametrize("field,value", [
    ("kind", "imaginary"), ("lifecycle", "dreaming"), ("access_level", "secret"), ("data_layer", "gold"),
    ("tcvn_14423_status", "maybe"), ("sync_mode", "carrier_pigeon"), ("sync_frequency", "sometimes"),
])
def test_choices_are_enforced_by_the_database(bodies, field, value):
    _refused(lambda: make_database(bodies["commune"], "CSDL-X", **{field: value}))


@pytest.mark.parametrize("level,ok", [(0, False), (1, True), (5, True), (6, False)])
def test_security_level_is_1_to_5(bodies, level, ok):
    def make():
        return make_database(bodies["commune"], f"CSDL-L{level}", security_level=level)
    if ok:
        assert make().security_level == level
    else:
        _refused(make)


def test_periodic_sync_needs_a_frequency(bodies):
    _refused(lambda: make_database(bodies["commune"], "CSDL-S", sync_mode=SyncMode.PERIODIC))
    assert make_database(bodies["commune"], "CSDL-S", sync_mode=SyncMode.PERIODIC, sync_frequency="daily")


def test_review_dates_in_order_and_states_dated(bodies):
    day = datetime.date(2025, 8, 1)
    _refused(lambda: make_database(bodies["commune"], "CSDL-R1", reviewed_on=day,
                                   standardized_on=day - datetime.timedelta(days=1)))
    _refused(lambda: make_database(bodies["commune"], "CSDL-R2", review_state=ReviewState.REVIEWED))
    _refused(lambda: make_database(bodies["commune"], "CSDL-R3", review_state=ReviewState.STANDARDIZED,
                                   reviewed_on=day))


def test_returned_review_step_needs_a_comment(users, databases):
    _refused(lambda: DatabaseReview.objects.create(
        database=databases["public"], action="return", from_state="submitted", to_state="returned",
        actor=users["reviewer"], comment=""))


def test_table_and_field_names_unique_where_they_live(databases):
    table = Table.objects.create(database=databases["public"], name="cong_dan")
    _refused(lambda: Table.objects.create(database=databases["public"], name="cong_dan"))
    assert Table.objects.create(database=databases["internal"], name="cong_dan")
    Field.objects.create(table=table, name="ho_ten", datatype="string", length=100)
    _refused(lambda: Field.objects.create(table=table, name="ho_ten", datatype="string"))
    _refused(lambda: Field.objects.create(table=table, name="tuoi", datatype="number"))
    _refused(lambda: Field.objects.create(table=table, name="ma", datatype="string", length=0))
    _refused(lambda: Field.objects.create(table=table, name="", datatype="string"))


def test_standard_links_are_unique_and_checked(databases):
    standard = Standard.objects.create(code="TCVN 14423:2025", title="Yêu cầu an toàn mạng", year=2025)
    _refused(lambda: Standard.objects.create(code="TCVN 14423:2025", title="bản sao"))
    _refused(lambda: Standard.objects.create(code="X", title="năm lạ", year=20250))
    DatabaseStandard.objects.create(database=databases["public"], standard=standard, conformance="conformant")
    _refused(lambda: DatabaseStandard.objects.create(database=databases["public"], standard=standard))
    _refused(lambda: DatabaseStandard.objects.create(database=databases["internal"], standard=standard,
                                                     conformance="perhaps"))


def test_service_protocol_media_type_and_endpoint(databases):
    database = databases["public"]
    Service.objects.create(database=database, title="API", endpoint_url="https://api.example.vn/v1",
                           media_type="application/json")
    _refused(lambda: Service.objects.create(database=database, title="trùng", endpoint_url="https://api.example.vn/v1"))
    _refused(lambda: Service.objects.create(database=database, title="x", endpoint_url="https://b.example.vn",
                                            protocol="telepathy"))
    _refused(lambda: Service.objects.create(database=database, title="x", endpoint_url="https://c.example.vn",
                                            media_type="json"))


def test_body_in_use_cannot_be_deleted(databases, bodies):
    _refused(lambda: bodies["commune"].delete())


def test_default_access_is_within_the_political_system(bodies):
    database = Database.objects.create(identifier="CSDL-D", name_vi="x", kind="local", owner=bodies["commune"])
    assert database.access_level == AccessLevel.INTERNAL
