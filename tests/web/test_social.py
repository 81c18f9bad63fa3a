"""What a shared link shows and what tells search engines which address is which:
OpenGraph and Twitter card tags, the canonical address and the hreflang
alternates, absolute and in the page's language, on every public page."""

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://calendar.example.org"

# Each kind of public page: its English address, og:title, og:description.
PAGES = [
    (
        "/",
        "CSTO calendar",
        "The public calendar of the Collective Security Treaty Organization (CSTO): its joint "
        "military exercises, chairmanship terms, summits and regular operations, each date "
        "taken from an official statement and linked to the sentence that gave it.",
    ),
    ("/2013/09/", "September 2013", "September 2013: 6 events"),
    ("/2013/", "2013", "2013: 8 events"),
    (
        "/events/interaction-2013/",
        "Interaction-2013",
        "Interaction-2013 · 19–25 September 2013 · Belarus",
    ),
    (
        "/sources/csc-session-sochi-2013/",
        "Statement by the President of Russia following the CSTO Collective Security Council "
        "session, Sochi",
        "23 September 2013 · Sochi · President of Russia",
    ),
    ("/sources/", "Sources", None),
]


def _meta(soup, attribute: str, name: str) -> str:
    found = soup.select(f'head meta[{attribute}="{name}"]')
    assert len(found) == 1, name
    return found[0]["content"]


def _alternates(soup) -> dict[str, str]:
    links = soup.select('head link[rel="alternate"][hreflang]')
    return {link["hreflang"]: link["href"] for link in links}


@pytest.fixture
def site_url(settings):
    settings.CSTOCAL_SITE_URL = SITE


@pytest.mark.parametrize(("path", "title", "description"), PAGES)
def test_english_page_has_its_preview_canonical_and_alternates(
    seeded, soup_of, site_url, path, title, description
):
    soup = soup_of(path)

    assert soup.select_one('head link[rel="canonical"]')["href"] == f"{SITE}{path}"
    assert _alternates(soup) == {
        "en": f"{SITE}{path}",
        "ru": f"{SITE}/ru{path}",
        "x-default": f"{SITE}{path}",
    }
    assert _meta(soup, "property", "og:url") == f"{SITE}{path}"
    assert _meta(soup, "property", "og:type") == "website"
    assert _meta(soup, "property", "og:site_name") == "CSTO calendar"
    assert _meta(soup, "property", "og:locale") == "en_US"
    assert _meta(soup, "property", "og:locale:alternate") == "ru_RU"
    assert _meta(soup, "property", "og:title") == title
    assert _meta(soup, "name", "twitter:card") == "summary"
    assert _meta(soup, "name", "twitter:title") == title
    shown = _meta(soup, "property", "og:description")
    assert _meta(soup, "name", "twitter:description") == shown
    assert _meta(soup, "name", "description") == shown
    assert shown == (description or PAGES[0][2])


@pytest.mark.parametrize(("path", "title", "description"), PAGES)
def test_russian_page_has_its_preview_canonical_and_alternates(
    seeded, soup_of, site_url, path, title, description
):
    soup = soup_of(f"/ru{path}")

    assert soup.select_one('head link[rel="canonical"]')["href"] == f"{SITE}/ru{path}"
    assert _alternates(soup) == {
        "en": f"{SITE}{path}",
        "ru": f"{SITE}/ru{path}",
        "x-default": f"{SITE}{path}",
    }
    assert _meta(soup, "property", "og:url") == f"{SITE}/ru{path}"
    assert _meta(soup, "property", "og:site_name") == "Календарь ОДКБ"
    assert _meta(soup, "property", "og:locale") == "ru_RU"
    assert _meta(soup, "property", "og:locale:alternate") == "en_US"
    assert _meta(soup, "name", "twitter:title") == _meta(soup, "property", "og:title")


def test_russian_event_preview_describes_the_event_in_russian(seeded, soup_of):
    soup = soup_of("/ru/events/interaction-2013/")

    assert _meta(soup, "property", "og:title") == "Взаимодействие-2013"
    assert _meta(soup, "property", "og:description") == (
        "Взаимодействие-2013 · 19–25 сентября 2013\u202fг. · Беларусь"
    )


def test_filtered_month_keeps_its_query_in_canonical_and_alternates(seeded, soup_of, site_url):
    soup = soup_of("/ru/2013/09/?kind=exercise&country=BY")

    query = "?kind=exercise&country=BY"
    assert soup.select_one('head link[rel="canonical"]')["href"] == f"{SITE}/ru/2013/09/{query}"
    assert _alternates(soup) == {
        "en": f"{SITE}/2013/09/{query}",
        "ru": f"{SITE}/ru/2013/09/{query}",
        "x-default": f"{SITE}/2013/09/{query}",
    }
    assert _meta(soup, "property", "og:description") == "Сентябрь 2013: 1 событие"


def test_without_a_site_url_the_request_gives_the_address(seeded, soup_of):
    soup = soup_of("/agenda/?from=2013-01-01")

    assert soup.select_one('head link[rel="canonical"]')["href"] == (
        "http://testserver/agenda/?from=2013-01-01"
    )
    assert _meta(soup, "property", "og:title") == "Agenda"
    assert _alternates(soup)["ru"] == "http://testserver/ru/agenda/?from=2013-01-01"


def test_timeline_preview_names_its_years(seeded, soup_of):
    soup = soup_of("/ru/timeline/?from=2012&to=2014")

    assert _meta(soup, "property", "og:title") == "Хронология 2012–2014"
