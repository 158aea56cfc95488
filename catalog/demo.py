"""A deterministic demo and benchmark catalog over the real bodies (`manage.py generate_demo`).

Entries are recognisable: databases are DEMO-000001, DEMO-000002, ... and the few standards they
follow have codes starting with DEMO-, so demo_reset deletes exactly these and nothing real.

Rows go in with bulk_create and raw DELETEs, on purpose: django-simple-history writes its
historical rows from post_save/post_delete signals, which neither fires, so demo data leaves no
history behind. Work is done per chunk of databases, each chunk in one transaction, and fields
are produced lazily in batches, so memory stays flat at 20,000 databases x 100 fields.

Every database draws from its own random.Random seeded with (seed, number): the output for a
seed does not depend on the chunk size or on the order in which anything else was drawn.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate, islice

from django.db import connection, reset_queries, transaction

from architecture.access import AccessLevel
from architecture.bulk import rows_delete
from architecture.models import Body, BodyKind, BodyLevel
from catalog.models import (
    Conformance,
    Database,
    DatabaseKind,
    DatabaseStandard,
    DataLayer,
    Datatype,
    Field,
    Lifecycle,
    Protocol,
    ReviewState,
    Service,
    Standard,
    SyncFrequency,
    SyncMode,
    Table,
    TcvnStatus,
)
from catalog.models.databases import database_search_text
from catalog.models.structure import field_search_text
from dictionary.models import DataElement

DEMO_PREFIX = "DEMO-"
DEMO_IDENTIFIER_REGEX = r"^DEMO-[0-9]{6}$"
MAX_DATABASES = 999_999  # six zero-padded digits
CHUNK_DATABASES = 500
BATCH_ROWS = 5_000
MAPPED_SHARE = 0.4  # share of fields mapped to a Shared Data Dictionary element, when any exist
LOCAL_SHARE = 0.1  # share of the unmapped fields marked local, with no shared equivalent
LOCAL_REASON = "Trường nghiệp vụ riêng của cơ sở dữ liệu, chưa có phần tử tương ứng trong Từ điển dữ liệu dùng chung."
# Dates hang off Resolution 214/NQ-CP (23 July 2025), not off today, so output is reproducible.
REVIEW_START = date(2025, 7, 23)
SYNC_REFERENCE = datetime(2025, 11, 1, tzinfo=timezone.utc)

GOVERNMENT_KIND_WEIGHTS = {BodyKind.MINISTRY: 6, BodyKind.MINISTERIAL_AGENCY: 3, BodyKind.GOVERNMENT_AGENCY: 3}

# (topic in Vietnamese, in English, a word of the owner's name that makes the topic likely,
#  holds personal data, name of the main table)
TOPICS = [
    ("dân cư", "population", "Công an", True, "cong_dan"),
    ("hộ tịch", "civil status", "Tư pháp", True, "su_kien_ho_tich"),
    ("lý lịch tư pháp", "judicial records", "Tư pháp", True, "ly_lich"),
    ("đất đai", "land", "Nông nghiệp", False, "thua_dat"),
    ("tài nguyên và môi trường", "natural resources and environment", "Môi trường", False, "quan_trac"),
    ("đăng ký doanh nghiệp", "business registration", "Tài chính", False, "doanh_nghiep"),
    ("tài chính công", "public finance", "Tài chính", False, "du_toan"),
    ("bảo hiểm", "insurance", "Bảo hiểm", True, "nguoi_tham_gia"),
    ("y tế", "health", "Y tế", True, "ho_so_suc_khoe"),
    ("giáo dục và đào tạo", "education and training", "Giáo dục", True, "hoc_sinh"),
    ("cán bộ, công chức, viên chức", "civil servants", "Nội vụ", True, "can_bo"),
    ("lao động, việc làm", "labour and employment", "Nội vụ", True, "nguoi_lao_dong"),
    ("an sinh xã hội", "social protection", "Nội vụ", True, "doi_tuong_bao_tro"),
    ("giao thông vận tải", "transport", "Xây dựng", False, "phuong_tien"),
    ("xây dựng và nhà ở", "construction and housing", "Xây dựng", False, "cong_trinh"),
    ("công thương", "industry and trade", "Công Thương", False, "co_so_kinh_doanh"),
    ("văn hóa, thể thao và du lịch", "culture, sports and tourism", "Văn hóa", False, "di_tich"),
    ("khoa học và công nghệ", "science and technology", "Khoa học", False, "nhiem_vu_khcn"),
    ("thủ tục hành chính", "administrative procedures", "Văn phòng", True, "ho_so_thu_tuc"),
    ("văn bản quy phạm pháp luật", "legal documents", "Tư pháp", False, "van_ban"),
    ("thống kê", "statistics", "Thống kê", False, "chi_tieu"),
    ("nông nghiệp", "agriculture", "Nông nghiệp", False, "vung_trong"),
]
SECONDARY_TABLES = [
    "ho_so", "danh_muc_don_vi", "lich_su_thay_doi", "tep_dinh_kem", "giao_dich", "bao_cao_tong_hop",
    "nguoi_dung", "ket_noi_chia_se", "danh_muc_trang_thai", "nhat_ky_dong_bo", "phe_duyet", "dia_ban",
]

# (name, label in Vietnamese, datatype, length, format, personal data, master data)
FIELDS = [
    ("ho_ten", "Họ và tên", Datatype.STRING, 100, "", True, True),
    ("ngay_sinh", "Ngày sinh", Datatype.DATE, None, "dd/mm/yyyy", True, True),
    ("gioi_tinh", "Giới tính", Datatype.STRING, 1, "", True, True),
    ("so_dinh_danh", "Số định danh cá nhân", Datatype.STRING, 12, r"^\d{12}$", True, True),
    ("so_ho_chieu", "Số hộ chiếu", Datatype.STRING, 9, "", True, False),
    ("quoc_tich", "Quốc tịch", Datatype.STRING, 2, "ISO 3166-1 alpha-2", True, False),
    ("dan_toc", "Dân tộc", Datatype.STRING, 2, "QCVN 109:2017", True, False),
    ("ton_giao", "Tôn giáo", Datatype.STRING, 2, "QCVN 109:2017", True, False),
    ("noi_thuong_tru", "Nơi thường trú", Datatype.STRING, 255, "", True, False),
    ("noi_o_hien_tai", "Nơi ở hiện tại", Datatype.STRING, 255, "", True, False),
    ("so_dien_thoai", "Số điện thoại", Datatype.STRING, 15, "", True, False),
    ("thu_dien_tu", "Thư điện tử", Datatype.STRING, 100, "", True, False),
    ("ma_so_thue", "Mã số thuế", Datatype.STRING, 14, "", False, True),
    ("ma_ho_gia_dinh", "Mã hộ gia đình", Datatype.STRING, 20, "", False, True),
    ("ma_don_vi_hanh_chinh", "Mã đơn vị hành chính", Datatype.STRING, 5, "Quyết định 19/2025/QĐ-TTg", False, True),
    ("ma_tinh", "Mã tỉnh", Datatype.STRING, 2, "", False, True),
    ("ma_xa", "Mã xã", Datatype.STRING, 5, "", False, True),
    ("ten_to_chuc", "Tên tổ chức", Datatype.STRING, 255, "", False, True),
    ("so_giay_to", "Số giấy tờ", Datatype.STRING, 50, "", False, False),
    ("ngay_cap", "Ngày cấp", Datatype.DATE, None, "dd/mm/yyyy", False, False),
    ("noi_cap", "Nơi cấp", Datatype.STRING, 255, "", False, False),
    ("ngay_hieu_luc", "Ngày hiệu lực", Datatype.DATE, None, "dd/mm/yyyy", False, False),
    ("ngay_het_hieu_luc", "Ngày hết hiệu lực", Datatype.DATE, None, "dd/mm/yyyy", False, False),
    ("so_ho_so", "Số hồ sơ", Datatype.STRING, 30, "", False, False),
    ("ngay_tiep_nhan", "Ngày tiếp nhận", Datatype.DATE, None, "dd/mm/yyyy", False, False),
    ("ngay_tra_ket_qua", "Ngày trả kết quả", Datatype.DATE, None, "dd/mm/yyyy", False, False),
    ("trang_thai", "Trạng thái", Datatype.STRING, 20, "", False, False),
    ("so_tien", "Số tiền", Datatype.DECIMAL, None, "VND", False, False),
    ("so_luong", "Số lượng", Datatype.INTEGER, None, "", False, False),
    ("dien_tich", "Diện tích", Datatype.DECIMAL, None, "m2", False, False),
    ("don_vi_tinh", "Đơn vị tính", Datatype.STRING, 20, "", False, False),
    ("toa_do", "Tọa độ", Datatype.GEOMETRY, None, "VN-2000", False, False),
    ("ranh_gioi", "Ranh giới", Datatype.GEOMETRY, None, "VN-2000", False, False),
    ("tep_dinh_kem", "Tệp đính kèm", Datatype.BINARY, None, "", False, False),
    ("thong_tin_bo_sung", "Thông tin bổ sung", Datatype.JSON, None, "", False, False),
    ("mo_ta", "Mô tả", Datatype.TEXT, None, "", False, False),
    ("ghi_chu", "Ghi chú", Datatype.TEXT, None, "", False, False),
    ("con_hieu_luc", "Còn hiệu lực", Datatype.BOOLEAN, None, "", False, False),
    ("gio_tiep_nhan", "Giờ tiếp nhận", Datatype.TIME, None, "HH:MM", False, False),
    ("nguoi_tao", "Người tạo", Datatype.STRING, 100, "", False, False),
    ("thoi_diem_tao", "Thời điểm tạo", Datatype.DATETIME, None, "ISO 8601", False, False),
    ("thoi_diem_cap_nhat", "Thời điểm cập nhật", Datatype.DATETIME, None, "ISO 8601", False, False),
]

KEY_FIELD = ("id", "Khóa chính", Datatype.INTEGER, None, "", False, False)

# Demo stand-ins for real standards: the real rows belong to the reference data, not to us.
STANDARDS = [
    ("DEMO-TCVN-14423-2025", "(Mẫu) TCVN 14423:2025 Yêu cầu an toàn mạng cho hệ thống thông tin quan trọng", 2025),
    ("DEMO-QCVN-109-2017", "(Mẫu) QCVN 109:2017/BTTTT Cấu trúc thông điệp dữ liệu công dân", 2017),
    ("DEMO-KTDL-2439-2025", "(Mẫu) Khung kiến trúc dữ liệu quốc gia, Quyết định 2439/QĐ-TTg", 2025),
    ("DEMO-TDDL-1.0", "(Mẫu) Từ điển dữ liệu dùng chung phiên bản 1.0", 2025),
    ("DEMO-DCAT-AP-3.0.1", "(Mẫu) DCAT-AP 3.0.1", 2024),
]
STANDARD_CODES = [code for code, _, _ in STANDARDS]
SERVICE_KINDS = [
    (Protocol.REST, "application/json"), (Protocol.SOAP, "application/soap+xml"),
    (Protocol.SPARQL, "application/sparql-results+json"), (Protocol.FILE, "text/csv"),
    (Protocol.OGC, "application/gml+xml"),
]


class DemoError(Exception):
    """The demo cannot be generated as asked; the message says what to do."""


def _pick(rng: random.Random, weighted: dict):
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model, rows: Iterable) -> int:
    count = 0
    for batch in _batches(rows, BATCH_ROWS):
        model.objects.bulk_create(batch, batch_size=BATCH_ROWS)
        count += len(batch)
        reset_queries()  # with DEBUG on, Django keeps every executed INSERT in memory otherwise
    return count


def demo_databases():
    """The generated databases, and only them: a real DEMO-something identifier is left alone."""
    return Database.objects.filter(identifier__startswith=DEMO_PREFIX, identifier__regex=DEMO_IDENTIFIER_REGEX)


def body_pools() -> dict[str, list]:
    """Current bodies by what they own: central bodies national and specialized databases (the
    national ones only ministries and agencies, as in Decree 194/2025), provinces and communes local ones."""
    pools: dict[str, list] = {level: [] for level in BodyLevel.values}
    fields = ("id", "code", "name_vi", "name_en", "kind", "level")
    for body in Body.objects.filter(effective_to__isnull=True).only(*fields).order_by("code"):
        pools[body.level].append(body)
    central = pools[BodyLevel.CENTRAL]
    pools["local"] = pools[BodyLevel.PROVINCIAL] + pools[BodyLevel.COMMUNAL]
    pools["national"] = [body for body in central if body.kind in GOVERNMENT_KIND_WEIGHTS] or central
    # Ministries hold most specialized databases; Party, Front and mass organizations fewer.
    pools["central_weights"] = list(accumulate(GOVERNMENT_KIND_WEIGHTS.get(body.kind, 1) for body in central))
    return pools


def element_pool() -> tuple[list[int], dict[str, int]]:
    """Element ids in a stable order, and the element whose identifier, name or synonym matches a
    field's name or label, if any."""
    ids, by_name = [], {}
    rows = DataElement.objects.order_by("identifier").values_list("id", "identifier", "name_vi", "synonyms")
    for pk, identifier, name_vi, synonyms in rows:
        ids.append(pk)
        for name in (identifier, name_vi, *synonyms.splitlines()):
            by_name.setdefault(name.strip().casefold(), pk)
    return ids, by_name


