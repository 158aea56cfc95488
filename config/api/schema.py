"""The OpenAPI 3 description: every operation lists the errors it may answer, in the one shape
of config.api.errors, with the headers that matter (ETag, If-Match, Retry-After)."""

from __future__ import annotations

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
        "method_not_allowed, conflict, in_use, precondition_failed, precondition_required, throttled."))
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
    428: "This entry requires If-Match with the ETag of the caller's last read.",
    429: "Too many requests: wait for the seconds given in Retry-After.",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class RegistrySchema(AutoSchema):
    def _error_codes(self) -> list[int]:
        codes = {401, 429}
        if self.method == "GET":
            codes |= {400, 404}
        else:
            codes |= {400, 403, 409}
            if not self._is_create_operation() or getattr(self.view, "detail", False):
                codes.add(404)
        if self.method in {"PUT", "PATCH", "DELETE"}:
            codes.add(412)
            if self.method != "DELETE" and getattr(self.view, "if_match_required", False):
                codes.add(428)
        return sorted(codes)

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
        if self.method in {"PUT", "PATCH", "DELETE"}:
            required = self.method != "DELETE" and getattr(self.view, "if_match_required", False)
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
