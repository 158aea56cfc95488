from django.db import models
from django.utils.translation import gettext_lazy as _

# The EU Data Theme vocabulary (Publications Office authority table "data-theme"), which DCAT-AP
# recommends for dcat:theme. Labels in Vietnamese are our own renderings.
EU_THEMES = "http://publications.europa.eu/resource/authority/data-theme/"


class Theme(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label_vi

    @property
    def iri(self) -> str:
        return EU_THEMES + self.code
