"""Subscribe links for pages: a feed's address for each calendar client."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class SubscribeLinks:
    """Ways to subscribe to a feed, for the "Subscribe to this view" box."""

    https: str
    webcal: str
    google: str
    outlook: str
    office365: str
    # The same feed as jCal (JSON), for scripts and web pages rather than calendar apps.
    jcal: str


def jcal_address(feed_url: str) -> str:
    """The jCal twin of an iCal feed's address: every ``….ics`` feed has one at
    ``….jcal``, with the same query."""
    path, mark, query = feed_url.partition("?")
    return path.removesuffix(".ics") + ".jcal" + mark + query


def subscribe_links(feed_url: str, *, name: str) -> SubscribeLinks:
    """Links that add the feed at ``feed_url`` (absolute http or https) to calendar apps."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    add_from_web = urlencode({"url": feed_url, "name": name})
    return SubscribeLinks(
        https=feed_url,
        webcal=webcal,
        # Google takes the webcal:// address as a calendar id and asks to subscribe.
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        outlook=f"https://outlook.live.com/calendar/0/addfromweb?{add_from_web}",
        office365=f"https://outlook.office.com/calendar/0/addfromweb?{add_from_web}",
        jcal=jcal_address(feed_url),
    )
