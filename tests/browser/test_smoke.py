"""Smoke tests: the in-browser harness works against the real app, and catches what it should."""

import pytest
from playwright.sync_api import expect

from events.domain.seeding import seed_load
from tests.browser.helpers import axe_violations, format_axe, scripting_enabled

MONTH = "/2013/09/"

# The page the CSP probes are served as, on the live server's origin; Playwright
# answers it (page.route), so the app is not involved.
PROBE_HTML = """<!doctype html>
<html lang="en"><head><title>probe</title></head>
<body><h1>probe</h1><script>window.inlineRan = true;</script></body></html>"""
PROBE_CSP = "default-src 'self'; script-src 'self'"


def open_month(page, live_server):
    """Open the September 2013 month page, returning the stylesheet responses."""
    stylesheets = []

    def on_response(response):
        if response.request.resource_type == "stylesheet":
            stylesheets.append(response)

    page.on("response", on_response)
    response = page.goto(f"{live_server.url}{MONTH}")
    # pytest.fail, not assert: the xfail below (raises=AssertionError) must not hide it.
    if response.status != 200:
        pytest.fail(f"GET {MONTH} answered {response.status}")
    return stylesheets


def assert_stylesheets_applied(page, stylesheets):
    assert stylesheets, "the page asked for no stylesheet"
    for response in stylesheets:
        assert response.status == 200, (response.url, response.status)
        assert response.headers["content-type"].startswith("text/css"), response.url
    # Each linked sheet was parsed into rules (an empty or HTML answer gives none).
    sheets = page.evaluate(
        "Array.from(document.styleSheets, s => ({href: s.href, rules: s.cssRules.length}))"
    )
    assert sheets, "no stylesheet was applied"
    assert all(sheet["rules"] > 0 for sheet in sheets), sheets


def test_month_page_renders_styled_and_clean(page, page_issues, live_server):
    seed_load()
    stylesheets = open_month(page, live_server)

    expect(page.locator("h1")).to_have_text("September 2013")
    assert_stylesheets_applied(page, stylesheets)
    # The harness's CSP listener runs under the app's own strict policy.
    assert page.evaluate("Array.isArray(window.__cspViolations)")
    page_issues.assert_clean()


def test_month_page_renders_without_javascript(nojs_page, page_issues, live_server):
    seed_load()
    stylesheets = open_month(nojs_page, live_server)

    expect(nojs_page.locator("h1")).to_have_text("September 2013")
    assert_stylesheets_applied(nojs_page, stylesheets)
    page_issues.assert_clean()


def test_month_page_on_a_narrow_screen(mobile_page, page_issues, live_server):
    seed_load()
    open_month(mobile_page, live_server)

    assert mobile_page.viewport_size == {"width": 320, "height": 640}
    expect(mobile_page.locator("h1")).to_be_visible()
    page_issues.assert_clean()


# The harness itself: a page that breaks the rules must be reported.


def serve_probe(page, path="/csp-probe/"):
    page.route(
        f"**{path}",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": PROBE_CSP},
            body=PROBE_HTML,
        ),
    )
    return path


def test_harness_reports_csp_violations(page, page_issues):
    page.goto(serve_probe(page))

    # The page's inline script was blocked; the harness's init script was not.
    assert page.evaluate("window.inlineRan") is None
    assert page.evaluate("Array.isArray(window.__cspViolations)")
    assert [v["directive"] for v in page_issues.csp_violations] == ["script-src-elem"]
    problems = page_issues.problems()
    assert any("Content Security Policy" in p for p in problems), problems
    with pytest.raises(AssertionError, match="CSP violation"):
        page_issues.assert_clean()


def test_harness_reports_csp_violations_without_javascript(nojs_page, page_issues):
    nojs_page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'self'"},
            body='<!doctype html><title>probe</title><p style="color: red">styled</p>',
        ),
    )
    nojs_page.goto("/csp-probe/")

    # No JavaScript, no securitypolicyviolation listener: Chromium's console has it.
    assert page_issues.csp_violations == []
    assert any("Content Security Policy" in e for e in page_issues.console_errors)


def test_harness_reports_script_errors(page, page_issues):
    page.goto(serve_probe(page))
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('boom'); })")
    page.evaluate("console.error('logged an error')")

    expect(page.locator("h1")).to_have_text("probe")
    assert page_issues.page_errors == ["boom"]
    assert any(e.startswith("logged an error") for e in page_issues.console_errors)


def test_harness_runs_axe_offline(page):
    page.route(
        "**/axe-probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body="<!doctype html><html><body><main><input type=text></main></body></html>",
        ),
    )
    page.goto("/axe-probe/")

    found = {v["id"]: v for v in axe_violations(page)}
    assert {"html-has-lang", "document-title", "label"} <= found.keys(), format_axe(
        list(found.values())
    )
    assert found["label"]["targets"] == ["input"]


def test_harness_refuses_axe_without_javascript(nojs_page):
    nojs_page.goto(serve_probe(nojs_page))

    assert not scripting_enabled(nojs_page)
    with pytest.raises(RuntimeError, match="axe needs JavaScript"):
        axe_violations(nojs_page)
