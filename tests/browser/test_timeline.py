"""The timeline atlas in a browser: labels that never collide, a chart that
scrolls in its own box on narrow screens, marks reached by keyboard, axe."""

import time

import pytest
from playwright.sync_api import expect

from events.domain.seeding import seed_load
from tests.browser.helpers import axe_violations, format_axe
from tests.factories import dense_timeline

DENSE = "/timeline/?from=2012&to=2020"

# Every pair of label boxes that meet, and every label that meets a mark.
COLLISIONS_JS = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {name: el.textContent || el.getAttribute("class"), l: r.left, r: r.right,
            t: r.top, b: r.bottom};
  };
  const meet = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  const labels = [...document.querySelectorAll(".timeline .mark-label")].map(box);
  const marks = [...document.querySelectorAll(
    ".timeline .bar rect.solid, .timeline .bar rect.uncertain, .timeline .bar circle.pin"
  )].map(box);
  const found = [];
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach((b) => { if (meet(a, b)) found.push([a.name, b.name]); });
    marks.forEach((m) => { if (meet(a, m)) found.push([a.name, "mark"]); });
  });
  return {labels: labels.length, marks: marks.length, found};
}"""

SCROLL_JS = """() => {
  const box = document.querySelector(".timeline-scroll");
  return {
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    box: box.clientWidth,
    chart: box.scrollWidth,
  };
}"""


def scrolled_left(page) -> float:
    """The chart's scroll offset once keyboard scrolling (which may be smooth) moved it."""
    deadline = time.monotonic() + 5
    while (left := page.evaluate("document.querySelector('.timeline-scroll').scrollLeft")) == 0:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return left


@pytest.fixture
def seed(transactional_db):
    seed_load()


@pytest.fixture
def dense(seed):
    dense_timeline()


@pytest.mark.parametrize("url", ["/timeline/", DENSE, "/ru/timeline/", f"/ru{DENSE}"])
def test_labels_never_meet_each_other_or_a_mark(dense, page, url):
    page.goto(url)

    result = page.evaluate(COLLISIONS_JS)

    assert result["labels"] >= 50
    assert result["marks"] >= result["labels"]
    assert result["found"] == []


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("url", ["/timeline/", "/ru/timeline/", DENSE])
def test_narrow_page_never_scrolls_sideways_but_the_chart_does(dense, new_page, url, width):
    page = new_page(viewport={"width": width, "height": 700})
    page.goto(url)

    sizes = page.evaluate(SCROLL_JS)
    scroller = page.locator(".timeline-scroll")
    scroller.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")

    assert sizes["page"] <= sizes["viewport"] == width
    assert sizes["chart"] > sizes["box"]
    expect(scroller).to_be_focused()
    expect(scroller).to_have_accessible_name(
        "Timeline chart" if "/ru/" not in url else "Диаграмма хронологии"
    )
    assert scrolled_left(page) > 0
    expect(page.locator(".scroll-hint")).to_be_visible()


def test_every_mark_is_a_link_reached_by_tab_and_named_in_full(seed, page, page_issues):
    page.goto("/timeline/")
    page.locator(".timeline-scroll").focus()

    page.keyboard.press("Tab")
    first = page.locator(":focus")
    expect(first).to_have_attribute("href", "/events/chairmanship-kyrgyzstan-2012/")
    expect(first).to_have_accessible_name(
        "Chairmanship: Kyrgyzstan, December 2012 – 23 September 2013"
    )
    for _ in range(6):
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_accessible_name(
        "Grom-2013, Kyrgyzstan, 20 September 2013"
    )
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Grom-2013")
    page_issues.assert_clean()


def test_the_atlas_works_without_javascript(dense, nojs_page):
    nojs_page.goto(f"{DENSE}&series=rubezh")

    expect(nojs_page.locator("h1")).to_have_text("Timeline 2012–2020")
    expect(nojs_page.locator("tr.timeline-row th")).to_have_text(
        ["Chairmanship", "Summits", "Rubezh exercises"]
    )
    expect(nojs_page.locator(".timeline-row--series-rubezh .mark-label")).to_have_count(6)
    nojs_page.locator("a.bar[href='/events/rubezh-2016/'] .mark-label").click()
    expect(nojs_page.locator("h1")).to_have_text("Rubezh-2016")


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("url", ["/timeline/", "/ru/timeline/", DENSE, f"/ru{DENSE}"])
def test_atlas_has_no_axe_violations(dense, new_page, page_issues, url, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(url)

    violations = axe_violations(page)

    assert not violations, format_axe(violations)
    page_issues.assert_clean()
