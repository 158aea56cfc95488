from django.contrib.auth.models import AnonymousUser

from architecture.tokens import token_authenticate


class BearerTokenMiddleware:
    """Requests carrying `Authorization: Bearer <token>` act as the token's user, with the same
    rights as on the pages (architecture.access decides). A bad token is simply anonymous: the
    public answer, never an error that tells a guesser anything. Sits after Django's
    AuthenticationMiddleware, so a token wins over a session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scheme, _, plain = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and plain.strip():
            token = token_authenticate(plain.strip())
            request.api_token = token
            request.user = token.user if token else AnonymousUser()
        return self.get_response(request)
