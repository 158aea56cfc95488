"""A feed server for the harvest tests: http.server on 127.0.0.1 with an ephemeral port, in a thread.

GET /<format>/<name> serves harvest_fixtures/<name>.ttl as Turtle (format "ttl"), or converted to
JSON-LD ("jsonld") or RDF/XML ("rdf") with the request's own URL as the base, so a relative
hydra:next in the fixture leads to the next page in the same format. GET /file/<name.ext> serves a
fixture file as it is. A test may replace any path with `server.route(path, ...)`.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

FIXTURES = Path(__file__).parent
FORMATS = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json"),
           "rdf": ("xml", "application/rdf+xml")}
FILE_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
              ".html": "text/html; charset=utf-8"}


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class Route:
    def __init__(self, body: bytes | str = b"", *, status: int = 200, content_type: str = "text/turtle",
                 delay: float = 0.0, headers: dict | None = None, declare_length: bool = True, etag: str = ""):
        self.body = body.encode() if isinstance(body, str) else body
        self.status, self.content_type, self.delay, self.headers = status, content_type, delay, headers or {}
        self.declare_length = declare_length  # without Content-Length the body ends when the connection closes
        self.etag = etag  # answered with 304 Not Modified when the request names it in If-None-Match


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, str]] = []  # (path, Accept, If-None-Match)
        self.authorizations: list[tuple[str, str]] = []  # (Host, Authorization) of each request
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def route(self, path: str, body: bytes | str = b"", **options) -> None:
        self.routes[path] = Route(body, **options)

    def answer(self, path: str) -> Route:
        if path in self.routes:
            return self.routes[path]
        kind, _, name = path.strip("/").partition("/")
        if kind == "file" and (FIXTURES / name).is_file():
            return Route((FIXTURES / name).read_bytes(), content_type=FILE_TYPES[Path(name).suffix])
        if kind in FORMATS and (FIXTURES / f"{name}.ttl").is_file():
            text = fixture_text(f"{name}.ttl")
            if kind == "ttl":
                return Route(text)
            rdflib_format, media_type = FORMATS[kind]
            graph = Graph().parse(data=text, format="turtle", publicID=self.url(path))
            return Route(graph.serialize(format=rdflib_format), content_type=media_type)
        return Route("không tìm thấy", status=404, content_type="text/plain")


def _handler_for(server: FeedServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            server.requests.append((self.path, self.headers.get("Accept", ""), self.headers.get("If-None-Match", "")))
            server.authorizations.append((self.headers.get("Host", ""), self.headers.get("Authorization", "")))
            route = server.answer(self.path.split("?")[0])
            if route.delay:
                time.sleep(route.delay)
            try:
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Type", route.content_type)
                if route.declare_length:
                    self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the harvester hung up (size or time limit): that is the point of the test

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def feed_server():
    server = FeedServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def source_make(owner, url: str, **fields):
    from catalog.models import HarvestSource

    return HarvestSource.objects.create(name=fields.pop("name", url), url=url, owner=owner, **fields)