def standard_ensure() -> list[int]:
    """The demo standards' ids, creating the missing ones (with bulk_create, so without history)."""
    existing = set(Standard.objects.filter(code__in=STANDARD_CODES).values_list("code", flat=True))
    Standard.objects.bulk_create([Standard(code=code, title=title, year=year, issuer="generate_demo")
                                  for code, title, year in STANDARDS if code not in existing])
    return list(Standard.objects.filter(code__in=STANDARD_CODES).order_by("code").values_list("id", flat=True))


def database_plan(number: int, *, seed: int, pools: dict[str, list]) -> tuple[Database, tuple, random.Random]:
    """The database entry numbered `number`, its topic, and the generator that continues with it."""
    rng = random.Random(f"{seed}:database:{number}")
    central, local = pools[BodyLevel.CENTRAL], pools["local"]
    kind = _pick(rng, {DatabaseKind.NATIONAL: 3, DatabaseKind.SPECIALIZED: 22, DatabaseKind.LOCAL: 75})
    if kind == DatabaseKind.LOCAL and not local or kind != DatabaseKind.LOCAL and not central:
        kind = DatabaseKind.LOCAL if local else DatabaseKind.SPECIALIZED
    if kind == DatabaseKind.LOCAL:
        # Communes outnumber provinces a hundred to one but hold fewer databases each.
        level = BodyLevel.PROVINCIAL if pools[BodyLevel.PROVINCIAL] and rng.random() < 0.35 else BodyLevel.COMMUNAL
        owner = rng.choice(pools[level] or local)
    elif kind == DatabaseKind.NATIONAL:
        owner = rng.choice(pools["national"])
    else:
        owner = rng.choices(central, cum_weights=pools["central_weights"])[0]
    # "Cơ sở dữ liệu y tế xã Đông Ngũ": a unit type inside a sentence is written in lower case.
    owner_name = owner.name_vi if kind != DatabaseKind.LOCAL else owner.name_vi[:1].lower() + owner.name_vi[1:]
    fitting = [topic for topic in TOPICS if topic[2] in owner.name_vi]
    topic = rng.choice(fitting) if fitting and rng.random() < 0.7 else rng.choice(TOPICS)
    topic_vi, topic_en, _, personal, _ = topic
    identifier = f"{DEMO_PREFIX}{number:06d}"
    if kind == DatabaseKind.NATIONAL:
        name_vi = f"Cơ sở dữ liệu quốc gia về {topic_vi} ({owner_name})"
    elif kind == DatabaseKind.SPECIALIZED:
        name_vi = f"Cơ sở dữ liệu chuyên ngành {topic_vi} {owner_name}"
    else:
        name_vi = f"Cơ sở dữ liệu {topic_vi} {owner_name}"

    lifecycle = _pick(rng, {Lifecycle.IN_OPERATION: 60, Lifecycle.UNDER_CONSTRUCTION: 20,
                            Lifecycle.PLANNED: 12, Lifecycle.RETIRED: 8})
    roadmap = None
    if lifecycle in (Lifecycle.PLANNED, Lifecycle.UNDER_CONSTRUCTION):
        roadmap = date(2025, 9, 30) + timedelta(days=rng.randrange(0, 460))
    review = (ReviewState.NOT_REVIEWED if lifecycle == Lifecycle.PLANNED else
              _pick(rng, {ReviewState.NOT_REVIEWED: 30, ReviewState.SUBMITTED: 20, ReviewState.RETURNED: 10,
                          ReviewState.REVIEWED: 25, ReviewState.STANDARDIZED: 15}))
    submitted = reviewed = standardized = None
    if review != ReviewState.NOT_REVIEWED:
        submitted = REVIEW_START + timedelta(days=rng.randrange(0, 100))
    if review in (ReviewState.REVIEWED, ReviewState.STANDARDIZED):
        reviewed = submitted + timedelta(days=rng.randrange(3, 60))
    if review == ReviewState.STANDARDIZED:
        standardized = reviewed + timedelta(days=rng.randrange(0, 90))

    low = {DatabaseKind.NATIONAL: 3, DatabaseKind.SPECIALIZED: 2, DatabaseKind.LOCAL: 1}[kind]
    security = rng.randint(low, low + 2)
    access = (_pick(rng, {AccessLevel.INTERNAL: 70, AccessLevel.RESTRICTED: 30}) if personal else
              _pick(rng, {AccessLevel.PUBLIC: 45, AccessLevel.INTERNAL: 45, AccessLevel.RESTRICTED: 10}))
    tcvn = (_pick(rng, {TcvnStatus.COMPLIANT: 30, TcvnStatus.PARTLY_COMPLIANT: 25, TcvnStatus.IN_PROGRESS: 25,
                        TcvnStatus.NON_COMPLIANT: 5, TcvnStatus.NOT_DECLARED: 15}) if security >= 3 else
            _pick(rng, {TcvnStatus.NOT_APPLICABLE: 40, TcvnStatus.NOT_DECLARED: 40, TcvnStatus.IN_PROGRESS: 20}))

    sync, frequency, synced_at, sync_error = SyncMode.NONE, "", None, ""
    if lifecycle == Lifecycle.IN_OPERATION:
        sync = _pick(rng, {SyncMode.REALTIME: 30, SyncMode.PERIODIC: 50, SyncMode.NONE: 20})
    if sync == SyncMode.REALTIME:
        frequency = SyncFrequency.CONTINUOUS
    elif sync == SyncMode.PERIODIC:
        frequency = _pick(rng, {SyncFrequency.HOURLY: 10, SyncFrequency.DAILY: 45, SyncFrequency.WEEKLY: 25,
                                SyncFrequency.MONTHLY: 15, SyncFrequency.QUARTERLY: 5})
    if sync != SyncMode.NONE:
        synced_at = SYNC_REFERENCE - timedelta(minutes=rng.randrange(1, 60 * 24 * 45))
        if rng.random() < 0.05:
            sync_error = "Hết thời gian chờ khi kết nối tới Trung tâm dữ liệu quốc gia."

    database = Database(
        identifier=identifier, name_vi=name_vi,
        name_en=f"Demo {topic_en} database, {owner.name_en or owner.code}",
        description_vi=f"Dữ liệu mẫu do lệnh generate_demo sinh ra (seed {seed}), không phải cơ sở dữ liệu thật.",
        kind=kind, owner_id=owner.id,
        data_layer=_pick(rng, {DataLayer.MASTER: 20, DataLayer.TRANSACTION: 30, DataLayer.REFERENCE: 12,
                               DataLayer.SOURCE: 10, DataLayer.AGGREGATE: 8, DataLayer.ANALYTICAL: 5,
                               DataLayer.OPEN: 5, DataLayer.METADATA: 3, "": 7}),
        lifecycle=lifecycle, roadmap_target_date=roadmap,
        review_state=review, submitted_on=submitted, reviewed_on=reviewed, standardized_on=standardized,
        access_level=access, security_level=security, tcvn_14423_status=tcvn,
        encrypted_at_rest=rng.random() < 0.15 * security, encrypted_in_transit=rng.random() < 0.2 * security,
        digitally_signed=rng.random() < 0.1 * security, has_personal_data=personal,
        contact_name=f"Bộ phận công nghệ thông tin, {owner.name_vi}",
        contact_email=f"{identifier.lower()}@du-lieu-mau.example",
        sync_mode=sync, sync_frequency=frequency, last_synced_at=synced_at, last_sync_error=sync_error,
        needs_verification=rng.random() < 0.05, source=f"generate_demo --seed {seed}",
    )
    database.search_text = database_search_text(database)  # bulk_create does not call save()
    return database, topic, rng


