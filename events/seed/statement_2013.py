"""The first data: what the statement after the Sochi session of 23 September 2013 says.

The statement's text ships beside this module (statement-2013.txt) and every
quote below is a sentence of it, word for word (a test checks). Where the
statement gives only a month or a year, so does the data: nothing here invents
a day.

UIDs are fixed (uuid5 of the slug), so every installation publishes the same
iCal UIDs for the seed events and a subscriber never sees them twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

STATEMENT_PATH = Path(__file__).with_name("statement-2013.txt")
# A Russian rendering, sentence for sentence (a translation: the original is English).
STATEMENT_RU_PATH = Path(__file__).with_name("statement-2013.ru.txt")

# Namespace for the seed events' UIDs. Never change it: subscribers key on the UIDs.
SEED_NAMESPACE = uuid.UUID("6f1d2a8e-5b0c-4f3e-9a57-2c0b9d7e4a13")

SOURCE = {
    "source_title": (
        "Statement by the President of Russia following the CSTO Collective Security "
        "Council session, Sochi"
    ),
    "source_date": dt.date(2013, 9, 23),
    "source_url": "",
}

# The statement as a document (events.models.Statement); SOURCE above is what the
# events held before statements were documents, and what they still cite.
STATEMENT = {
    "slug": "csc-session-sochi-2013",
    "title_en": SOURCE["source_title"],
    "title_ru": (
        "Заявление Президента России по итогам сессии Совета коллективной безопасности ОДКБ, Сочи"
    ),
    "date": SOURCE["source_date"],
    "place_en": "Sochi",
    "place_ru": "Сочи",
    "publisher_en": "President of Russia",
    "publisher_ru": "Президент России",
    "language": "en",
    "url": SOURCE["source_url"],
}

SERIES = [
    {"slug": "grom", "name_en": "Grom", "name_ru": "Гром"},
    {"slug": "interaction", "name_en": "Interaction", "name_ru": "Взаимодействие"},
    {
        "slug": "unbreakable-brotherhood",
        "name_en": "Unbreakable Brotherhood",
        "name_ru": "Нерушимое братство",
    },
]

QUOTE_EXERCISES = (
    "In September-October this year, we will hold three big exercises: Grom-2013 in "
    "Kyrgyzstan on September 20, Interaction-2013 in Belarus on September 19–25, and "
    "Unbreakable Brotherhood-2013 in Russia on October 7–11."
)
QUOTE_PAST_SUMMITS = (
    "We have just ended this latest summit of the CSTO Collective Security Council, at which "
    "we discussed the progress made in implementing the decisions taken at the December "
    "session in Moscow and the informal summit in Bishkek in May this year."
)
QUOTE_CHAIRMANSHIP = (
    "This session marked the CSTO’s chairmanship passing from Kyrgyzstan to Russia, which "
    "will chair the organisation until the Collective Security Council’s next summit in 2014."
)
QUOTE_OPERATIONS = (
    "The regular CSTO operations to combat drug trafficking, illegal immigration, and crimes "
    "in the information area are effective instruments in fighting modern challenges."
)
QUOTE_PLAN = (
    "We place great importance on the Activity plan we approved today for carrying out The "
    "CSTO’s main military cooperation priorities through to 2020."
)
QUOTE_BUDGET = (
    "Today’s meeting made decisions on organisational, administrative and financial aspects "
    "of the CSTO’s work and approved its budget for 2014."
)

D = dt.date

# Each entry: the Event's fields, with "series" naming a series slug.
EVENTS: list[dict] = [
    {
        "slug": "grom-2013",
        "kind": "exercise",
        "series": "grom",
        "series_year": 2013,
        "country": "KG",
        "start_date": D(2013, 9, 20),
        "end_date": D(2013, 9, 20),
        "source_quote": QUOTE_EXERCISES,
    },
    {
        "slug": "interaction-2013",
        "kind": "exercise",
        "series": "interaction",
        "series_year": 2013,
        "country": "BY",
        "start_date": D(2013, 9, 19),
        "end_date": D(2013, 9, 25),
        "source_quote": QUOTE_EXERCISES,
    },
    {
        "slug": "unbreakable-brotherhood-2013",
        "kind": "exercise",
        "series": "unbreakable-brotherhood",
        "series_year": 2013,
        "country": "RU",
        "start_date": D(2013, 10, 7),
        "end_date": D(2013, 10, 11),
        "source_quote": QUOTE_EXERCISES,
    },
    {
        "slug": "csc-session-2012-moscow",
        "kind": "summit",
        "title_en": "Collective Security Council session, Moscow",
        "title_ru": "Сессия Совета коллективной безопасности, Москва",
        "country": "RU",
        "place_en": "Moscow",
        "latitude": Decimal("55.75583"),
        "longitude": Decimal("37.61730"),
        "place_ru": "Москва",
        "start_date": D(2012, 12, 1),
        "start_precision": "month",
        "end_date": D(2012, 12, 31),
        "end_precision": "month",
        "source_quote": QUOTE_PAST_SUMMITS,
    },
    {
        "slug": "csc-informal-summit-2013-bishkek",
        "kind": "summit",
        "informal": True,
        "title_en": "Informal Collective Security Council summit, Bishkek",
        "title_ru": "Неформальный саммит Совета коллективной безопасности, Бишкек",
        "country": "KG",
        "place_en": "Bishkek",
        "latitude": Decimal("42.87460"),
        "longitude": Decimal("74.56980"),
        "place_ru": "Бишкек",
        "start_date": D(2013, 5, 1),
        "start_precision": "month",
        "end_date": D(2013, 5, 31),
        "end_precision": "month",
        "source_quote": QUOTE_PAST_SUMMITS,
    },
    {
        "slug": "csc-session-2013-sochi",
        "kind": "summit",
        "title_en": "Collective Security Council session, Sochi",
        "title_ru": "Сессия Совета коллективной безопасности, Сочи",
        "country": "RU",
        "place_en": "Sochi",
        "latitude": Decimal("43.58547"),
        "longitude": Decimal("39.72310"),
        "place_ru": "Сочи",
        "start_date": D(2013, 9, 23),
        "end_date": D(2013, 9, 23),
        "description_en": (
            "The session adopted a communiqué, approved the activity plan for military "
            "cooperation through 2020 and the 2014 budget, and passed the chairmanship "
            "from Kyrgyzstan to Russia."
        ),
        "description_ru": (
            "Сессия приняла коммюнике, утвердила план военного сотрудничества до 2020 года "
            "и бюджет на 2014 год; председательство перешло от Кыргызстана к России."
        ),
        "source_quote": QUOTE_PAST_SUMMITS,
    },
    {
        "slug": "csc-session-2014",
        "kind": "summit",
        "status": "tentative",
        "title_en": "Next Collective Security Council session",
        "title_ru": "Следующая сессия Совета коллективной безопасности",
        "start_date": D(2014, 1, 1),
        "start_precision": "year",
        "end_date": D(2014, 12, 31),
        "end_precision": "year",
        "description_en": "The statement gives only the year; date and place to be announced.",
        "description_ru": "В заявлении назван только год; дата и место будут объявлены.",
        "source_quote": QUOTE_CHAIRMANSHIP,
    },
    {
        "slug": "chairmanship-kyrgyzstan-2012",
        "kind": "term",
        "country": "KG",
        # The statement names only the end. A term runs from the session that hands
        # it over, and the session before Sochi was Moscow's, in December 2012.
        "start_date": D(2012, 12, 1),
        "start_precision": "month",
        "end_date": D(2013, 9, 23),
        "description_en": (
            "Began at the December 2012 session in Moscow, the session before Sochi; "
            "the statement itself names only the handover to Russia."
        ),
        "description_ru": (
            "Началось на декабрьской сессии 2012 года в Москве, предшествовавшей сочинской; "
            "в самом заявлении названа только передача председательства России."
        ),
        "source_quote": QUOTE_CHAIRMANSHIP,
    },
    {
        "slug": "chairmanship-russia-2013",
        "kind": "term",
        "country": "RU",
        "start_date": D(2013, 9, 23),
        "end_date": D(2014, 12, 31),
        "end_precision": "year",
        "description_en": "Until the Collective Security Council's next session, in 2014.",
        "description_ru": "До следующей сессии Совета коллективной безопасности в 2014 году.",
        "source_quote": QUOTE_CHAIRMANSHIP,
    },
    {
        "slug": "operation-drug-trafficking",
        "kind": "operation",
        "title_en": "Regular operation against drug trafficking",
        "title_ru": "Регулярная операция против незаконного оборота наркотиков",
        "source_quote": QUOTE_OPERATIONS,
    },
    {
        "slug": "operation-illegal-immigration",
        "kind": "operation",
        "title_en": "Regular operation against illegal immigration",
        "title_ru": "Регулярная операция против незаконной миграции",
        "source_quote": QUOTE_OPERATIONS,
    },
    {
        "slug": "operation-information-crime",
        "kind": "operation",
        "title_en": "Regular operation against crime in the information area",
        "title_ru": "Регулярная операция против преступлений в информационной сфере",
        "source_quote": QUOTE_OPERATIONS,
    },
    {
        "slug": "military-cooperation-plan-2020",
        "kind": "milestone",
        "title_en": "Activity plan for military cooperation through 2020",
        "title_ru": "План военного сотрудничества до 2020 года",
        "start_date": D(2013, 9, 23),
        "end_date": D(2020, 12, 31),
        "end_precision": "year",
        "description_en": (
            "Approved at the Sochi session: the plan for carrying out the CSTO's main "
            "military cooperation priorities through to 2020."
        ),
        "description_ru": (
            "Утверждён на сессии в Сочи: план реализации основных направлений военного "
            "сотрудничества ОДКБ до 2020 года."
        ),
        "source_quote": QUOTE_PLAN,
    },
    {
        "slug": "budget-2014",
        "kind": "milestone",
        "title_en": "CSTO budget for 2014",
        "title_ru": "Бюджет ОДКБ на 2014 год",
        "start_date": D(2014, 1, 1),
        "start_precision": "year",
        "end_date": D(2014, 12, 31),
        "end_precision": "year",
        "description_en": "The budget year 2014, approved at the Sochi session.",
        "description_ru": "Бюджетный 2014 год; бюджет утверждён на сессии в Сочи.",
        "source_quote": QUOTE_BUDGET,
    },
]


def seed_uid(slug: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, slug)
