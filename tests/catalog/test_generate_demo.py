from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from architecture.access import AccessLevel
from architecture.models import BodyKind, BodyLevel
from catalog import demo
from catalog.models import (
    Database,
    DatabaseKind,
    DatabaseReview,
    DatabaseStandard,
    Field,
    ReviewState,
    Service,
    Standard,
    SyncMode,
    SyncReport,
    SyncReporter,
    Table,
)
from catalog.sync import sync_reporter_create
from dictionary.models import DataElement
from tests.conftest import make_database


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list:
    """Everything the seed decides, in a stable order (ids and timestamps excluded)."""
    databases = list(Database.objects.filter(identifier__startswith="DEMO-").order_by("identifier").values_list(
        "identifier", "name_vi", "owner__code", "kind", "data_layer", "lifecycle", "roadmap_target_date",
        "review_state", "submitted_on", "reviewed_on", "standardized_on", "access_level", "security_level",
        "tcvn_14423_status", "encrypted_at_rest", "sync_mode", "sync_frequency", "last_synced_at",
    ))
    fields = list(Field.objects.order_by("table__database__identifier", "table__position", "position").values_list(
        "table__database__identifier", "table__name", "name", "datatype", "required", "element__identifier",
    ))
    links = list(DatabaseStandard.objects.order_by("database__identifier", "standard__code").values_list(
        "database__identifier", "standard__code", "conformance",
    ))
    services = list(Service.objects.order_by("endpoint_url").values_list("database__identifier", "endpoint_url", "protocol"))
    return [databases, fields, links, services]


def test_it_is_deterministic_for_a_seed(bodies):
    generate("--databases", "40", "--fields-per-database", "12", "--seed", "7")
    first = snapshot()
    generate("--databases", "40", "--fields-per-database", "12", "--seed", "7", "--reset")
    assert snapshot() == first
    assert first[0][0][0] == "DEMO-000001" and first[0][-1][0] == "DEMO-000040"


def test_it_does_not_depend_on_chunk_or_batch_size(bodies, monkeypatch):
    generate("--databases", "25", "--fields-per-database", "9")
    first = snapshot()
    monkeypatch.setattr(demo, "CHUNK_DATABASES", 4)
    monkeypatch.setattr(demo, "BATCH_ROWS", 7)
    out = generate("--databases", "25", "--fields-per-database", "9", "--reset")
    assert snapshot() == first
    assert "8/25 databases" in out  # progress per chunk


def test_another_seed_gives_another_catalog(bodies):
    generate("--databases", "30", "--seed", "1")
    first = snapshot()
    generate("--databases", "30", "--seed", "2", "--reset")
    second = snapshot()
    assert [row[0] for row in second[0]] == [row[0] for row in first[0]]  # same identifiers
    assert second[0] != first[0] and second[1] != first[1]


def test_it_counts_databases_tables_and_fields(bodies):
    out = generate("--databases", "12", "--fields-per-database", "11", "--tables-per-database", "3")
    assert Database.objects.filter(identifier__startswith="DEMO-").count() == 12
    assert Table.objects.count() == 12 * 3
    assert Field.objects.count() == 12 * 11
    # 11 fields over 3 tables: 4, 4, 3, with unique names in each table.
    sizes = sorted(t.fields.count() for t in Table.objects.filter(database__identifier="DEMO-000001"))
    assert sizes == [3, 4, 4]
    assert "Generated 12 databases, 36 tables, 132 fields" in out


def test_entries_respect_the_rules_and_spread_over_bodies(bodies):
    generate("--databases", "150", "--fields-per-database", "4")
    entries = Database.objects.filter(identifier__startswith="DEMO-").select_related("owner")
    for entry in entries:
        if entry.sync_mode == SyncMode.PERIODIC:
            assert entry.sync_frequency
        if entry.review_state in (ReviewState.REVIEWED, ReviewState.STANDARDIZED):
            assert entry.submitted_on <= entry.reviewed_on
        if entry.review_state == ReviewState.STANDARDIZED:
            assert entry.standardized_on >= entry.reviewed_on
        assert 1 <= entry.security_level <= 5
        central = entry.owner.level == BodyLevel.CENTRAL
        assert central == (entry.kind != DatabaseKind.LOCAL)
        if entry.kind == DatabaseKind.NATIONAL:
            assert entry.owner.kind in (BodyKind.MINISTRY, BodyKind.MINISTERIAL_AGENCY)
        if entry.has_personal_data:
            assert entry.access_level != AccessLevel.PUBLIC
    assert any(e.name_vi.endswith(" phường Ba Đình") for e in entries)  # "Cơ sở dữ liệu <topic> phường Ba Đình"
    assert {e.access_level for e in entries} == set(AccessLevel.values)
    assert {e.kind for e in entries} == set(DatabaseKind.values)
    assert len({e.review_state for e in entries}) == len(ReviewState.values)
    assert len({e.owner_id for e in entries}) == len(bodies)
    assert DatabaseStandard.objects.exists() and Service.objects.exists()
    # bulk_create sends no post_save signal, so demo data leaves no history behind.
    assert not Database.history.exists() and not Field.history.exists() and not Standard.history.exists()


