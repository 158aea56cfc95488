"""Paging: a cursor for the big registers (databases, fields: stable under inserts, no COUNT over
millions of rows), page numbers for the rest. page_size is 1..500; anything else is a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 500


def _page_size(request, default: int) -> int:
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [_("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]})
    return size


class CursorPage(CursorPagination):
    ordering = "id"  # the views may offer others through ?ordering=, on unique fields only
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _page_size(request, self.page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [_("This cursor was not given out by the API.")]}) from None


class NumberedPage(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _page_size(request, self.page_size)
