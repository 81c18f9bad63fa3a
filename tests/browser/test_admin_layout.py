"""The admin's event lists read at a glance at 1280 px: every name on at most two
lines, every column in view, and no country filter making the page endless."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.domain.seeding import seed_load
from events.roles import EDITORS
from tests.conftest import PASSWORD


@pytest.fixture
def signed_in_editor(page, transactional_db, django_user_model):
    seed_load()
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


@pytest.mark.parametrize("listing", ["/admin/events/event/", "/admin/events/exercise/"])
def test_every_name_fits_on_two_lines_and_the_page_is_short(signed_in_editor, page_issues, listing):
    page = signed_in_editor
    page.goto(listing)
    # The lines a name's own text takes (a row is as tall as its tallest cell).
    lines = page.evaluate(
        """() => [...document.querySelectorAll('#result_list .field-name')].map((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size;
        })"""
    )
    overflow = page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth - box.clientWidth; })()"
    )
    height = page.evaluate("document.documentElement.scrollHeight")

    assert lines
    assert max(lines) <= 2, lines
    assert overflow <= 0, "the list is wider than its box: its last columns are cut"
    assert height < 2500, height
    page_issues.assert_clean()


def test_participants_are_chosen_from_a_short_list_with_a_search(signed_in_editor, page_issues):
    page = signed_in_editor
    page.goto("/admin/events/exercise/add/")
    available = page.locator("#id_participants_from")

    # The members head the list; the other countries are found by typing.
    first = available.locator("option").evaluate_all(
        "options => options.slice(0, 7).map(o => o.textContent)"
    )
    assert set(first[:6]) == {
        "Armenia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
    }
    assert first[6] == "Afghanistan"
    assert available.evaluate("select => select.getBoundingClientRect().height") < 400
    page.locator("#id_participants_input").press_sequentially("serb")
    expect(available.locator("option")).to_have_text(["Serbia"])
    available.select_option("RS")
    page.locator("#id_participants_add").click()
    expect(page.locator("#id_participants_to option")).to_have_text(["Serbia"])
    page_issues.assert_clean()
