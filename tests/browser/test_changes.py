"""What changed, in a browser: the changes page and an event's history read as
before → after in both languages, pass axe in both schemes, fit a phone, and the
browser finds the Atom feed of the page it shows."""

import datetime as dt

import pytest

from events.domain.seeding import seed_load
from events.enums import Precision, Status
from events.models import Event
from tests.browser.helpers import axe_violations, format_axe
from tests.browser.test_design import SCREENSHOTS


@pytest.fixture
def firmed_up(transactional_db):
    """The seed, then the next session's dates made precise and confirmed."""
    seed_load()
    session = Event.objects.get(slug="csc-session-2014")
    session.start_date = session.end_date = dt.date(2014, 5, 28)
    session.start_precision = session.end_precision = Precision.DAY
    session.status = Status.CONFIRMED
    session.save()
    return session


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_changes_page_reads_before_and_after(firmed_up, new_page, page_issues, lang, scheme):
    prefix = "" if lang == "en" else "/ru"
    page = new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(f"{prefix}/changes/")

    dates = page.locator(".change--dates").first
    words = {
        "en": (
            "Next Collective Security Council session: dates made precise",
            "2014",
            "28 May 2014",
        ),
        "ru": (
            "Следующая сессия Совета коллективной безопасности: даты уточнены",
            "2014\u202fг.",
            "28 мая 2014\u202fг.",
        ),
    }[lang]
    assert dates.locator(".change-title").inner_text() == words[0]
    assert dates.locator(".change-before").inner_text().split(":")[-1].strip() == words[1]
    assert dates.locator(".change-after").inner_text().split(":")[-1].strip() == words[2]
    assert page.locator(".change--status .change-title").count() == 1
    feed = page.locator("head link[type='application/atom+xml']").get_attribute("href")
    assert feed == f"{prefix}/changes.atom"
    assert page.request.get(feed).headers["content-type"] == "application/atom+xml; charset=utf-8"
    violations = axe_violations(page)
    assert not violations, format_axe(violations)
    if scheme == "light":
        page.screenshot(path=SCREENSHOTS / f"changes-{lang}-1280.png", full_page=False)
    page_issues.assert_clean()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_event_history_fits_a_phone_and_passes_axe(firmed_up, mobile_page, page_issues, lang):
    prefix = "" if lang == "en" else "/ru"
    mobile_page.goto(f"{prefix}/events/csc-session-2014/")

    history = mobile_page.locator(".history .change")
    assert history.count() == 4  # added, then statement, dates and status
    assert "→" in history.first.inner_text() or "→" in history.nth(1).inner_text()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(mobile_page)
    assert not violations, format_axe(violations)
    mobile_page.locator(".history").screenshot(path=SCREENSHOTS / f"history-{lang}-320.png")
    page_issues.assert_clean()
