"""The language a reader chose is remembered (issue #8).

Pages are Vietnamese at their plain address and English under /en/ (i18n_patterns without a prefix
for the default language). Django then reads the language cookie nowhere: a plain address is
always Vietnamese. This middleware sends a reader whose cookie says English from a plain address
to its /en/ twin, so the choice made with the header's switch (set_language) holds on the next
visit; `language_links` gives the switch the address of the current page in each language."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path


class RememberedLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (request.method in ("GET", "HEAD") and chosen and chosen != settings.LANGUAGE_CODE
                and chosen in dict(settings.LANGUAGES) and get_language_from_path(request.path_info) is None):
            current = request.get_full_path()
            target = translate_url(current, chosen)
            if target != current:
                response = HttpResponseRedirect(target)
                patch_vary_headers(response, ("Cookie",))
                return response
        return self.get_response(request)


def language_links(request) -> dict[str, str]:
    """The current page's address in each language (what the language switch sends back to)."""
    current = request.get_full_path()
    return {code: translate_url(current, code) for code, _name in settings.LANGUAGES}
