"""A demo Shared Data Dictionary at the national scale the benchmark names (50,000 elements,
100,000 code values), generated deterministically from a seed and written in bulk.

Demo elements are "demo.e<number>" and demo code lists "demo.cl<number>", so they never mix with
the real dictionary loaded from the reference data, and a reset removes exactly them. Their names
combine a property with a subject ("Ngày cấp của giấy phép kinh doanh") and a number, so search
meets realistic Vietnamese text. They belong in benchmark and demonstration databases only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from architecture.bulk import rows_delete
from architecture.models import Body, BodyLevel
from dictionary.models import CodeList, CodeValue, DataElement, Datatype, ItemStatus, ValueDomain
from dictionary.services import element_search_text

ELEMENT_PREFIX = "demo.e"
CODE_LIST_PREFIX = "demo.cl"
VALUES_PER_LIST = 1_000
CODE_LIST_SHARE = 0.1  # elements whose value domain is one of the demo code lists
BATCH = 5_000

# (property, datatype) and subjects: read as "<property> của <subject>".
PROPERTIES = [
    ("Họ và tên", Datatype.STRING), ("Ngày sinh", Datatype.DATE), ("Ngày cấp", Datatype.DATE),
    ("Nơi cấp", Datatype.STRING), ("Số hiệu", Datatype.STRING), ("Mã định danh", Datatype.STRING),
    ("Địa chỉ thường trú", Datatype.TEXT), ("Số điện thoại", Datatype.STRING), ("Thư điện tử", Datatype.STRING),
    ("Ngày hết hạn", Datatype.DATE), ("Tình trạng", Datatype.STRING), ("Số lượng", Datatype.INTEGER),
    ("Giá trị", Datatype.DECIMAL), ("Diện tích", Datatype.DECIMAL), ("Thời điểm cập nhật", Datatype.DATETIME),
    ("Ghi chú", Datatype.TEXT), ("Tọa độ", Datatype.GEOMETRY), ("Có hiệu lực", Datatype.BOOLEAN),
]
SUBJECTS = [
    "công dân", "hộ gia đình", "doanh nghiệp", "giấy phép kinh doanh", "thửa đất", "phương tiện giao thông",
    "bệnh nhân", "học sinh", "người lao động", "hợp đồng lao động", "tài sản công", "dự án đầu tư",
    "cơ sở khám chữa bệnh", "trường học", "hồ sơ thủ tục hành chính", "văn bản quy phạm pháp luật",
    "cán bộ công chức", "đơn vị hành chính", "hợp tác xã", "công trình xây dựng",
]
LIST_TOPICS = ["nghề nghiệp", "loại giấy tờ", "tình trạng hồ sơ", "loại hình doanh nghiệp", "mục đích sử dụng đất",
               "loại phương tiện", "trình độ đào tạo", "chức danh", "loại tài sản", "lĩnh vực"]


def _demo_elements():
    return DataElement.objects.filter(identifier__startswith=ELEMENT_PREFIX)


def _demo_lists():
    return CodeList.objects.filter(identifier__startswith=CODE_LIST_PREFIX)


def dictionary_demo_state() -> dict:
    return {"elements": _demo_elements().count(),
            "code_values": CodeValue.objects.filter(code_list__identifier__startswith=CODE_LIST_PREFIX).count()}


def dictionary_demo_reset() -> dict:
    """Delete the demo elements and code lists (raw, bottom up: no signal, no history row each).
    Fields still mapped to a demo element protect it: reset the demo catalog first."""
    counts = dictionary_demo_state()
    with transaction.atomic(), connection.cursor() as cursor:
        rows_delete(cursor, DataElement, "identifier LIKE %s", [f"{ELEMENT_PREFIX}%"])
        rows_delete(cursor, CodeList, "identifier LIKE %s", [f"{CODE_LIST_PREFIX}%"])
    return counts


def _stewards() -> list[int]:
    return list(Body.objects.filter(level=BodyLevel.CENTRAL).order_by("code").values_list("id", flat=True))


def _code_lists(count: int, rng: random.Random, stewards: list[int]) -> list[CodeList]:
    lists = []
    for number in range(1, count + 1):
        topic = LIST_TOPICS[(number - 1) % len(LIST_TOPICS)]
        lists.append(CodeList(identifier=f"{CODE_LIST_PREFIX}{number:04d}", name_vi=f"Danh mục {topic} mẫu {number}",
                              status=ItemStatus.VALID, steward_id=rng.choice(stewards) if stewards else None,
                              source="generate_demo (dictionary)"))
    return CodeList.objects.bulk_create(lists)


def _values(code_list: CodeList, count: int) -> list[CodeValue]:
    return [CodeValue(code_list=code_list, code=f"{number:04d}", position=number,
                      label_vi=f"Giá trị {number} của {code_list.name_vi.lower()}") for number in range(1, count + 1)]


def _element(number: int, rng: random.Random, stewards: list[int], lists: list[CodeList]) -> DataElement:
    name, datatype = PROPERTIES[rng.randrange(len(PROPERTIES))]
    subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
    element = DataElement(
        identifier=f"{ELEMENT_PREFIX}{number:06d}", name_vi=f"{name} của {subject} {number}", datatype=datatype,
        definition=f"{name} của {subject}, phần tử mẫu do lệnh generate_demo sinh ra.",
        status=ItemStatus.VALID, steward_id=rng.choice(stewards) if stewards else None,
    )
    if lists and rng.random() < CODE_LIST_SHARE:
        element.datatype, element.value_domain, element.code_list_id = Datatype.STRING, ValueDomain.CODE_LIST, \
            rng.choice(lists).pk
    element.search_text = element_search_text(element)
    return element


def dictionary_demo_generate(*, elements: int, values: int, seed: int = 1,
                             progress: Callable[[str], None] | None = None) -> dict:
    """Generate `elements` demo elements and `values` code values (in lists of VALUES_PER_LIST),
    replacing earlier demo ones; deterministic for a seed."""
    started = time.monotonic()
    dictionary_demo_reset()
    rng = random.Random(f"{seed}:dictionary")
    stewards = _stewards()
    with transaction.atomic():
        lists = _code_lists(-(-values // VALUES_PER_LIST), rng, stewards) if values else []
        remaining = values
        for code_list in lists:
            CodeValue.objects.bulk_create(_values(code_list, min(VALUES_PER_LIST, remaining)), batch_size=BATCH)
            remaining -= VALUES_PER_LIST
    for start in range(1, elements + 1, BATCH):
        with transaction.atomic():
            DataElement.objects.bulk_create(
                [_element(number, rng, stewards, lists) for number in range(start, min(start + BATCH, elements + 1))])
        if progress:
            progress(f"{min(start + BATCH - 1, elements)}/{elements} demo elements, {time.monotonic() - started:.1f}s")
    return {**dictionary_demo_state(), "code_lists": len(lists), "seconds": round(time.monotonic() - started, 1)}
