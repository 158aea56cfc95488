"""Wording of the sign-in lockout page (templates/registration/locked_out.html)."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(duration: timedelta | None) -> int:
    """Whole minutes of django-axes' cool-off, rounded up: a reader told "1 minute" for 90 seconds
    would be refused again, and a refused attempt during the lock starts the wait again."""
    return math.ceil(duration.total_seconds() / 60) if duration else 0