def table_names(rng: random.Random, topic: tuple, count: int) -> list[str]:
    names = [topic[4]] + rng.sample(SECONDARY_TABLES, min(count - 1, len(SECONDARY_TABLES)))
    return [*names, *(f"bang_{i}" for i in range(len(names) + 1, count + 1))][:count]


def field_rows(number: int, table_ids: list[int], *, seed: int, fields: int,
               elements: tuple[list[int], dict[str, int]]) -> Iterator[Field]:
    """The fields of database `number`, spread evenly over its tables, drawn lazily."""
    rng = random.Random(f"{seed}:fields:{number}")
    element_ids, element_by_name = elements
    per_table, extra = divmod(fields, len(table_ids))
    for index, table_id in enumerate(table_ids):
        count = per_table + (index < extra)
        # A key first, then the drawn fields in the vocabulary's reading order (name before birth date).
        drawn = sorted(rng.sample(range(len(FIELDS)), min(max(count - 1, 0), len(FIELDS))))
        picked = [KEY_FIELD, *(FIELDS[i] for i in drawn)][:count]
        picked += [(f"truong_{i}", f"Trường {i}", Datatype.STRING, 50, "", False, False)
                   for i in range(len(picked) + 1, count + 1)]
        for position, (name, label, datatype, length, fmt, personal, master) in enumerate(picked):
            element, local = None, False
            if element_ids and rng.random() < MAPPED_SHARE:
                element = element_by_name.get(name) or element_by_name.get(label.casefold()) or rng.choice(element_ids)
            elif rng.random() < LOCAL_SHARE:
                local = True
            field = Field(table_id=table_id, name=name, description=label, datatype=datatype, length=length,
                          format=fmt, required=position < 2 or rng.random() < 0.3, is_personal_data=personal,
                          is_master_data=master, element_id=element, is_local=local,
                          local_reason=LOCAL_REASON if local else "", position=position)
            field.search_text = field_search_text(field)  # bulk_create does not call save()
            yield field


