"""Chief engineers: one current holder of each role per body (enforced by the database), and
appointing a new holder ends the previous one in the same transaction."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from architecture.models import ChiefEngineer, ChiefEngineerRole
from architecture.plans import chief_engineer_appoint, chief_engineer_save


def appoint(user, body, name="Nguyễn Văn An", start=date(2025, 8, 15), role=ChiefEngineerRole.IT, **fields):
    return chief_engineer_appoint(user=user, body=body, role=role, person_name=name, start_date=start, **fields)


def test_a_direct_second_current_holder_is_refused_by_the_database(bodies):
    ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.IT, person_name="A",
                                 start_date=date(2025, 8, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.IT, person_name="B",
                                     start_date=date(2025, 9, 1))


def test_the_other_role_and_former_holders_do_not_count(bodies):
    ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.IT, person_name="A",
                                 start_date=date(2025, 8, 1))
    ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.PROFESSIONAL, person_name="B",
                                 start_date=date(2025, 8, 1))
    ChiefEngineer.objects.create(body=bodies["province"], role=ChiefEngineerRole.IT, person_name="C",
                                 start_date=date(2024, 1, 1), end_date=date(2025, 7, 31))
    assert ChiefEngineer.objects.filter(body=bodies["province"]).count() == 3


def test_appointing_ends_the_previous_holder(bodies, users):
    first = appoint(users["parent"], bodies["province"], "Nguyễn Văn An", date(2025, 8, 15),
                    position="Giám đốc Sở KH&CN", email="an@hanoi.gov.vn", decision_number="123/QĐ-UBND",
                    decision_date=date(2025, 8, 10))
    second = appoint(users["parent"], bodies["province"], "Trần Thị Bình", date(2026, 1, 5))
    first.refresh_from_db()
    assert first.end_date == date(2026, 1, 5)
    assert second.is_current and not first.is_current
    current = ChiefEngineer.objects.filter(body=bodies["province"], role=ChiefEngineerRole.IT, end_date__isnull=True)
    assert list(current) == [second]
    assert first.history.first().history_user == users["parent"]
    assert first.history.count() == 2  # appointed, then ended


def test_appointing_leaves_the_other_role_alone(bodies, users):
    professional = appoint(users["parent"], bodies["province"], role=ChiefEngineerRole.PROFESSIONAL)
    appoint(users["parent"], bodies["province"], role=ChiefEngineerRole.IT)
    appoint(users["parent"], bodies["province"], "Lê C", date(2025, 9, 1), role=ChiefEngineerRole.IT)
    professional.refresh_from_db()
    assert professional.is_current


def test_a_new_term_cannot_start_before_the_current_one(bodies, users):
    first = appoint(users["parent"], bodies["province"], start=date(2025, 8, 15))
    with pytest.raises(ValidationError):
        appoint(users["parent"], bodies["province"], "Trần B", date(2025, 8, 1))
    first.refresh_from_db()
    assert first.is_current
    assert ChiefEngineer.objects.count() == 1


def test_bad_input_changes_nothing(bodies, users):
    first = appoint(users["parent"], bodies["province"])
    with pytest.raises(ValidationError):
        appoint(users["parent"], bodies["province"], "Trần B", date(2025, 9, 1), email="not an email")
    first.refresh_from_db()
    assert first.is_current  # the end of the previous term was rolled back with the refused appointment


@pytest.mark.parametrize("role", ["owner", "sibling", "other", "monitor", "reviewer"])
def test_only_the_body_chain_editors_appoint(bodies, users, role):
    with pytest.raises(PermissionDenied):
        appoint(users[role], bodies["province"])
    assert not ChiefEngineer.objects.exists()


def test_ending_a_term_by_hand(bodies, users):
    engineer = appoint(users["owner"], bodies["commune"])
    chief_engineer_save(user=users["owner"], engineer=engineer, changes={"end_date": date(2025, 12, 31)})
    engineer.refresh_from_db()
    assert engineer.end_date == date(2025, 12, 31)
    with pytest.raises(ValidationError):
        chief_engineer_save(user=users["owner"], engineer=engineer, changes={"end_date": date(2025, 1, 1)})
