"""Who is calling: a personal token (Authorization: Bearer rgt_…) or the signed-in session.

Unlike the pages, where a bad token is simply anonymous, the API answers a bad token with 401:
a machine that sends a token expects its rights, and silently reading as anonymous would hide a
revoked or expired token behind a smaller answer.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from architecture.tokens import token_authenticate


class BearerTokenAuthentication(BaseAuthentication):
    """Reads `Authorization: Bearer <token>`; returns (user, ApiToken)."""

    def authenticate(self, request):
        scheme, _sep, plain = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        plain = plain.strip()
        if not plain:
            raise AuthenticationFailed(_("The Authorization header names no token."))
        django_request = request._request
        # architecture.middleware.BearerTokenMiddleware has already looked the token up (and
        # recorded its use): ask again only when it did not run.
        if hasattr(django_request, "api_token"):
            token = django_request.api_token
        else:
            token = token_authenticate(plain)
        if token is None:
            raise AuthenticationFailed(_("The token is unknown, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'  # makes DRF answer 401 (not 403) to a missing or bad token


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer",
            "description": "A personal token created at POST /api/v1/tokens/ (shown once). It acts with its "
                           "user's rights; an unknown, revoked or expired token answers 401.",
        }
