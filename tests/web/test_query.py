"""A filter form sent without JavaScript names every field; the page answers with the
address the filters mean, without the empty ones."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("asked", "answer"),
    [
        ("/agenda/?q=&kind=exercise&to=", "/agenda/?kind=exercise"),
        ("/ru/2013/09/?q=&country=", "/ru/2013/09/"),
        ("/2013/?kind=&kind=summit&kind=", "/2013/?kind=summit"),
        ("/timeline/?from=2012&to=&q=%20", "/timeline/?from=2012"),
        ("/?q=", "/"),
    ],
)
def test_empty_parameters_are_dropped_by_a_redirect(client, asked, answer):
    response = client.get(asked)

    assert (response.status_code, response["Location"]) == (302, answer)


def test_a_page_with_only_filled_parameters_is_served_as_asked(client, seeded):
    response = client.get("/agenda/?kind=exercise&from=2013-01-01")

    assert response.status_code == 200
    assert "Grom-2013" in response.content.decode()
    assert "Collective Security Council session" not in response.content.decode()
