"""Numbered releases of the dictionary. The live elements and code lists are the draft; a release
is a frozen copy of them, taken when it is published and never changed afterwards."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEMVER_PATTERN = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"


class ReleaseItemKind(models.TextChoices):
    ELEMENT = "element", _("Data element")
    CODE_LIST = "code_list", _("Code list")


class Release(models.Model):
    version = models.CharField(_("version"), max_length=32, unique=True, help_text=_("Semantic version, e.g. 1.0.0."))
    title = models.CharField(_("title"), max_length=255)
    notes = models.TextField(_("release notes"), blank=True)
    prior = models.OneToOneField(
        "self", verbose_name=_("prior version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="next_release",
    )
    # Ordering key computed from the version, so 1.10.0 sorts after 1.9.0.
    sort_key = models.CharField(max_length=32, editable=False, db_index=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("dictionary release")
        verbose_name_plural = _("dictionary releases")
        ordering = ["-sort_key"]
        constraints = [
            models.CheckConstraint(condition=Q(version__regex=SEMVER_PATTERN), name="release_version_semver"),
        ]

    def __str__(self) -> str:
        return self.version


class ReleaseItem(models.Model):
    """An element or a code list (with its values) as it stood in a release."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ReleaseItemKind.choices)
    identifier = models.CharField(_("identifier"), max_length=64)
    status = models.CharField(_("status"), max_length=16)
    digest = models.CharField(_("content digest"), max_length=64)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("release item")
        verbose_name_plural = _("release items")
        ordering = ["release", "kind", "identifier"]
        constraints = [
            models.UniqueConstraint(fields=["release", "kind", "identifier"], name="release_item_unique"),
            models.CheckConstraint(condition=Q(kind__in=ReleaseItemKind.values), name="release_item_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.release.version}/{self.kind}/{self.identifier}"
