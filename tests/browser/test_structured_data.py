"""The event page's JSON-LD data block in a browser: it is there to read, it is never
run, and it costs the page no console error and no CSP violation, even when an
event's title tries to close the element."""

import json

import pytest

from events.domain.seeding import seed_load
from tests.factories import EventFactory

READ_DATA_BLOCK = """(() => {
  const blocks = document.head.querySelectorAll('script[type="application/ld+json"]');
  return [...blocks].map((block) => block.textContent);
})()"""


@pytest.fixture
def seed(transactional_db):
    seed_load()


@pytest.mark.parametrize(
    ("path", "name"),
    [("/events/interaction-2013/", "Interaction-2013"), ("/ru/events/grom-2013/", "Гром-2013")],
)
def test_event_page_data_block_reads_back_with_no_console_error(
    seed, page, page_issues, path, name
):
    response = page.goto(path)

    blocks = page.evaluate(READ_DATA_BLOCK)
    assert response.status == 200
    assert len(blocks) == 1
    assert json.loads(blocks[0])["name"] == name
    link = page.locator('head link[rel="alternate"][type="application/ld+json"]')
    assert link.get_attribute("href") == path.removesuffix("/") + ".jsonld"
    page_issues.assert_clean()


def test_a_title_closing_the_script_runs_nothing(transactional_db, page, page_issues):
    title = "</script><script>window.injected = true; alert(1)</script>"
    EventFactory(slug="hostile", title_en=title)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto("/events/hostile/")

    blocks = page.evaluate(READ_DATA_BLOCK)
    assert [json.loads(block)["name"] for block in blocks] == [title]
    assert page.evaluate("window.injected === undefined")
    assert dialogs == []
    assert page.locator("h1").inner_text() == title
    page_issues.assert_clean()
