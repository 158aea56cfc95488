"""The OpenAPI 3 description: every operation lists the errors it may answer, in the one shape
of config.api.errors, with the headers that matter (ETag, If-Match, Retry-After)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The input field at fault (dotted when nested); null for the request as a whole.")
    code = serializers.CharField(help_text="A stable code, e.g. required, invalid_choice, max_length, does_not_exist.")
    message = serializers.CharField(help_text="A readable sentence in the request's language.")


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text=(
        "A stable code, e.g. invalid, not_authenticated, authentication_failed, permission_denied, not_found, "
        "method_not_allowed, conflict, in_use, precondition_failed, too_large, precondition_required, throttled."))
    message = serializers.CharField(help_text="A readable sentence in the request's language (Accept-Language).")
    errors = ErrorItemSerializer(many=True,
                                 help_text="One item per problem with the input; empty unless status is 400.")


ERROR_MEANINGS = {
    400: "The input or a query parameter is not valid; `errors` names each field.",
    401: "No valid credentials: the token is missing, unknown, revoked or expired.",
    403: "Visible, but the caller may not do this (architecture.access).",
    404: "No such entry, or one the caller may not see (the two answer alike).",
    409: "The change conflicts with the registry's current state (e.g. a duplicate, or an entry still in use).",
    412: "If-Match names a version that is no longer current: read the entry again.",
    413: "The request body is larger than the registry accepts (REQUEST_MAX_BYTES, 25 MB unless configured).",
    428: "This entry requires If-Match with the ETag of the caller's last read.",
    429: "Too many requests: wait for the seconds given in Retry-After.",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _source_may_be_null(field) -> bool:
    """Whether a field's source passes through a nullable column or relation of its serializer's
    model (a read-only `SlugRelatedField` to a nullable foreign key, `parent.code`): its answer may
    be null although the field itself was not declared with allow_null."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", ()):
        try:
            column = model._meta.get_field(attr)
        except (AttributeError, FieldDoesNotExist):
            return False
        if column.is_relation and (column.one_to_many or column.many_to_many):
            return False  # a list, never null
        if column.null:
            return True
        model = column.related_model
    return False


class RegistrySchema(AutoSchema):
    def _honours_if_match(self) -> bool:
        """PUT, PATCH and DELETE of an entry; and an action that says so (`@action(honours_if_match=True)`)."""
        return self.method in {"PUT", "PATCH", "DELETE"} or (
            self.method == "POST" and getattr(self.view, "honours_if_match", False))

    def _requires_if_match(self) -> bool:
        """A change (PUT, PATCH) of an entry several people edit (`if_match_required`)."""
        return self.method in {"PUT", "PATCH"} and getattr(self.view, "if_match_required", False)

    def _error_codes(self) -> list[int]:
        codes = {401, 429}
        if self.method == "GET":
            codes |= {400, 404}
        else:
            codes |= {400, 403, 409}
            if not self._is_create_operation() or getattr(self.view, "detail", False):
                codes.add(404)
        if self.method in {"POST", "PUT", "PATCH"}:
            codes.add(413)  # config.limits, before the body is read
        if self._honours_if_match():
            codes.add(412)
        if self._requires_if_match():
            codes.add(428)
        return sorted(codes)

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and _source_may_be_null(field):
            meta["nullable"] = True
        return meta

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if str(code) not in responses:
                response = self._get_response_for_code(ErrorSerializer, str(code), direction=direction)
                response["description"] = ERROR_MEANINGS[code]
                responses[str(code)] = response
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._honours_if_match():
            required = self._requires_if_match()
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=required,
                description=str(_("The ETag of your last read of the entry; a stale one answers 412."))
                + (" " + str(_("Required here: without it the answer is 428.")) if required else ""),
            ))
        shows_entry = self.method in {"GET", "PUT", "PATCH"} or self._is_create_operation()
        if shows_entry and not self._is_list_view():
            parameters.append(OpenApiParameter(
                "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201],
                description=str(_("The entry's current version, to send back in If-Match.")),
            ))
        parameters.append(OpenApiParameter(
            "Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[429],
            description=str(_("Seconds to wait before the next request.")),
        ))
        return parameters


class SingleAnswerSchema(RegistrySchema):
    """For a viewset whose `list` answers one object (the nation's figures, say), not a list:
    drf-spectacular would otherwise describe that answer as an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
