"""The layout every page shares: navigation, the signed-in user's body and roles, sign in and out,
password change and the remembered language switch; the project's own stylesheet, nothing external."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_header_shows_the_users_name_body_and_roles(as_user, users):
    html = as_user("owner").get("/").content.decode()
    header = html.split('<main')[0]
    assert "owner" in header and "Phường Ba Đình" in header and 'href="/bodies/00004/"' in header
    assert 'action="/accounts/logout/"' in header and 'href="/accounts/password/"' in header


def test_anonymous_visitors_get_a_sign_in_link(as_user):
    header = as_user(None).get("/").content.decode().split("<main")[0]
    assert 'href="/accounts/login/' in header and "logout" not in header


@pytest.mark.parametrize("url", ["/", "/search/", "/databases/", "/bodies/", "/dictionary/", "/accounts/login/"])
def test_every_page_has_the_navigation_skip_link_and_local_stylesheet(as_user, url):
    html = as_user(None).get(url).content.decode()
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    for target in ["/search/", "/databases/", "/bodies/", "/dictionary/", "/harvest/"]:
        assert f'href="{target}"' in html
    assert 'href="/static/css/registry.css"' in html
    assert not re.search(r'(src|href)="(https?:)?//(?!127\.0\.0\.1)', html.split("<main")[0])


def test_the_stylesheet_is_served_with_visible_focus(client):
    from django.contrib.staticfiles import finders
    path = finders.find("css/registry.css")
    with open(path, encoding="utf-8") as stylesheet:
        assert ":focus-visible" in stylesheet.read()


def test_the_dashboard_is_linked_when_it_exists(as_user):
    from django.urls import reverse
    assert f'href="{reverse("monitoring:dashboard")}"' in as_user(None).get("/").content.decode()


def test_signing_in_and_out(client, users):
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and 'for="id_username"' in page.content.decode()
    response = client.post("/accounts/login/", {"username": "owner", "password": "Mat-khau-2025!"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"].username == "owner"
    assert client.post("/accounts/logout/").status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(client, users):
    response = client.post("/accounts/login/", {"username": "owner", "password": "sai"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_changing_the_password(as_user, users):
    client = as_user("owner")
    assert client.get("/accounts/password/").status_code == 200
    response = client.post("/accounts/password/", {"old_password": "Mat-khau-2025!",
                                                   "new_password1": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"})
    assert response.status_code == 302
    users["owner"].refresh_from_db()
    assert users["owner"].check_password("Mot-mat-khau-moi-2026")


def test_the_password_page_needs_a_signed_in_user(as_user):
    response = as_user(None).get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_language_switch_is_remembered(client):
    assert 'lang="vi"' in client.get("/").content.decode()
    page = client.get("/search/").content.decode()
    assert 'name="next" value="/en/search/"' in page  # the switch sends back to this page in English
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/search/"})
    assert response.status_code == 302 and response["Location"] == "/en/search/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get("/en/databases/").content.decode()
    # a plain address on a later visit follows the remembered choice
    later = client.get("/databases/?kind=national")
    assert later.status_code == 302 and later["Location"] == "/en/databases/?kind=national"
    assert 'name="next" value="/search/"' in client.get("/en/search/").content.decode()
    back = client.post("/i18n/setlang/", {"language": "vi", "next": "/search/"})
    assert back["Location"] == "/search/"
    assert 'lang="vi"' in client.get("/databases/").content.decode()


def test_machines_and_the_api_are_not_redirected(client, databases):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/api/v1/databases/").status_code == 200
    assert client.post("/databases/").status_code == 405  # only reads are redirected


def test_the_dictionary_pages_have_the_new_layout(as_user):
    html = as_user(None).get("/dictionary/").content.decode()
    assert 'class="site-header"' in html and 'aria-current="page"' in html


class _Audit(HTMLParser):
    """Heading levels, form controls and labels of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.controls, self.labels = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.controls.append(attrs)


@pytest.mark.parametrize("role", [None, "owner", "reviewer", "monitor"])
def test_headings_are_in_order_and_every_control_has_a_label(as_user, databases, role):
    client = as_user(role)
    for url in ["/", "/search/?q=co+so", "/databases/", "/databases/CSDL-CONG-KHAI", "/bodies/", "/bodies/01/",
                "/accounts/login/" if role is None else "/accounts/password/"]:
        audit = _Audit()
        audit.feed(client.get(url).content.decode())
        assert audit.headings.count(1) == 1, url
        for previous, current in zip(audit.headings, audit.headings[1:]):
            assert current <= previous + 1, (url, audit.headings)
        for control in audit.controls:
            assert control.get("id") in audit.labels or control.get("aria-label"), (url, control)


def test_each_role_finds_its_work_pages_in_the_navigation(as_user, users):
    def links(role):
        html = as_user(role).get("/").content.decode()
        return {path for path in ("/databases/new/", "/imports/new/", "/reviews/", "/dictionary/change-requests/")
                if f'href="{path}"' in html}

    assert links(None) == set()
    assert links("owner") == {"/databases/new/", "/imports/new/", "/dictionary/change-requests/"}
    assert links("reviewer") == {"/reviews/", "/dictionary/change-requests/"}
    assert links("monitor") == {"/dictionary/change-requests/"}


def test_an_element_page_offers_editors_to_propose_a_change(as_user, users, bodies):
    from dictionary.models import DataElement

    DataElement.objects.create(identifier="cong-dan.ngay-sinh", name_vi="Ngày sinh", datatype="date",
                               status="valid", steward=bodies["ministry"])
    url = "/dictionary/elements/cong-dan.ngay-sinh"
    link = 'href="/dictionary/change-requests/new/?element=cong-dan.ngay-sinh"'
    assert link in as_user("owner").get(url).content.decode()
    assert link not in as_user(None).get(url).content.decode()
    assert link not in as_user("monitor").get(url).content.decode()