def chunk_write(numbers: range, *, seed: int, tables: int, fields: int, pools, elements, standards) -> dict:
    """Insert one chunk of databases with everything under them, all or nothing."""
    plans = [(number, *database_plan(number, seed=seed, pools=pools)) for number in numbers]
    with transaction.atomic():
        Database.objects.bulk_create([database for _, database, _, _ in plans], batch_size=BATCH_ROWS)
        table_rows, links, services = [], [], []
        for _, database, topic, rng in plans:
            for position, name in enumerate(table_names(rng, topic, tables)):
                table_rows.append(Table(database_id=database.pk, name=name, position=position,
                                        description=f"Bảng {name.replace('_', ' ')}"))
            for standard_id in rng.sample(standards, rng.randint(0, 3)):
                links.append(DatabaseStandard(database_id=database.pk, standard_id=standard_id, conformance=_pick(
                    rng, {Conformance.CONFORMANT: 35, Conformance.PARTIAL: 30, Conformance.PLANNED: 20,
                          Conformance.NOT_ASSESSED: 15})))
            if database.lifecycle == Lifecycle.IN_OPERATION and rng.random() < 0.4:
                protocol, media_type = rng.choice(SERVICE_KINDS)
                services.append(Service(
                    database_id=database.pk, title=f"Dịch vụ chia sẻ dữ liệu {database.identifier}",
                    endpoint_url=f"https://api.du-lieu-mau.example/{database.identifier.lower()}/v1",
                    protocol=protocol, media_type=media_type,
                    access_conditions="Kết nối qua Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)."))
        Table.objects.bulk_create(table_rows, batch_size=BATCH_ROWS)
        DatabaseStandard.objects.bulk_create(links, batch_size=BATCH_ROWS)
        Service.objects.bulk_create(services, batch_size=BATCH_ROWS)
        table_ids: dict[int, list[int]] = {}
        for table in table_rows:
            table_ids.setdefault(table.database_id, []).append(table.pk)
        field_count = _insert(Field, (
            field for number, database, _, _ in plans
            for field in field_rows(number, table_ids[database.pk], seed=seed, fields=fields, elements=elements)
        ))
    return {"databases": len(plans), "tables": len(table_rows), "fields": field_count,
            "standard_links": len(links), "services": len(services)}


