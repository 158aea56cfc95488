"""Endpoints of the register of bodies and of the caller's own personal tokens."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from architecture import access
from architecture.api.filters import BodyFilter
from architecture.api.serializers import (
    BodySerializer,
    TokenCreatedSerializer,
    TokenInputSerializer,
    TokenSerializer,
)
from architecture.models import ApiToken, Body
from architecture.services import body_delete, body_write
from architecture.tokens import token_create, token_revoke
from config.api.permissions import RegisterAccess, SignedIn
from config.api.viewsets import EntryViewSet

# Codes, identifiers and versions may contain dots ("cong-dan.ngay-sinh", "1.0.0").
LOOKUP_WITH_DOTS = r"[^/]+"


@extend_schema_view(
    list=extend_schema(summary="Bodies of the political system", description="Everyone reads the register."),
    create=extend_schema(summary="Add a body (administrators)"),
    update=extend_schema(summary="Change a body (administrators)"),
    partial_update=extend_schema(summary="Change some facts of a body (administrators)"),
    destroy=extend_schema(summary="Delete a body nothing refers to (administrators)"),
)
class BodyViewSet(EntryViewSet):
    queryset = Body.objects.select_related("parent")
    serializer_class = BodySerializer
    permission_classes = [RegisterAccess]
    may_change_register = staticmethod(access.can_manage_bodies)
    lookup_field = "code"
    lookup_value_regex = LOOKUP_WITH_DOTS
    filterset_class = BodyFilter
    ordering_fields = ["code", "name_vi", "path", "level", "modified_at"]
    ordering = ["path"]

    def create_entry(self, data):
        return body_write(user=self.request.user, body=Body(), changes=data)

    def update_entry(self, entry, data):
        return body_write(user=self.request.user, body=entry, changes=data)

    def delete_entry(self, entry):
        body_delete(user=self.request.user, body=entry)


@extend_schema_view(
    list=extend_schema(summary="Your personal tokens", description=(
        "The signed-in user's own tokens, revoked ones included. A token is listed by its prefix; "
        "its secret is never shown again after creation.")),
    retrieve=extend_schema(summary="One of your tokens"),
    create=extend_schema(
        summary="Create a personal token", request=TokenInputSerializer, responses={201: TokenCreatedSerializer},
        description=(
            "Returns the token's plain text once, in `token`; only a SHA-256 digest is kept. The token acts "
            "with your rights. A request authenticated by a token may create another token for the same user "
            "(useful to rotate a machine's token), so treat every token as your password. Service accounts "
            "(synchronization reporters) cannot create tokens.")),
    destroy=extend_schema(summary="Revoke one of your tokens",
                          description="At once and for good: the next request with it answers 401."),
)
class TokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = TokenSerializer
    permission_classes = [SignedIn]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        if request.user.is_service_account:
            raise PermissionDenied(_("A service account does not create tokens; its owner gives them."))
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, plain = token_create(user=request.user, request=request, **data.validated_data)
        body = TokenCreatedSerializer(token, context={"plain": plain}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})

    def perform_destroy(self, instance):
        token_revoke(user=self.request.user, token=instance, request=self.request)

