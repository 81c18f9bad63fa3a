"""Every name in the month can be read whole: on screen by mouse, keyboard and touch
when a lane cuts it short, on paper always; phones get a list without repeats and
no page scrolls sideways; the agenda counts what it lists."""

import pytest
from playwright.sync_api import expect

from events.domain.seeding import seed_load


@pytest.fixture
def seed(transactional_db):
    seed_load()


# Each lane item the page cuts short (wider or taller than its box), with the
# whole name it stands for: the event link's name, or a handover's sentence.
CUT_SHORT_JS = """() => {
  const name = (li) => {
    const link = li.querySelector("a.event");
    const nodes = link
      ? [...link.childNodes].filter(
          (n) => !(n.nodeType === 1 && n.matches(".kind-mark, .visually-hidden")),
        )
      : [...li.childNodes];
    return nodes.map((n) => n.textContent).join("").replace(/\\s+/g, " ").trim();
  };
  return [...document.querySelectorAll("table.month li.lane.item")]
    .filter((li) => li.checkVisibility({ visibilityProperty: true }))
    .filter((li) => li.scrollWidth > li.clientWidth || li.scrollHeight > li.clientHeight)
    .map((li) => ({
      date: li.closest("td").dataset.date,
      index: [...li.parentElement.children].indexOf(li),
      name: name(li),
      title: li.title,
    }));
}"""


def cut_short(page) -> list[dict]:
    return page.evaluate(CUT_SHORT_JS)


def lane(page, item: dict):
    return page.locator(f"td[data-date='{item['date']}'] .day-events > li").nth(item["index"])


def test_names_cut_short_at_1280_are_those_of_the_busiest_day(seed, page):
    page.goto("/2013/09/")

    names = sorted(item["name"] for item in cut_short(page))

    # The lanes wrap names to two lines; only the longest still end in an ellipsis.
    assert names == [
        "Activity plan for military cooperation through 2020",
        "Chairmanship passes from Kyrgyzstan to Russia",
        "Collective Security Council session, Sochi",
    ]


def test_a_name_cut_short_is_read_whole_by_mouse(seed, page, page_issues):
    page.goto("/2013/09/")
    items = cut_short(page)
    assert items

    for item in items:
        assert item["name"] in item["title"]  # hover
        # A click on the name (or beside the links of a handover) opens a dialog
        # that holds the whole name.
        target = lane(page, item)
        link = target.locator("a.event")
        if link.count():
            link.click()
        else:
            target.click(position={"x": 2, "y": 2})
        dialog = page.locator("dialog[open]")
        expect(dialog).to_contain_text(item["name"])
        page.keyboard.press("Escape")
        expect(page.locator("dialog[open]")).to_have_count(0)
    page_issues.assert_clean()


