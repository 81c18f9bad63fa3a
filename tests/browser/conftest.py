"""In-browser tests: Playwright (sync API) drives Debian's Chromium against live_server.

Fixtures:
- ``browser`` (session): a headless Chromium from /usr/bin/chromium.
- ``page`` / ``nojs_page`` / ``mobile_page``: a fresh context and page (1280x900;
  1280x900 with JavaScript off; 320x640), ``base_url`` set to ``live_server.url`` so
  ``page.goto("/2013/09/")`` works. Using one starts the live server, which gives the
  test transactional database access (load data with ``seed_load()`` in the test).
- ``page_issues``: a ``PageIssues`` the page fixtures fill with console errors, page
  errors, CSP violations and failed requests; ``page_issues.assert_clean()``.
- ``new_page(**context_options)``: a page in a context with other options.

Every test under tests/browser is marked ``browser`` (deselect with ``-m "not browser"``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP_BINDING,
    CSP_LISTENER_JS,
    PageIssues,
    in_ci,
)

# Playwright's sync API keeps an asyncio event loop marked as running in the main
# thread from the first browser call to the end of the session. Django's ORM sees that
# loop and raises SynchronousOnlyOperation in any test body (or later test) that touches
# the database. Nothing here is async: the test code and Playwright take turns in one
# thread, and the live server runs in its own. Django's documented escape hatch, for
# this process only: https://docs.djangoproject.com/en/stable/topics/async/#envvar-DJANGO_ALLOW_ASYNC_UNSAFE
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        if in_ci():
            pytest.fail(
                f"{CHROMIUM}: chromium missing: "
                ".ci/run installs it with apt-get install -y chromium"
            )
        pytest.skip(
            f"{CHROMIUM} is missing; the in-browser tests need: apt-get install -y chromium"
        )

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_issues():
    return PageIssues()


@pytest.fixture
def new_page(browser, live_server, page_issues):
    """Open a page in a new context: ``new_page(java_script_enabled=False, ...)``.

    Defaults: 1280x900, locale en-GB, JavaScript on, ``base_url=live_server.url``.
    Console errors, page errors, CSP violations and failed requests go to ``page_issues``.
    """
    contexts = []

    def open_page(**context_options):
        options = {
            "viewport": {"width": 1280, "height": 900},
            "locale": "en-GB",
            "java_script_enabled": True,
            "base_url": live_server.url,
            **context_options,
        }
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.expose_function(CSP_BINDING, lambda v: page_issues.csp_violations.append(v))
        context.add_init_script(CSP_LISTENER_JS)
        page = context.new_page()
        page_issues.watch(page)
        return page

    yield open_page

    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def nojs_page(new_page):
    return new_page(java_script_enabled=False)


@pytest.fixture
def mobile_page(new_page):
    return new_page(viewport={"width": 320, "height": 640})
