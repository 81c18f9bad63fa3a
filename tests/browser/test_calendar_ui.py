"""What only a browser can show: keyboard movement, in-place navigation and history,
dialogs and focus, pages without JavaScript, narrow screens, print. (Every page's axe-core
check, in both schemes and at both widths, is in test_design.py.)"""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.domain.seeding import seed_load
from tests.browser.helpers import axe_violations, format_axe
from tests.factories import EventFactory


@pytest.fixture
def seed(transactional_db):
    seed_load()


def focused_date(page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.dataset.date")


def shown_month(page) -> str:
    return page.evaluate("document.getElementById('month-body').dataset.month")


def wait_for_month(page, month: str) -> None:
    """Poll from Python: the app's CSP forbids the eval that wait_for_function needs."""
    deadline = time.monotonic() + 10
    while shown_month(page) != month:
        assert time.monotonic() < deadline, f"still showing {shown_month(page)}, not {month}"
        time.sleep(0.05)


def test_keyboard_moves_by_day_week_and_across_the_month_edge(seed, page, page_issues):
    page.goto("/2013/09/")
    grid = page.locator("table[data-calendar-grid]")
    expect(grid).to_have_attribute("role", "grid")
    # One tab stop: the grid has a single focusable cell and its links are skipped.
    assert page.locator("td[data-date][tabindex='0']").count() == 1
    assert page.locator("table.month a[tabindex='0'], table.month a:not([tabindex])").count() == 0

    page.locator("td[data-date='2013-09-19']").focus()
    page.keyboard.press("ArrowRight")
    assert focused_date(page) == "2013-09-20"
    page.keyboard.press("ArrowDown")
    assert focused_date(page) == "2013-09-27"
    page.keyboard.press("Home")
    assert focused_date(page) == "2013-09-23"
    page.keyboard.press("End")
    assert focused_date(page) == "2013-09-29"
    page.keyboard.press("ArrowUp")
    assert focused_date(page) == "2013-09-22"

    page.locator("td[data-date='2013-09-30']").focus()
    page.keyboard.press("ArrowRight")
    wait_for_month(page, "2013-10")
    assert page.url.endswith("/2013/10/")
    assert focused_date(page) == "2013-10-01"

    page.keyboard.press("PageUp")
    wait_for_month(page, "2013-09")
    assert focused_date(page) == "2013-09-01"
    page.keyboard.press("ArrowLeft")
    wait_for_month(page, "2013-08")
    assert focused_date(page) == "2013-08-31"
    page_issues.assert_clean()


def test_in_place_navigation_keeps_the_url_and_the_back_button(seed, page, page_issues):
    page.goto("/2013/09/?kind=exercise")
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("link", name="Next month").click()
    wait_for_month(page, "2013-10")

    assert page.url.endswith("/2013/10/?kind=exercise")
    # The same document: the month changed in place, not by loading a new page.
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("h1")).to_have_text("October 2013")
    expect(page.locator("#live-region")).to_have_text("October 2013: 1 event")
    assert page.title().startswith("October 2013 ·")

    page.go_back()
    wait_for_month(page, "2013-09")
    assert page.url.endswith("/2013/09/?kind=exercise")
    assert page.locator("a[hreflang=ru]").get_attribute("href") == "/ru/2013/09/?kind=exercise"
    expect(page.locator("h1")).to_have_text("September 2013")
    page.go_forward()
    wait_for_month(page, "2013-10")
    assert page.evaluate("window.__sameDocument") is True
    page_issues.assert_clean()