def test_a_name_cut_short_is_read_whole_by_keyboard(seed, page, page_issues):
    page.goto("/2013/09/")
    items = cut_short(page)
    assert items

    for item in items:
        page.locator(f"td[data-date='{item['date']}']").focus()
        page.keyboard.press("Enter")
        dialog = page.locator("dialog.day-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator(".day-dialog-events > li")).to_contain_text([item["name"]])
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        # Focus returns to the day (waited for: the dialog's close event moves it).
        expect(page.locator(f"td[data-date='{item['date']}']")).to_be_focused()
    page_issues.assert_clean()


def test_a_name_cut_short_is_read_whole_by_touch(seed, new_page, page_issues):
    page = new_page(has_touch=True, is_mobile=False)
    page.goto("/2013/09/")
    items = cut_short(page)
    assert items

    for item in items:
        # A tap on the name opens its event (a tap beside a handover's links, the
        # day); a tap on the day's number, the day. Either dialog holds the name.
        lane(page, item).tap(position={"x": 2, "y": 2})
        opened = page.locator("dialog[open]")
        expect(opened).to_have_count(1)
        expect(opened).to_contain_text(item["name"])
        page.keyboard.press("Escape")
        expect(page.locator("dialog[open]")).to_have_count(0)
        page.locator(f"td[data-date='{item['date']}'] a.day-link").tap()
        expect(page.locator("dialog.day-dialog[open]")).to_contain_text(item["name"])
        page.keyboard.press("Escape")
        expect(page.locator("dialog[open]")).to_have_count(0)
    page_issues.assert_clean()


def test_the_day_number_opens_the_days_whole_list(seed, page, page_issues):
    page.goto("/2013/09/")

    page.locator("td[data-date='2013-09-23'] a.day-link").click()
    dialog = page.locator("dialog.day-dialog")

    expect(dialog.locator(".day-dialog-events > li")).to_have_text(
        [
            "Chairmanship passes from Kyrgyzstan to Russia",
            "▲exercise: Interaction-2013",
            "◆summit: Collective Security Council session, Sochi",
            "■milestone: Activity plan for military cooperation through 2020",
        ]
    )
    page_issues.assert_clean()


def test_without_javascript_the_day_number_leads_to_the_days_agenda(seed, nojs_page):
    page = nojs_page
    page.goto("/2013/09/")

    page.locator("td[data-date='2013-09-23'] a.day-link").click()

    assert page.url.endswith("/agenda/?from=2013-09-23&to=2013-09-23")
    names = page.locator(".agenda-group .agenda-what a.event")
    expect(names).to_contain_text(
        [
            "Chairmanship: Kyrgyzstan",
            "Interaction-2013",
            "Collective Security Council session, Sochi",
            "Chairmanship: Russia",
            "Activity plan for military cooperation through 2020",
        ]
    )


@pytest.mark.parametrize("url", ["/2013/09/", "/ru/2013/09/"])
def test_print_keeps_every_name_whole_and_every_bar(seed, page, url):
    page.goto(url)
    page.emulate_media(media="print")

    lanes = page.evaluate(
        """() => [...document.querySelectorAll("table.month li.lane.item:not(.item--covered)")]
          .map((li) => {
            const style = getComputedStyle(li);
            return {
              text: li.textContent.replace(/\\s+/g, " ").trim(),
              whole: li.scrollWidth <= li.clientWidth && li.scrollHeight <= li.clientHeight,
              bar: li.classList.contains("item--bar"),
              background: style.backgroundColor,
              border: style.borderLeftWidth + " " + style.borderLeftStyle,
              exact: style.printColorAdjust,
              shown: li.checkVisibility({ visibilityProperty: true }),
            };
          })"""
    )
    hidden = page.evaluate(
        """() => [".period-nav", ".picker", ".sidebar", "dialog.day-dialog", "button"]
          .map((s) => document.querySelector(s))
          .filter(Boolean)
          .map((el) => getComputedStyle(el).display)"""
    )

    assert len(lanes) == 6  # 19, 20 September; 23 September's four
    assert [lane["text"] for lane in lanes if not lane["whole"] or not lane["shown"]] == []
    bars = [lane for lane in lanes if lane["bar"]]
    assert len(bars) == 2
    for bar in bars:
        assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert bar["border"] == "4px solid" or bar["border"] == "4px dashed"
        assert bar["exact"] == "exact"
    assert set(hidden) == {"none"}


PHONE_PAGES = [
    "/2013/09/",
    "/ru/2013/09/",
    "/agenda/?from=2013-01-01",
    "/ru/agenda/?from=2013-01-01",
    "/events/interaction-2013/",
    "/ru/events/chairmanship-russia-2013/",
    "/sources/",
    "/sources/csc-session-sochi-2013/",
]


def shown_texts(locator) -> list[str]:
    return [" ".join(text.split()) for text in locator.all_inner_texts()]


@pytest.mark.parametrize("width", [320, 375])
def test_phones_never_scroll_sideways(seed, new_page, page_issues, width):
    page = new_page(viewport={"width": width, "height": 700})

    overflowing = {}
    for url in PHONE_PAGES:
        page.goto(url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            overflowing[url] = scroll

    assert overflowing == {}
    page_issues.assert_clean()


def test_phones_list_a_multi_day_exercise_once_per_week_with_its_dates(seed, new_page):
    page = new_page(viewport={"width": 375, "height": 700})

    page.goto("/2013/10/")
    october = page.locator("table.month li:visible", has_text="Unbreakable Brotherhood-2013")
    assert shown_texts(october) == ["▲ exercise: Unbreakable Brotherhood-2013 · 7–11 October 2013"]
    page.goto("/2013/09/")
    september = page.locator("table.month li:visible", has_text="Interaction-2013")

    # 19–25 September crosses two week rows: once in each, on its first day there.
    assert shown_texts(september) == [
        "▲ exercise: Interaction-2013 · 19–25 September 2013",
        "▲ exercise: Interaction-2013 continues · 19–25 September 2013",
    ]
    assert [september.nth(i).evaluate("li => li.closest('td').dataset.date") for i in range(2)] == [
        "2013-09-19",
        "2013-09-23",
    ]
    days = page.locator("table.month td.day:visible")
    assert [days.nth(i).get_attribute("data-date") for i in range(days.count())] == [
        "2013-09-19",
        "2013-09-20",
        "2013-09-23",
    ]


@pytest.mark.parametrize("url", ["/agenda/?from=2013-01-01", "/ru/agenda/?from=2013-01-01"])
def test_agenda_count_equals_the_items_it_lists(seed, page, url):
    page.goto(url)

    summary = page.locator(".period-summary").inner_text()
    dated = page.locator(".agenda-group li.agenda-item:visible").count()
    undated = page.locator(".agenda-undated li.agenda-item:visible").count()

    assert (dated, undated) == (10, 3)
    assert summary.startswith(f"{dated + undated} ")
    assert f"{dated}" in summary.split(":", 1)[1]
    assert f"{undated}" in summary.split(":", 1)[1]
