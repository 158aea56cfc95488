"""Two-factor sign-in (TOTP, django-otp): required for administrators and reviewers, optional for
everyone else.

- Signing in with a password (the sign-in page and the admin's) asks for the 6-digit code of the
  user's authenticator app whenever the user has a confirmed TOTP device; a wrong or missing code
  is a failed sign-in (counted by django-axes, written to the audit log).
- An administrator or reviewer without a device is signed in but sent to the set-up page
  (TwoFactorSetupMiddleware) until a device is confirmed: nothing else of the site, the admin or
  the session API is served meanwhile. Others may set one up there too.
- API tokens are untouched: a token is already a second secret, created by a signed-in user.
Sessions made without a password (tests' force_login, single sign-on later) are not asked.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from architecture import access

SETUP_PENDING = "two_factor_setup_pending"


def two_factor_required(user) -> bool:
    """Administrators and reviewers must use a second factor (issue #9)."""
    return bool(user.is_authenticated and (access.is_administrator(user) or getattr(user, "is_reviewer", False)
                                           or user.is_superuser))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class TwoFactorFormMixin:
    """An AuthenticationForm that also checks the code of the user's authenticator app."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = forms.CharField(
            label=_("Code from your authenticator app"), required=False, max_length=8,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
            help_text=_("Six digits. Required once two-factor sign-in is set up (always for administrators "
                        "and reviewers)."))

    def _refuse(self, message):
        user = self.get_user()
        auth_signals.user_login_failed.send(sender=__name__, request=self.request,
                                            credentials={"username": user.get_username() if user else ""})
        self.user_cache = None
        raise ValidationError(message, code="otp_invalid")

    def clean(self):
        cleaned = super().clean()  # the password (and django-axes' lockout) first
        user = self.get_user()
        if user is None:
            return cleaned
        device = confirmed_device(user)
        token = (cleaned.get("otp_token") or "").strip()
        if device is not None:
            if not token:
                self._refuse(_("Enter the six-digit code from your authenticator app."))
            if not device.verify_token(token):
                self._refuse(_("The code is not right or has expired; enter the current one."))
            user.otp_device = device  # django_otp marks the session verified at login
        elif two_factor_required(user) and self.request is not None:
            self.request.session[SETUP_PENDING] = True  # survives the login's new session key
        return cleaned


class SignInForm(TwoFactorFormMixin, AuthenticationForm):
    pass


class AdminSignInForm(TwoFactorFormMixin, AdminAuthenticationForm):
    pass


class SignInView(LoginView):
    """Django's sign-in page with the code field (templates/registration/login.html shows every field)."""

    authentication_form = SignInForm
    redirect_authenticated_user = True


def _setup_url() -> str:
    return reverse("two-factor-setup")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Show a new key for the user's authenticator app and confirm it with a first code."""
    device = confirmed_device(request.user)
    if device is not None and request.user.is_verified():
        return render(request, "architecture/two_factor_setup.html", {"done": True})
    pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    error = ""
    if request.method == "POST":
        if pending.verify_token(request.POST.get("otp_token", "").strip()):
            TOTPDevice.objects.filter(user=request.user).exclude(pk=pending.pk).delete()
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            otp_login(request, pending)
            request.session.pop(SETUP_PENDING, None)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
                target = reverse("home")
            return redirect(target)
        error = _("The code is not right or has expired; enter the current one.")
    from base64 import b32encode

    return render(request, "architecture/two_factor_setup.html", {
        "secret": b32encode(pending.bin_key).decode(), "config_url": pending.config_url, "error": error,
        "required": two_factor_required(request.user),
    })


class TwoFactorSetupMiddleware:
    """Until an administrator or reviewer signed in with a password has confirmed a device, only
    the set-up page, signing out and static files are served."""

    EXEMPT = ("/static/", "/health/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and request.session.get(SETUP_PENDING)
                and not getattr(request, "api_token", None) and not user.is_verified()
                and not request.path.startswith(self.EXEMPT)
                and request.path not in (_setup_url(), reverse("logout"))):
            if request.path.startswith("/api/"):
                return JsonResponse({"status": 403, "code": "two_factor_required", "errors": [],
                                     "message": str(_("Set up two-factor sign-in first."))}, status=403)
            return redirect(f"{_setup_url()}?next={request.get_full_path()}")
        return self.get_response(request)