def test_reset_removes_only_demo_entries(bodies):
    real = make_database(bodies["commune"], "CSDL-THAT")
    look_alike = make_database(bodies["commune"], "DEMO-TAY-NGHE")
    real_table = Table.objects.create(database=real, name="cong_dan")
    Field.objects.create(table=real_table, name="ho_ten", datatype="string")
    standard = Standard.objects.create(code="TCVN 14423:2025", title="An toàn mạng")
    generate("--databases", "20")
    out = generate("--databases", "0", "--reset")
    assert "Deleted 20 demo databases and 5 demo standards" in out
    assert set(Database.objects.values_list("identifier", flat=True)) == {"CSDL-THAT", "DEMO-TAY-NGHE"}
    assert list(Field.objects.values_list("table__database", flat=True)) == [real.pk]
    assert list(Standard.objects.all()) == [standard]
    assert look_alike.pk and not Service.objects.exists()


def test_reset_clears_what_refers_to_demo_entries(bodies, users):
    """Rows of other registers that point at a demo database (reviews, synchronization reports,
    reporters) go with it, as the ORM's cascade would take them; the database's constraints,
    checked at the end of the test, prove nothing dangles."""
    generate("--databases", "3")
    database = Database.objects.filter(identifier__startswith="DEMO-").first()
    reporter, _token = sync_reporter_create(user=users["admin"], database=database)
    SyncReport.objects.create(database=database, reporter=reporter, report_id="r-1", started_at=timezone.now(),
                              finished_at=timezone.now(), records_sent=1, outcome="success")
    DatabaseReview.objects.create(database=database, action="submit", from_state="not_reviewed",
                                  to_state="submitted", actor=users["owner"])
    generate("--databases", "0", "--reset")
    assert not Database.objects.filter(identifier__startswith="DEMO-").exists()
    assert not SyncReport.objects.exists() and not SyncReporter.objects.exists() and not DatabaseReview.objects.exists()


def test_it_refuses_to_generate_twice_without_reset(bodies):
    generate("--databases", "3")
    with pytest.raises(CommandError, match="--reset"):
        generate("--databases", "3")


def test_a_failing_chunk_leaves_nothing_behind(bodies, monkeypatch):
    monkeypatch.setattr(demo, "CHUNK_DATABASES", 10)
    real_field_rows = demo.field_rows

    def failing_field_rows(number, *args, **kwargs):
        if number == 15:
            raise RuntimeError("disk full")
        return real_field_rows(number, *args, **kwargs)

    monkeypatch.setattr(demo, "field_rows", failing_field_rows)
    with pytest.raises(RuntimeError):
        generate("--databases", "30", "--fields-per-database", "5")
    assert Database.objects.filter(identifier__startswith="DEMO-").count() == 10  # first chunk only
    assert Table.objects.count() == 50 and Field.objects.count() == 50


def test_it_maps_a_share_of_fields_to_elements(bodies):
    name = DataElement.objects.create(identifier="DE-HO-TEN", name_vi="Họ và tên")
    DataElement.objects.create(identifier="DE-MST", name_vi="Mã số thuế doanh nghiệp")
    generate("--databases", "30", "--fields-per-database", "20")
    mapped = Field.objects.filter(element__isnull=False)
    assert 0.2 < mapped.count() / Field.objects.count() < 0.6
    assert set(mapped.filter(name="ho_ten").values_list("element", flat=True)) == {name.pk}


def test_fields_stay_unmapped_without_elements(bodies):
    generate("--databases", "20")
    assert not Field.objects.filter(element__isnull=False).exists()
    local = Field.objects.filter(is_local=True)
    assert local.exists() and not local.filter(local_reason="").exists()


def test_it_asks_for_reference_data_without_bodies(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        generate("--databases", "5")
    assert not Database.objects.exists()


def test_demo_assessments_score_by_the_rule_and_go_with_their_databases(bodies):
    from architecture.reference_frameworks import frameworks_load
    from catalog.conformance import score_of
    from catalog.demo_assessments import assessments_demo_generate
    from catalog.models import ConformanceAssessment

    frameworks_load()
    generate("--databases", "30")
    counts = assessments_demo_generate(seed=2, share=0.5)
    assert 0 < counts["assessments"] == ConformanceAssessment.objects.count() < 30
    for assessment in ConformanceAssessment.objects.all():
        assert assessment.database.owner_id == assessment.body_id and assessment.status == "final"
        assert (assessment.score, assessment.applicable_count) == score_of(
            list(assessment.answers.values_list("answer", flat=True)))
    generate("--databases", "0", "--reset")
    assert not ConformanceAssessment.objects.exists()
