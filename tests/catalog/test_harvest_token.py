"""A source may be read with an access token, which goes to the feed's own host and nowhere else."""

import pytest

from architecture.access import AccessLevel
from architecture.tokens import token_create
from catalog.harvest.fetch import page_fetch
from catalog.harvest.run import source_harvest
from catalog.models import Database, HarvestStatus
from tests.catalog.harvest_fixtures.server import feed_server, source_make  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_token_is_sent_to_the_feeds_host(bodies, feed_server):
    source = source_make(bodies["province"], feed_server.url("/ttl/page1"), access_token="rgt_abc_secret")
    assert source_harvest(source=source).status == HarvestStatus.SUCCEEDED
    assert {auth for _, auth in feed_server.authorizations} == {"Bearer rgt_abc_secret"}


def test_the_token_never_goes_to_another_host(feed_server):
    port = feed_server.httpd.server_address[1]
    page_fetch(f"http://localhost:{port}/ttl/page1", accept="text/turtle", token="rgt_abc_secret",
               token_origin=feed_server.url("/ttl/page1"))
    feed_server.route("/moved", status=302, headers={"Location": f"http://localhost:{port}/ttl/page2"})
    page_fetch(feed_server.url("/moved"), accept="text/turtle", token="rgt_abc_secret",
               token_origin=feed_server.url("/"))
    assert feed_server.authorizations == [
        (f"localhost:{port}", ""), (f"127.0.0.1:{port}", "Bearer rgt_abc_secret"), (f"localhost:{port}", "")]


def test_a_monitors_token_harvests_more_than_the_public_feed(live_server, settings, bodies, users, databases):
    settings.SITE_URL = live_server.url
    for database in databases.values():
        database.description_vi, database.contact_name = "Mô tả", "Đầu mối"
        database.save()
    _, token = token_create(user=users["monitor"], name="thu thập")
    url = f"{live_server.url}/catalog.ttl"
    public = source_make(bodies["ministry"], url, name="công khai")
    everything = source_make(bodies["other_ministry"], url, name="có mã", access_token=token)
    source_harvest(source=public)
    source_harvest(source=everything)
    assert Database.objects.filter(harvest_record__source=public).count() == 1
    levels = set(Database.objects.filter(harvest_record__source=everything).values_list("access_level", flat=True))
    assert levels == {AccessLevel.PUBLIC, AccessLevel.INTERNAL, AccessLevel.RESTRICTED}
