"""A body's obligations and a conformance assessment in a real browser: a commune's editor records
its Data Strategy as issued and marks a milestone done with its evidence; an assessor records an
assessment of one of its databases, answering every requirement in one form, and sees its score.
Screenshots plans-*.png and assessment-*.png under test-output/screenshots/."""

import datetime

import pytest
from playwright.sync_api import expect

from architecture.models import FrameworkRequirement, FrameworkVersion, Milestone, Strategy, User
from catalog.models import ConformanceAssessment

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_keeps_the_obligations_current(page, sign_in, screenshot, users, bodies):
    milestone = Milestone.objects.create(body=bodies["commune"], title="Rà soát cơ sở dữ liệu (Nghị quyết 214)",
                                         target_date=datetime.date(2025, 8, 31))
    sign_in(page, users["owner"])
    page.goto("/bodies/00004/")
    page.get_by_test_id("edit-plans").click()
    expect(page.locator("h1")).to_have_text("Nghĩa vụ của Phường Ba Đình")
    screenshot(page, "plans-overview")

    # The Data Strategy, issued.
    page.get_by_role("link", name="Ghi nhận chiến lược").click()
    page.locator("#id_kind").select_option("data")
    page.locator("#id_title").fill("Chiến lược dữ liệu phường Ba Đình giai đoạn 2025-2030")
    page.locator("#id_status").select_option("issued")
    page.locator("#id_period_start").fill("2025")
    page.locator("#id_period_end").fill("2030")
    page.get_by_test_id("save").click()
    # Without its decision the page says why, beside the input, and stores nothing.
    expect(page.locator(".form-field--decision_number .errorlist")).to_contain_text("số và ngày quyết định")
    assert not Strategy.objects.exists()
    screenshot(page, "plans-strategy-error")
    page.locator("#id_decision_number").fill("15/QĐ-UBND")
    page.locator("#id_decision_date").fill("2025-09-20")
    page.get_by_test_id("save").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu chiến lược.")
    expect(page.get_by_test_id("strategy-status")).to_contain_text("Đã ban hành")

    # The milestone, done with its evidence.
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.locator("#id_status").select_option("done")
    page.locator("#id_completion_date").fill("2025-08-25")
    page.locator("#id_evidence_url").fill("https://badinh.hanoi.gov.vn/bao-cao-ra-soat.pdf")
    page.locator("#id_evidence").fill("Báo cáo rà soát số 12/BC-UBND")
    screenshot(page, "plans-milestone")
    page.get_by_test_id("save").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu mốc.")
    expect(page.get_by_test_id("milestone-state")).to_have_text("Đã hoàn thành")
    screenshot(page, "plans-saved")
    milestone.refresh_from_db()
    assert milestone.status == "done" and milestone.completion_date == datetime.date(2025, 8, 25)
    assert Strategy.objects.get().status == "issued"


def test_an_assessor_records_an_assessment_and_sees_its_score(page, sign_in, screenshot, bodies, databases):
    version = FrameworkVersion.objects.create(code="DGAF-3.0", name_vi="Khung Kiến trúc Chính phủ số", version="3.0")
    for order, identifier in enumerate(("DRM-01", "DRM-02")):
        FrameworkRequirement.objects.create(
            framework=version, identifier=identifier, text_vi=f"Yêu cầu {identifier}", reference_model="DRM",
            legal_source="Quyết định 2568/QĐ-BTTTT", applies_to="database", order=order)
    assessor = User.objects.create_user(username="assessor", password="x-2025!", body=bodies["province"],
                                        is_assessor=True)
    sign_in(page, assessor)
    page.goto("/databases/CSDL-CONG-KHAI")
    page.get_by_test_id("assess-database").click()
    page.locator("#id_assessed_on").fill("2025-10-01")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    expect(page.locator("h1")).to_have_text("Đánh giá tuân thủ: các câu trả lời")

    assessment = ConformanceAssessment.objects.get()
    first, second = version.requirements.order_by("order")
    page.locator(f"#id_r{first.pk}-answer").select_option("compliant")
    page.locator(f"#id_r{first.pk}-evidence_url").fill("https://badinh.hanoi.gov.vn/bien-ban.pdf")
    page.locator(f"#id_r{second.pk}-answer").select_option("partly")
    page.locator(f"#id_r{second.pk}-comment").fill("Còn thiếu từ điển dữ liệu")
    screenshot(page, "assessment-form")
    page.get_by_test_id("finalize").click()
    expect(page.locator(".messages")).to_contain_text("Đánh giá đã hoàn tất.")
    expect(page.get_by_test_id("assessment-score")).to_contain_text("75,0%")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Chính thức")
    screenshot(page, "assessment-final")
    assessment.refresh_from_db()
    assert assessment.status == "final" and str(assessment.score) == "75.0"
