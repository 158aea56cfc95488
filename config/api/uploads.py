"""Uploaded files: the format is given, or read from the file's name; the size has a limit."""

from django.utils.translation import gettext as _
from rest_framework import serializers


class UploadSerializer(serializers.Serializer):
    """A file and its format. Subclasses name FORMATS, MAX_BYTES and FORMAT_HINT (the message
    for a file whose name says no known format)."""

    FORMATS: tuple[str, ...] = ()
    MAX_BYTES = 0
    FORMAT_HINT = ""

    file = serializers.FileField()
    format = serializers.ChoiceField(choices=(), required=False, help_text="Taken from the file name when left out.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = self.FORMATS

    def validate_file(self, file):
        if file.size > self.MAX_BYTES:
            raise serializers.ValidationError(_("The file is larger than %(limit)s MB.")
                                              % {"limit": self.MAX_BYTES // 2**20})
        return file

    def validate(self, data):
        if "format" not in data:
            suffix = data["file"].name.rsplit(".", 1)[-1].lower()
            if suffix not in self.FORMATS:
                raise serializers.ValidationError({"format": [str(self.FORMAT_HINT)]})
            data["format"] = suffix
        return data
