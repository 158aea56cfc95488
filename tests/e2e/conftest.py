"""End-to-end tests in a real headless Chromium (Debian's chromium package) driven by Playwright's
sync API, against pytest-django's live server.

Every test here is marked `e2e` and runs in the normal test command; there is no silent skip: when
the browser is missing the tests fail and say how to install it.

Helpers:
- `page`: a fresh browser page (its own context: cookies, language) whose relative URLs go to the
  live server (`page.goto("/search/?q=...")`);
- `sign_in(page, user)`: the page's context is signed in as `user` (a session made by Django's test
  client, its cookie given to the browser; signing in through the form is tested on its own);
- `screenshot(page, name)`: a full-page PNG under test-output/screenshots/<name>.png.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls while a loop
# runs unless told the calls are safe, which they are here (one thread drives both, in turn).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The end-to-end tests need Chromium at {CHROMIUM}: install it with "
                    "`apt-get install -y chromium` (.ci/run does), or set E2E_CHROMIUM to its path.",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The end-to-end tests need Playwright: `.venv/bin/pip install -e '.[dev]'`.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(live_server):
    def sign_in(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                                   "url": live_server.url}])
        return page
    return sign_in


@pytest.fixture
def screenshot():
    def screenshot(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return screenshot
