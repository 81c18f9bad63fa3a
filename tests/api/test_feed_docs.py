"""The API's documentation names the calendar feeds beside it, jCal included."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_list_the_calendar_feeds_and_their_filters(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    script = api.get("/api/docs/?script=")

    description = schema["info"]["description"]
    for address in (
        "`/calendar.ics`",
        "`/calendar.jcal`",
        "`/events/<slug>.ics`",
        "`/events/<slug>.jcal`",
        "`application/calendar+json`",
        "RFC 7265",
        "`/calendar.jcal?series=interaction&kind=exercise`",
        "`lang=ru`",
    ):
        assert address in description
    for name in ("`kind`", "`country`", "`series`", "`q`"):
        assert name in description
    # Swagger UI on /api/docs/ shows the description of this very document.
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
