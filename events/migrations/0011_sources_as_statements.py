"""Each event's source (title, date, URL, quote) becomes a statement it cites.

Events naming the same source share one statement. Its text is what the events
quote, a sentence each (the source's full text was never stored); the seed's
statement gets its whole text, English and Russian, so later seeding finds it
complete. The source fields stay on the events, so nothing is lost.
"""

import re

from django.db import migrations
from django.utils.text import slugify

from events.seed import statement_2013
from events.text import sentence_spans

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def _sentences(text):
    """(paragraph, sentence) pairs: one paragraph per non-blank line."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [
        (paragraph, line[start:end])
        for paragraph, line in enumerate(lines, start=1)
        for start, end in sentence_spans(line)
    ]


def forwards(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Statement = apps.get_model("events", "Statement")
    Sentence = apps.get_model("events", "StatementSentence")
    Citation = apps.get_model("events", "Citation")

    groups = {}
    cited = Event.objects.exclude(source_title="", source_url="", source_quote="", source_date=None)
    for event in cited.order_by("pk"):
        key = (event.source_title, event.source_date, event.source_url)
        groups.setdefault(key, []).append(event)

    seed = statement_2013.STATEMENT
    for (title, date, url), events in groups.items():
        quotes = [" ".join(e.source_quote.split()) for e in events]
        if title == seed["title_en"] and date == seed["date"]:
            values = dict(seed)
            english = _sentences(statement_2013.STATEMENT_PATH.read_text(encoding="utf-8"))
            russian = _sentences(statement_2013.STATEMENT_RU_PATH.read_text(encoding="utf-8"))
            if len(russian) != len(english):
                russian = [(p, "") for p, _ in english]
            language = "en"
        else:
            found = dict.fromkeys(s for quote in quotes for _, s in _sentences(quote))
            english = [(1, s) for s in found]
            russian = [(1, "") for s in found]
            language = "ru" if any(CYRILLIC.search(s) for _, s in english) else "en"
            if language == "ru":
                english, russian = russian, english
            # A source without a date is dated when it was first recorded.
            day = date or min(e.created_at for e in events).date()
            base = slugify(title)[:80] or "statement"
            values = {
                "slug": f"{base}-{day.isoformat()}",
                "title_en": title if language == "en" else "",
                "title_ru": title if language == "ru" else "",
                "date": day,
                "language": language,
                "url": url,
            }
        slug, n = values["slug"], 1
        while Statement.objects.filter(slug=values["slug"]).exists():
            n += 1
            values["slug"] = f"{slug}-{n}"
        statement = Statement.objects.create(**values)
        rows = [
            Sentence(statement=statement, position=i, paragraph=p, text_en=en, text_ru=ru)
            for i, ((p, en), (_, ru)) in enumerate(zip(english, russian, strict=True), start=1)
        ]
        Sentence.objects.bulk_create(rows)
        original = [" ".join((r.text_en if language == "en" else r.text_ru).split()) for r in rows]
        for event, quote in zip(events, quotes, strict=True):
            for row, text in zip(rows, original, strict=True):
                if text and (text in quote or quote in text):
                    Citation.objects.get_or_create(event=event, sentence=row)


class Migration(migrations.Migration):
    dependencies = [("events", "0010_statements")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
