"""One page of a feed over HTTP, with limits: the harvester must not hang on a slow server nor
fill memory from a huge or endless answer. urllib only: the project has no HTTP client dependency."""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

TIME_LIMIT = 30.0  # seconds per page
SIZE_LIMIT = 50 * 1024 * 1024  # bytes per page
CHUNK = 64 * 1024
USER_AGENT = "vn-data-registry-harvester/1.0 (+DCAT-AP)"


class FetchError(Exception):
    """A page could not be read; the message says why, for the run's report."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects: relative IRIs in the page resolve against it
    content_type: str  # media type only, lower case, without parameters
    body: bytes
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False  # HTTP 304: the copy named by the validators sent is still current


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would also follow ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-HTTP address: {newurl}")
        redirected = super().redirect_request(req, fp, code, msg, headers, newurl)
        if redirected is not None and _origin(newurl) != _origin(req.full_url):
            redirected.remove_header("Authorization")  # a token never follows to another host
        return redirected


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def page_fetch(url: str, *, accept: str, etag: str = "", last_modified: str = "", time_limit: float = TIME_LIMIT,
               size_limit: int = SIZE_LIMIT, token: str = "", token_origin: str = "") -> Page:
    """GET `url`, conditionally when validators of a kept copy are given (RFC 9110 §13). Raises
    FetchError on an HTTP error, a timeout, or a body over `size_limit`.

    The time limit covers the whole page: each socket wait is bounded by it, and reading stops at
    the first chunk that ends past it.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"not an HTTP address: {url}")
    headers = {"Accept": accept, "User-Agent": USER_AGENT}
    if token and _origin(url) == _origin(token_origin):
        headers["Authorization"] = f"Bearer {token}"
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + time_limit
    try:
        with _opener.open(request, timeout=time_limit) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > size_limit:
                raise FetchError(_too_large(size_limit))
            body = _body_read(response, deadline, time_limit, size_limit)
            headers = response.headers
            content_type = headers.get_content_type() if headers.get("Content-Type") else ""
            return Page(url=response.geturl(), content_type=content_type, body=body, etag=headers.get("ETag", ""),
                        last_modified=headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as error:
        if error.code == 304 and (etag or last_modified):
            return Page(url=url, content_type="", body=b"", etag=etag, last_modified=last_modified, not_modified=True)
        raise FetchError(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise FetchError(_timed_out(time_limit)) from None
        raise FetchError(f"could not connect: {error.reason}") from None
    except (TimeoutError, socket.timeout):
        raise FetchError(_timed_out(time_limit)) from None
    except (OSError, http.client.HTTPException) as error:  # connection reset, truncated body, bad status line
        raise FetchError(f"connection failed: {error!r}") from None


def _body_read(response, deadline: float, time_limit: float, size_limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > size_limit:
            raise FetchError(_too_large(size_limit))
        if time.monotonic() > deadline:
            raise FetchError(_timed_out(time_limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size_limit: int) -> str:
    return f"page larger than the limit of {size_limit / 1024 / 1024:g} MB"


def _timed_out(time_limit: float) -> str:
    return f"no complete answer within {time_limit:g} s"
