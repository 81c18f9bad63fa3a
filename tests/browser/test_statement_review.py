"""An editor adds a statement and accepts what it proposes, in a real browser."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import Citation, Event, Statement
from events.roles import EDITORS
from tests.conftest import PASSWORD

TEXT = (
    "We have just ended the session of the Collective Security Council in Moscow.\n"
    "Next year, the exercise Search-2015 will be held in Kazakhstan from 3 to 7 October. "
    "The exercise Cobalt-2015 will follow in Belarus in November next year.\n"
    "NATO will hold its own exercise in 2015. Thank you."
)


@pytest.fixture
def signed_in_editor(page, transactional_db, django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


def test_an_editor_adds_a_statement_and_accepts_one_proposal(
    signed_in_editor, page_issues, tmp_path
):
    page = signed_in_editor
    page.goto("/admin/events/statement/add/")
    page.fill("#id_title_en", "Statement after the Moscow session")  # fills the slug too
    page.fill("#id_date", "2014-12-23")
    page.fill("#id_text", TEXT)
    page.click("input[name=_save]")

    # The review: the text beside its proposals, each sentence that gave one marked.
    expect(page.locator(".review-text mark")).to_have_count(3)
    legends = page.locator(".proposal legend")
    expect(legends.filter(has_text="Search")).to_have_count(1)
    expect(legends.filter(has_text="Cobalt")).to_have_count(1)
    expect(page.locator(".proposal", has_text="NATO")).to_have_count(0)
    page.screenshot(path=tmp_path / "statement-review.png", full_page=True)

    # Accept only Search-2015, with its end amended.
    for box in page.locator(".proposal-accept input[type=checkbox]").all():
        box.uncheck()
    search = page.locator(".proposal", has=page.locator("legend", has_text="Search"))
    search.locator(".proposal-accept input").check()
    search.locator("input[name$=-end_date]").fill("2015-10-08")
    page.click("text=Accept the checked proposals")

    expect(page.locator(".messagelist")).to_contain_text("Accepted: 1 created, 0 updated.")
    event = Event.objects.get()
    assert (event.series.name_en, event.series_year, event.country.code) == ("Search", 2015, "KZ")
    assert (str(event.start_date), str(event.end_date)) == ("2015-10-03", "2015-10-08")
    statement = Statement.objects.get()
    assert [c.sentence.position for c in Citation.objects.filter(event=event)] == [2]
    assert statement.sentences.count() == 5
    page_issues.assert_clean()
