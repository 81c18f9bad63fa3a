"""The domain: what the calendar means, with no HTTP and no cache — layouts of
months, years, agendas and timelines, iCalendar writing and reading, importing
and seeding. Delivery and the web build on it; it builds on the models."""
