"""Request rates, counted in the cache: per user (all of a user's tokens and sessions share one
budget, so more tokens buy no more requests) and per address for anonymous callers. The rates
come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request so a changed setting
applies at once. Over the rate the API answers 429 with Retry-After."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(_RateFromSettings, UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # counted by AnonThrottle
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    scope = "anon"