def test_links_outside_the_month_follow_the_month_shown(seed, page, page_issues):
    page.goto("/2013/12/?kind=exercise")

    page.get_by_role("link", name="Next month").click()
    wait_for_month(page, "2014-01")

    views = page.locator("nav.views")
    assert views.get_by_role("link", name="Year").get_attribute("href") == "/2014/?kind=exercise"
    assert views.get_by_role("link", name="Month").get_attribute("href") == (
        "/2014/01/?kind=exercise"
    )
    assert page.locator("a[hreflang=ru]").get_attribute("href") == "/ru/2014/01/?kind=exercise"
    page.locator("a[hreflang=ru]").click()
    expect(page.locator("h1")).to_have_text("Январь 2014")
    page_issues.assert_clean()


def test_picker_changes_month_in_place(seed, page, page_issues):
    page.goto("/2013/09/")

    # The picker folds under one line, so it does not repeat previous/next.
    expect(page.locator("#picker-month")).to_be_hidden()
    page.get_by_text("Choose a month").click()
    page.locator("#picker-month").select_option("12")
    page.locator("#picker-year").fill("2012")
    page.get_by_role("button", name="Go").click()
    wait_for_month(page, "2012-12")

    assert page.url.endswith("/2012/12/")
    expect(page.locator(".unplaced")).to_contain_text("Collective Security Council session, Moscow")
    page_issues.assert_clean()


def test_day_dialog_opens_on_enter_and_returns_focus(seed, page, page_issues):
    page.goto("/2013/09/")
    page.locator("td[data-date='2013-09-23']").focus()

    page.keyboard.press("Enter")
    dialog = page.locator("dialog.day-dialog")

    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text("23 September 2013")
    expect(dialog.locator(".day-dialog-events > li")).to_have_text(
        [
            "Chairmanship passes from Kyrgyzstan to Russia",
            "▲exercise: Interaction-2013",
            "◆summit: Collective Security Council session, Sochi",
            "■milestone: Activity plan for military cooperation through 2020",
        ]
    )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused_date(page) == "2013-09-23"
    page_issues.assert_clean()


def test_event_details_open_in_a_dialog_and_focus_returns(seed, page, page_issues):
    page.goto("/2013/09/")
    link = page.locator("td[data-date='2013-09-20'] a.event")

    link.click()
    dialog = page.locator("dialog.event-dialog")

    expect(dialog).to_be_visible()
    expect(dialog.locator("#event-dialog-title")).to_have_text("Grom-2013")
    expect(dialog.locator("h3")).to_have_text(["Source", "History"])
    expect(dialog.locator(".when")).to_have_text("20 September 2013")
    assert page.url.endswith("/2013/09/")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/events/grom-2013/"
    page_issues.assert_clean()


def test_navigation_works_without_javascript(seed, nojs_page, page_issues):
    page = nojs_page
    page.goto("/2013/09/?kind=exercise")

    page.get_by_role("link", name="Next month").click()
    expect(page.locator("h1")).to_have_text("October 2013")
    assert page.url.endswith("/2013/10/?kind=exercise")

    # The folded picker opens without JavaScript too (it is a <details>).
    page.get_by_text("Choose a month").click()
    page.locator("#picker-month").select_option("9")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("h1")).to_have_text("September 2013")
    assert page.url.endswith("/2013/09/?kind=exercise")

    page.get_by_label("Kyrgyzstan").check()
    page.get_by_role("button", name="Apply").click()
    assert "/2013/09/?kind=exercise&country=KG" in page.url
    page.locator("td[data-date='2013-09-20'] a.event").click()
    expect(page.locator("h1")).to_have_text("Grom-2013")
    page_issues.assert_clean()