def demo_reset(*, progress: Callable[[str], None] | None = None) -> dict:
    """Delete the generated databases and everything under them, then the demo standards.

    Raw DELETEs, bottom up, per chunk: the ORM's delete() would load 2,000,000 fields to send
    their post_delete signals and write a history row for each.
    """
    ids = list(demo_databases().order_by("id").values_list("id", flat=True))
    quote = connection.ops.quote_name
    for done, chunk in enumerate(_batches(ids, CHUNK_DATABASES), start=1):
        marks = ", ".join(["%s"] * len(chunk))
        with transaction.atomic(), connection.cursor() as cursor:
            rows_delete(cursor, Database, f"id IN ({marks})", chunk)
        if progress:
            progress(f"reset: deleted {min(done * CHUNK_DATABASES, len(ids))}/{len(ids)} demo databases")
    unused = Standard.objects.filter(code__in=STANDARD_CODES, database_links__isnull=True)
    unused_ids = list(unused.values_list("id", flat=True))
    if unused_ids:
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(unused_ids))
            cursor.execute(f"DELETE FROM {quote(Standard._meta.db_table)} WHERE id IN ({marks})", unused_ids)
    return {"databases": len(ids), "standards": len(unused_ids)}


def demo_generate(*, databases: int, fields_per_database: int, tables_per_database: int = 5, seed: int = 1,
                  reset: bool = False, progress: Callable[[str], None] | None = None) -> dict:
    """Generate `databases` demo database entries with their tables and fields; see the module docstring."""
    if not 0 <= databases <= MAX_DATABASES:
        raise DemoError(f"--databases must be between 0 and {MAX_DATABASES}.")
    if fields_per_database < 0 or tables_per_database < 1:
        raise DemoError("--fields-per-database must be 0 or more and --tables-per-database 1 or more.")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise DemoError("This database does not return ids from bulk inserts: use PostgreSQL or SQLite 3.35+.")
    started = time.monotonic()
    deleted = demo_reset(progress=progress) if reset else {"databases": 0, "standards": 0}
    totals = {"databases": 0, "tables": 0, "fields": 0, "standard_links": 0, "services": 0}
    if databases:
        pools = body_pools()
        if not any(pools.values()):
            raise DemoError("No current bodies in the register to own the demo databases: "
                            "run `manage.py load_reference_data` first.")
        if demo_databases().exists():
            raise DemoError("Demo entries already exist: run again with --reset to replace them.")
        elements, standards = element_pool(), standard_ensure()
        tables = max(1, min(tables_per_database, fields_per_database))
        for start in range(1, databases + 1, CHUNK_DATABASES):
            numbers = range(start, min(start + CHUNK_DATABASES, databases + 1))
            counts = chunk_write(numbers, seed=seed, tables=tables, fields=fields_per_database, pools=pools,
                                 elements=elements, standards=standards)
            for key, value in counts.items():
                totals[key] += value
            if progress:
                progress(f"{totals['databases']}/{databases} databases, {totals['fields']} fields, "
                         f"{time.monotonic() - started:.1f}s")
    return {**totals, "deleted": deleted, "seconds": round(time.monotonic() - started, 1)}
