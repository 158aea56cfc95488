"""The deadlines of Resolution 214/NQ-CP the dashboard measures progress against.

Source: Resolution 214/NQ-CP (23 July 2025) as summarised in the project's domain notes
(docs/DOMAIN.md); the official text itself was not checked here, so the dates are marked
"as summarised" on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Deadline:
    figure: str  # the share figure measured against the deadline (target 100%)
    label: object
    due: datetime.date
    source: str


DEADLINES: list[Deadline] = [
    Deadline("reviewed_share", _("Every database reviewed (Ministry of Public Security)"), datetime.date(2025, 8, 31),
             "Resolution 214/NQ-CP (as summarised in docs/DOMAIN.md)"),
    Deadline("standardized_share", _("Every database standardized"), datetime.date(2025, 12, 31),
             "Resolution 214/NQ-CP (as summarised in docs/DOMAIN.md)"),
    Deadline("sync_share", _("Every database synchronized with the National Data Center"),
             datetime.date(2025, 12, 31), "Resolution 214/NQ-CP (as summarised in docs/DOMAIN.md)"),
]