def test_dialog_open_has_no_axe_violations(seed, page):
    page.goto("/2013/09/")
    page.locator("td[data-date='2013-09-23']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("dialog.day-dialog")).to_be_visible()

    violations = axe_violations(page)

    assert not violations, format_axe(violations)


@pytest.mark.parametrize("url", ["/2013/09/", "/ru/2013/09/", "/agenda/?from=2013-01-01"])
def test_narrow_screen_has_no_horizontal_scrolling(seed, mobile_page, page_issues, url):
    mobile_page.goto(url)

    width = mobile_page.evaluate("document.documentElement.scrollWidth")

    assert width <= 320
    page_issues.assert_clean()


def test_narrow_month_is_a_list_of_days_with_events(seed, mobile_page):
    mobile_page.goto("/2013/09/")

    shown = mobile_page.locator("table.month td.day:visible")
    display = mobile_page.evaluate(
        "getComputedStyle(document.querySelector('td[data-date=\"2013-09-19\"]')).display"
    )

    assert display == "block"
    # Days a bar only covers list nothing: it is listed once per week, with its dates.
    assert [shown.nth(i).get_attribute("data-date") for i in range(shown.count())] == [
        "2013-09-19",
        "2013-09-20",
        "2013-09-23",
    ]
    expect(mobile_page.locator("td[data-date='2013-09-23']")).to_contain_text("23 September 2013")
    expect(mobile_page.locator("td[data-date='2013-09-23']")).to_contain_text(
        "Interaction-2013 continues · 19–25 September 2013"
    )


@pytest.mark.parametrize("url", ["/2013/09/", "/agenda/?from=2013-01-01", "/timeline/"])
def test_print_hides_navigation_and_forms(seed, page, url):
    page.goto(url)
    page.emulate_media(media="print")

    hidden = page.evaluate(
        """[".site-header nav.views", ".sidebar", ".site-footer", ".skip-link"]
           .map((s) => document.querySelector(s))
           .filter(Boolean)
           .map((el) => getComputedStyle(el).display)"""
    )

    assert set(hidden) == {"none"}
    expect(page.locator("h1")).to_be_visible()


def test_today_is_marked_in_text_not_only_by_colour(page, transactional_db):
    today = timezone.localdate()
    page.goto(f"/{today.year:04d}/{today.month:02d}/")

    cell = page.locator('td[aria-current="date"]')

    expect(cell).to_have_count(1)
    expect(cell.locator(".today-label")).to_have_text("today")


def test_more_opens_the_whole_day_in_the_dialog(page, page_issues, transactional_db):
    for number in range(6):
        EventFactory(title_en=f"Drill {number}", start_date=dt.date(2016, 5, 10))
    page.goto("/2016/05/")

    page.get_by_text("+2 more").click()
    dialog = page.locator("dialog.day-dialog")

    expect(dialog).to_be_visible()
    expect(dialog.locator(".day-dialog-events > li")).to_have_count(6)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page_issues.assert_clean()


@pytest.mark.parametrize("url", ["/admin/login/", "/api/docs/", "/events/interaction-2013/"])
def test_admin_and_api_docs_run_under_the_strict_policy(seed, page, page_issues, url):
    response = page.goto(url, wait_until="networkidle")

    assert response.status == 200
    if url == "/api/docs/":
        expect(page.locator(".swagger-ui .title")).to_contain_text("cstocal API")
    page_issues.assert_clean()


def test_back_closes_an_open_dialog_and_then_leaves_the_page(seed, page, page_issues):
    page.goto("/2013/08/")
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("h1")).to_have_text("September 2013")
    page.locator("td[data-date='2013-09-23']").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.day-dialog")
    expect(dialog).to_be_visible()

    page.go_back()

    expect(dialog).to_be_hidden()
    expect(page.locator("h1")).to_have_text("September 2013")
    assert page.url.endswith("/2013/09/")
    page.go_back()
    expect(page.locator("h1")).to_have_text("August 2013")
    page_issues.assert_clean()


def test_a_dialog_closed_with_escape_leaves_no_history_behind(seed, page, page_issues):
    page.goto("/2013/08/")
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("h1")).to_have_text("September 2013")
    link = page.locator("td[data-date='2013-09-20'] a.event")
    link.click()
    dialog = page.locator("dialog.event-dialog")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("h1")).to_have_text("September 2013")

    page.go_back()

    expect(page.locator("h1")).to_have_text("August 2013")
    page_issues.assert_clean()
