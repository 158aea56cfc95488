"""A corpus of hostile inputs (tests/security/hostile/), each answered with a clear 4xx or a report
line, nothing stored; a 100 MB upload refused before it is read; formulas escaped in exports;
script in names escaped in pages; path traversal in uploaded file names harmless."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from architecture.tokens import token_create
from catalog.harvest.run import source_harvest
from catalog.models import Database, Field, HarvestStatus, Table
from dictionary.models import CodeList, CodeValue, ItemStatus
from tests.catalog.harvest_fixtures.server import feed_server, source_make  # noqa: F401

HOSTILE = Path(__file__).parent / "hostile"
BULK_URL = "/api/v1/bodies/00004/databases/import/"
CODES_URL = "/api/v1/code-lists/gioi-tinh/import/"
MB = 1024 * 1024


@pytest.fixture
def api(users):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=users['owner'], name='t')[1]}",
                       HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def steward_api(users):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=users['admin'], name='t')[1]}",
                       HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def code_list(bodies):
    return CodeList.objects.create(identifier="gioi-tinh", name_vi="Giới tính", steward=bodies["ministry"],
                                   status=ItemStatus.VALID)


def upload(name, content=None):
    data = (HOSTILE / name).read_bytes() if content is None else content
    return {"file": SimpleUploadedFile(name, data)}


def stored():
    return Database.objects.count(), Table.objects.count(), Field.objects.count(), Database.history.count()


BULK_REFUSED = {
    "bulk-truncated.csv": "cannot be read",  # an unterminated quote
    "bulk-binary-garbage.csv": "not readable text",
    "bulk-windows-1258.csv": "not readable text",  # not UTF-8: refused, with the encodings that work
    "bulk-long-values.csv": "",
    "bulk-invalid-choices.csv": "",
    "bulk-malformed.json": "",
    "bulk-wrong-shape.json": "",
    "bulk-truncated.xlsx": "",
    "bulk-not-a-workbook.xlsx": "",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BULK_REFUSED)
def test_hostile_bulk_files_are_refused_clearly_and_store_nothing(api, databases, name):
    before = stored()
    response = api.post(BULK_URL, upload(name), format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]
    messages = " ".join(error["message"] for error in body["errors"])
    assert BULK_REFUSED[name] in messages
    assert stored() == before


@pytest.mark.django_db
def test_a_utf16_csv_is_accepted(api, bodies):
    response = api.post(BULK_URL, upload("bulk-utf16.csv"), format="multipart")
    assert response.status_code == 200, response.content
    assert Database.objects.get(identifier="CSDL-A").name_vi == "Cơ sở dữ liệu dân cư"


CODES_REFUSED = ["codes-invalid-dates.csv", "codes-invalid-codes.csv", "codes-parent-cycle.csv",
                 "codes-truncated.csv", "codes-windows-1258.csv"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CODES_REFUSED)
def test_hostile_code_lists_are_refused_with_their_lines_and_store_nothing(steward_api, code_list, name):
    response = steward_api.post(CODES_URL, upload(name), format="multipart")
    assert response.status_code == 400, response.content
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages and all(message.startswith(("line ", "dòng ")) for message in messages)
    assert CodeValue.objects.count() == 0 and CodeValue.history.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", [BULK_URL, CODES_URL])
def test_a_100_mb_upload_is_refused_before_it_is_read(api, code_list, bodies, url):
    size = 100 * MB
    response = api.post(url, b"x" * size, content_type="multipart/form-data; boundary=BoUnDaRy")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert stored()[0] == 0


@pytest.mark.django_db
def test_a_100_mb_page_post_is_refused_too(client, users):
    client.force_login(users["owner"])
    response = client.post("/databases/new/", b"x" * (100 * MB), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


@pytest.mark.django_db
def test_an_upload_just_over_the_importer_limit_is_refused_by_it(api, bodies):
    response = api.post(BULK_URL, upload("big.csv", b"a,b\n" + b"x" * (21 * MB)), format="multipart")
    assert response.status_code == 400
    assert "20 MB" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../../etc/passwd.csv", "..\\..\\windows\\win.ini.csv", "/tmp/x/../../a.csv"])
def test_path_traversal_in_file_names_is_harmless(api, bodies, name, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = api.post(BULK_URL, {"file": SimpleUploadedFile(name, (HOSTILE / "bulk-utf16.csv").read_bytes())},
                        format="multipart")
    assert response.status_code in (200, 400)
    assert not any(tmp_path.parent.glob("passwd*")) and not any(tmp_path.parent.glob("a.csv"))


@pytest.mark.django_db
def test_script_in_names_is_escaped_in_pages(api, client, bodies):
    response = api.post(BULK_URL, upload("bulk-script-name.csv"), format="multipart")
    assert response.status_code == 200, response.content
    database = Database.objects.get(identifier="CSDL-XSS")
    detail = reverse("catalog:database", args=[database.identifier])
    for url in (detail, "/search/?q=CSDL-XSS", "/databases/", "/en/databases/"):
        page = client.get(url, HTTP_ACCEPT="text/html")
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html"), url
        assert b"<script>alert(" not in page.content, url
        assert b"<img src=x onerror" not in page.content, url
    assert b"&lt;script&gt;alert(" in client.get(detail, HTTP_ACCEPT="text/html").content


# --- The harvest: each hostile feed is one failed run with a clear reason, and nothing stored.

FEEDS = {
    "feed-truncated.ttl": ("text/turtle", "malformed Turtle"),
    "feed-truncated.jsonld": ("application/ld+json", "malformed JSON-LD"),
    "feed-truncated.rdf": ("application/rdf+xml", "malformed RDF/XML"),
    "feed-entity-expansion.rdf": ("application/rdf+xml", "DTD"),
    "feed-external-entity.rdf": ("application/rdf+xml", "DTD"),
    "feed-remote-context.jsonld": ("application/ld+json", "remote @context"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_hostile_feeds_fail_the_run_with_a_reason(bodies, feed_server, name):  # noqa: F811
    content_type, reason = FEEDS[name]
    feed_server.route("/feed", (HOSTILE / name).read_bytes(), content_type=content_type)
    run = source_harvest(source=source_make(bodies["province"], feed_server.url("/feed")))
    assert run.status == HarvestStatus.FAILED
    assert reason in run.lines.get().reason
    assert not Database.objects.exists()


# --- Found by the fuzzing on PostgreSQL: each was a 500 --------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/milestones/", "/api/v1/databases/", "/api/v1/bodies/"])
def test_a_time_offset_postgresql_refuses_is_read_in_utc(api, databases, url):
    assert api.get(url, {"modified_since": "6028-07-11T22:08:34+21:53"}).status_code == 200
    response = api.get(url, {"modified_since": "9999-12-31T23:00:00-05:00"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "modified_since"


@pytest.mark.django_db
def test_the_catalog_reads_odd_offsets_in_utc_too(client, databases):
    assert client.get("/catalog.ttl", {"modified_since": "6028-07-11T22:08:34+21:53"}).status_code == 200
    assert client.get("/catalog.ttl", {"modified_since": "9999-12-31T23:00:00-05:00"}).status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_reference_is_a_400(steward_api, bodies):
    response = steward_api.post("/api/v1/strategies/", {"body": "\u0000", "kind": "data", "period_start": 2026,
                                                         "period_end": 2030, "title": "Chiến lược"}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["abcdefgh\u0000cd", "\u0000" * 12, "'; DROP TABLE x; --", "é" * 40])
def test_an_odd_session_cookie_is_ignored(client, cookie):
    """Sent raw (the test client would quote it): a NUL in a key of 8+ characters reached PostgreSQL."""
    for url in ("/", "/api/v1/bodies/"):
        assert client.get(url, HTTP_COOKIE=f"sessionid={cookie}").status_code == 200, url


@pytest.mark.django_db
def test_a_real_session_cookie_still_works(client, users):
    client.force_login(users["owner"])
    assert client.get("/api/v1/tokens/").status_code == 200
