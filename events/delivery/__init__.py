"""Delivery: what makes answers cheap — the cached change stamp, the page cache and
the feed store. Above the domain, below the views."""
