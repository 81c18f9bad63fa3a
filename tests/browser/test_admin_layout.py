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
