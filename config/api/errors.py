"""One JSON shape for every error of the API:

    {"status": 400, "code": "invalid", "message": "…",
     "errors": [{"field": "name_vi", "code": "max_length", "message": "…"}]}

`message` is in the request's language (Accept-Language; Vietnamese by default). Django's own
ValidationError, PermissionDenied and IntegrityError, which the services raise, become 400, 403
and 409 here, so bad input never ends in a 500.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The entry has changed since you read it: read it again and send its new ETag in If-Match.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Others may edit this entry: send If-Match with the ETag of your last read of it.")
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The change conflicts with the current state of the registry; read it again and retry.")
    default_code = "conflict"


class InUse(Conflict):
    default_detail = _("Other entries still refer to this one; it cannot be deleted.")
    default_code = "in_use"


def _from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    """A Django ValidationError (model full_clean, services) as DRF's, keeping fields and codes."""
    def details(errors):
        return [ErrorDetail(message, code=item.code or "invalid") for item in errors for message in item]

    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): details(errors)
            for key, errors in error.error_dict.items()
        })
    return exceptions.ValidationError(details(error.error_list))


def _flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list; nested fields are named with dots ("legal_basis.0")."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            items += _flatten(value, f"{field}.{name}" if field and name else (name or field))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            nested = isinstance(value, (dict, list))
            items += _flatten(value, (f"{field}.{index}" if field else str(index)) if nested else field)
        return items
    return [{"field": field, "code": getattr(detail, "code", None) or "invalid", "message": str(detail)}]


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return _from_django(exc)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)  # keeps the service's reason
    if isinstance(exc, Http404):
        return exceptions.NotFound()  # one message, whether missing or not visible
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return InUse()
    if isinstance(exc, IntegrityError):
        return Conflict()
    if isinstance(exc, DataError):  # a value the database cannot hold (a NUL character, out of range)
        return exceptions.ValidationError(
            [_("A value cannot be stored: it is out of range or holds a character not allowed (NUL).")])
    return exc


def api_exception_handler(exc, context):
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real fault: Django's 500, logged
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        code, message = "invalid", _("The request is not valid; see errors.")
    else:
        errors = []
        code = exc.get_codes() if isinstance(exc.detail, str) else exc.default_code
        message = exc.detail if isinstance(exc.detail, str) else exc.default_detail
    response.data = {"status": response.status_code, "code": str(code), "message": str(message), "errors": errors}
    if response.status_code == status.HTTP_403_FORBIDDEN:
        _audit_refusal(context.get("request"), code=str(code), message=str(message))
    return response


def _audit_refusal(request, *, code: str, message: str) -> None:
    """Every refusal of the API goes to the audit log, with its reason (architecture.audit)."""
    from architecture.audit import audit_record
    from architecture.models import AuditKind

    view = getattr(request, "parser_context", {}).get("view") if request is not None else None
    audit_record(kind=AuditKind.PERMISSION_DENIED, request=request,
                 detail={"status": 403, "code": code, "message": message,
                         "view": view.__class__.__name__ if view is not None else ""})


# DRF ships almost no Vietnamese; naming its common messages here puts them in the project's
# catalog (makemessages), whose translations win over DRF's (as architecture.admin does for the admin).
THIRD_PARTY_STRINGS = (
    gettext_noop("This field is required."), gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."), gettext_noop("A valid integer is required."),
    gettext_noop("Must be a valid boolean."), gettext_noop("Not a valid string."),
    gettext_noop("Enter a valid email address."), gettext_noop("Enter a valid URL."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("\"{input}\" is not a valid choice."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop("Invalid pk \"{pk_value}\" - object does not exist."),
    gettext_noop("Expected a list of items but got type \"{input_type}\"."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop("JSON parse error - {detail}"), gettext_noop("Unsupported media type \"{media_type}\" in request."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Request was throttled."), gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."), gettext_noop("Invalid page."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a valid date/time."), gettext_noop("Enter a number."),
)
