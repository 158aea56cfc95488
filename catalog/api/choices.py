"""A choice field described in the OpenAPI schema by a pattern instead of an enum, for fields named
like other registers' (several "status" fields with different values would otherwise collide in
drf-spectacular's enum naming, which settings.py's ENUM_NAME_OVERRIDES would have to resolve)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def inline_choice_field(choices, **kwargs) -> serializers.ChoiceField:
    values = [value for value, _label in choices]

    @extend_schema_field({"type": "string", "pattern": "^(" + "|".join(values) + ")$",
                          "description": "One of: " + ", ".join(values) + "."})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)
