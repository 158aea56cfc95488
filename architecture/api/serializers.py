"""Input and output shapes of bodies and personal tokens. They validate; they decide nothing."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from architecture.models import ApiToken, Body


class BodySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(), allow_null=True,
                                          required=False, help_text="The code of the body above it.")

    class Meta:
        model = Body
        fields = [
            "code", "name_vi", "name_en", "short_name", "kind", "level", "unit_type", "parent", "path",
            "effective_from", "effective_to", "website", "email", "source", "note", "modified_at",
        ]
        read_only_fields = ["path", "modified_at"]


class TokenSerializer(serializers.ModelSerializer):
    """A token as listed: its prefix to recognise it, never its secret (only a digest is kept)."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "revoked_at", "last_used_at"]


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.SerializerMethodField(
        help_text="The token itself: shown in this response only, never again. Send it as `Authorization: Bearer …`.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]

    def get_token(self, obj) -> str:
        return self.context["plain"]


class TokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text=str(_("What the token is for.")))
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
