"""The look every page shares: light and dark schemes that pass axe on every page in
both languages at desk and phone widths, no sideways scrolling on phones, self-hosted
fonts, the Print and Copy tools, the folding filter panel and reduced motion.

The matrix also writes the screenshots a reviewer looks at without running a server
(docs/screenshots/, named in the README)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.domain.seeding import seed_load
from tests.browser.helpers import axe_violations, format_axe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Every kind of page, in each language: (name for its screenshot or None, path).
PAGES = [
    ("home", "/"),
    ("month", "/2013/09/"),
    ("year", "/2013/"),
    (None, "/agenda/?from=2013-01-01"),
    ("timeline", "/timeline/"),
    ("event", "/events/interaction-2013/"),
    (None, "/events/chairmanship-russia-2013/"),
    (None, "/sources/"),
    (None, "/sources/csc-session-sochi-2013/"),
    (None, "/changes/"),
]
MISSING = "/no-such-page/"
WIDTHS = {"desk": 1280, "phone": 375}


@pytest.fixture
def seed(transactional_db):
    seed_load()


def localised(path: str, lang: str) -> str:
    return path if lang == "en" else f"/{lang}{path}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_passes_axe_and_never_scrolls_sideways(
    seed, new_page, page_issues, scheme, width, lang
):
    pixels = WIDTHS[width]
    page = new_page(viewport={"width": pixels, "height": 900}, color_scheme=scheme)
    problems = []
    for name, path in [*PAGES, (None, MISSING)]:
        url = localised(path, lang)
        response = page.goto(url)
        expected = 404 if path == MISSING else 200
        if response.status != expected:
            problems.append(f"{url}: answered {response.status}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > pixels:
            problems.append(f"{url}: the page scrolls sideways ({scroll} px wide at {pixels})")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{url}:\n{format_axe(violations)}")
        if name and scheme == "light":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{pixels}.png", full_page=True)
        elif name == "month" and lang == "en":
            page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{pixels}-dark.png", full_page=True)

    # The missing page's own 404 is the one error the browser may report.
    problems += [p for p in page_issues.problems() if MISSING not in p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_smallest_phone_never_scrolls_sideways(seed, mobile_page, lang):
    wide = []
    for _name, path in PAGES:
        url = localised(path, lang)
        mobile_page.goto(url)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{url}: {width} px")

    assert not wide, wide


def test_dark_scheme_turns_the_page_dark_and_keeps_kind_colours_apart(seed, new_page):
    colours = {}
    for scheme in ("light", "dark"):
        page = new_page(color_scheme=scheme)
        page.goto("/2013/09/")
        colours[scheme] = page.evaluate(
            """() => {
              const root = getComputedStyle(document.documentElement);
              const body = getComputedStyle(document.body);
              const kinds = ["--exercise", "--term", "--summit", "--operation", "--milestone"];
              return {
                body: body.backgroundColor,
                text: body.color,
                kinds: kinds.map(name => root.getPropertyValue(name).trim()),
              };
            }"""
        )

    assert colours["light"]["body"] == "rgb(255, 255, 255)"
    assert colours["dark"]["body"] == "rgb(17, 22, 28)"
    assert colours["dark"]["text"] == "rgb(231, 235, 240)"
    for scheme in ("light", "dark"):
        # Five kinds, five colours.
        assert len(set(colours[scheme]["kinds"])) == 5, colours[scheme]


def test_fonts_are_served_by_the_site(seed, page, page_issues):
    font_requests = []
    page.on("request", lambda r: r.resource_type == "font" and font_requests.append(r.url))
    page.goto("/ru/2013/09/")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans\"', 'Сентябрь')")
    assert font_requests, "no font was loaded"
    assert all(url.startswith(page.url.split("/ru/")[0] + "/static/") for url in font_requests)
    # The Cyrillic subset is fetched for a Russian page.
    assert any("cyrillic" in url for url in font_requests), font_requests
    page_issues.assert_clean()


def test_copy_button_copies_the_feed_address(seed, new_page, page_issues):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/2013/09/?kind=exercise")
    address = page.locator("#feed-url").input_value()

    page.get_by_role("button", name="Copy").click()

    assert page.evaluate("navigator.clipboard.readText()") == address
    assert "kind=exercise" in address
    expect(page.locator("#live-region")).to_have_text("Feed address copied")
    page_issues.assert_clean()


def test_print_and_copy_buttons_appear_only_with_javascript(seed, page, nojs_page):
    nojs_page.goto("/2013/09/")
    page.goto("/2013/09/")

    expect(nojs_page.get_by_role("button", name="Print")).to_be_hidden()
    expect(nojs_page.get_by_role("button", name="Copy")).to_be_hidden()
    # Without JavaScript the address can still be selected and copied by hand.
    expect(nojs_page.locator("#feed-url")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()


def test_print_button_opens_the_print_dialog(seed, page):
    page.goto("/2013/09/")
    # window.print() blocks headless Chromium's page; count calls instead.
    page.evaluate(
        "() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }"
    )

    page.get_by_role("button", name="Print").click()

    assert page.evaluate("window.__printed") == 1


def test_filter_panel_folds_on_phones_and_stays_open_on_desks(seed, new_page):
    desk = new_page()
    phone = new_page(viewport={"width": 375, "height": 800})
    nojs_phone = new_page(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    for page in (desk, phone, nojs_phone):
        page.goto("/2013/09/")

    expect(desk.get_by_label("Armenia")).to_be_visible()
    expect(phone.get_by_label("Armenia")).to_be_hidden()
    # Folded above the month, one tap away.
    toggle = phone.get_by_text("Filters and subscription")
    assert toggle.bounding_box()["y"] < phone.locator("h1").bounding_box()["y"]
    toggle.click()
    expect(phone.get_by_label("Armenia")).to_be_visible()
    # Without JavaScript nothing folds away for good.
    expect(nojs_phone.get_by_label("Armenia")).to_be_visible()


def test_reduced_motion_stops_transitions(seed, new_page):
    moving = new_page()
    still = new_page(reduced_motion="reduce")
    durations = {}
    for name, page in (("moving", moving), ("still", still)):
        page.goto("/2013/09/")
        durations[name] = page.evaluate(
            "getComputedStyle(document.querySelector('.views a')).transitionDuration"
        )

    assert durations["moving"] != "0s"
    assert set(durations["still"].replace(" ", "").split(",")) == {"0s"}


def test_navigation_bar_marks_the_current_view_without_underlines(seed, page):
    page.goto("/2013/")
    current = page.locator(".views a[aria-current='page']")

    expect(current).to_have_text("Year")
    style = current.evaluate(
        "a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).borderBottomWidth]"
    )
    assert style == ["none", "3px"]


def test_header_search_from_a_month_lists_matches_across_all_dates(seed, page, page_issues):
    page.goto("/2013/09/")

    page.get_by_role("searchbox", name="Search events").fill("grom")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page.locator("h1")).to_have_text("Search: “grom”")
    expect(page.locator(".agenda-group a.event")).to_have_text(["▲exercise: Grom-2013"])
    page_issues.assert_clean()


def test_home_briefing_links_into_the_calendar(seed, page, page_issues):
    page.goto("/")

    expect(page.locator("h1")).to_have_text("The CSTO calendar")
    expect(page.locator(".brief--term .brief-name")).to_have_text("Russia")
    expect(page.locator(".cards .card")).to_have_count(3)
    page.get_by_role("link", name="Timeline", exact=True).last.click()
    expect(page.locator("h1")).to_contain_text("Timeline")
    page.go_back()
    page.locator(".cards a").first.click()
    expect(page.locator("h1")).to_have_text("Unbreakable Brotherhood-2013")
    page_issues.assert_clean()
