"""Refuse a request whose declared body is larger than REQUEST_MAX_BYTES before reading any of it.

Django caps form data in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk
whatever their size; the importers refuse files over 20 MB only once the whole upload is stored.
Checking Content-Length first answers 413 at once, for the pages (plain text) and the API (its
JSON error shape). The proxy in front should cap bodies too (client_max_body_size)."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

_SESSION_KEY = re.compile(r"[a-z0-9]{8,64}")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            message = _("The request is larger than %(limit)s MB.") % {"limit": limit // 2**20}
            if request.path.startswith("/api/"):
                return JsonResponse({"status": 413, "code": "too_large", "message": message, "errors": []},
                                    status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SessionCookieCheckMiddleware:
    """A session cookie that is not a session key (Django makes 32 lower-case letters and digits)
    is dropped before the session is read: a NUL or other odd character in it would reach the
    database (PostgreSQL refuses NUL: a 500 found by the fuzzing). The request goes on anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.SESSION_COOKIE_NAME
        value = request.COOKIES.get(name)
        if value is not None and not _SESSION_KEY.fullmatch(value):
            del request.COOKIES[name]
        return self.get_response(request)
