"""Content negotiation by media type (DRF's) and by language (RFC 9110 §12.5.4, Accept-Language).

The site's LocaleMiddleware gives every path without a language prefix the default language,
because the pages carry their language in the URL (/en/…). The API has one address for every
caller, so here the language comes from the request: the language cookie, then Accept-Language,
then Vietnamese. Messages, errors included, follow it.
"""

from django.utils import translation
from rest_framework.negotiation import DefaultContentNegotiation


class MediaTypeAndLanguage(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        language = translation.get_language_from_request(request._request, check_path=False)
        translation.activate(language)
        request._request.LANGUAGE_CODE = language
        return super().select_renderer(request, renderers, format_suffix)
