from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from architecture import two_factor
from catalog import pages as catalog_pages
from config.health import health

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),  # load balancers: no language prefix, no auth (config/health.py)
    path("api/", include("config.api_urls")),  # REST API: one address for machines, no language prefix
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("dictionary.urls")), path("", include("catalog.urls")),  # RDF-publishing IRIs
    path("", include("catalog.edit_urls")),  # editing pages of the register (issue #8)
    path("", include("monitoring.urls")),  # progress dashboard, lists, exports, monthly reports
    path("", include("architecture.urls")),  # pages of bodies (issue #8)
    path("accounts/login/", two_factor.SignInView.as_view(), name="login"),  # with the TOTP code (issue #9)
    path("accounts/two-factor/", two_factor.two_factor_setup, name="two-factor-setup"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", catalog_pages.home, name="home"),
    path("", include("catalog.assessment_urls")),  # conformance assessments and security posture (H7)
    prefix_default_language=False,
)
