"""Proposals from a statement's text: the seed statement gives the seed's events,
in English and in Russian, with dates at the precision the text gives."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from events.domain.proposing import KnownSeries, Proposal, propose, sentences
from events.seed import statement_2013

D = dt.date
SOCHI = D(2013, 9, 23)
SERIES = [KnownSeries(**spec) for spec in statement_2013.SERIES]
RUSSIAN_SEED = Path(__file__).resolve().parent.parent / "data" / "statements" / "seed-2013.ru.txt"


def proposed(text: str, language: str = "en", date: dt.date = SOCHI) -> list[Proposal]:
    return propose(text, date=date, language=language, series=SERIES)


def key(proposal: Proposal) -> tuple:
    return (
        str(proposal.kind),
        proposal.series,
        proposal.series_year,
        proposal.country,
        proposal.start_date,
        str(proposal.start_precision),
        proposal.end_date,
        str(proposal.end_precision),
    )


def seed_key(spec: dict) -> tuple:
    return (
        spec["kind"],
        spec.get("series"),
        spec.get("series_year"),
        spec.get("country", ""),
        spec.get("start_date"),
        spec.get("start_precision", "day"),
        spec.get("end_date"),
        spec.get("end_precision", "day"),
    )


SEED_KEYS = sorted(map(seed_key, statement_2013.EVENTS), key=repr)


def test_the_seed_statement_gives_exactly_the_seed_events():
    found = proposed(statement_2013.STATEMENT_PATH.read_text(encoding="utf-8"))

    assert sorted(map(key, found), key=repr) == SEED_KEYS


def test_the_russian_seed_statement_gives_the_same_events():
    found = proposed(RUSSIAN_SEED.read_text(encoding="utf-8"), "ru")

    assert sorted(map(key, found), key=repr) == SEED_KEYS


def test_the_coalition_withdrawal_is_not_proposed():
    text = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")

    assert not [p for p in proposed(text) if "coalition" in p.quote]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_quote_is_the_sentence_at_its_offset(language):
    path = RUSSIAN_SEED if language == "ru" else statement_2013.STATEMENT_PATH
    text = path.read_text(encoding="utf-8")
    spans = sentences(text)

    for proposal in proposed(text, language):
        start = proposal.quote_start
        assert text[start : start + len(proposal.quote)] == proposal.quote
        assert (start, start + len(proposal.quote)) in spans


def test_the_seed_quotes_are_whole_sentences():
    text = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")
    quoted = {text[start:end] for start, end in sentences(text)}

    assert statement_2013.QUOTE_EXERCISES in quoted
    assert statement_2013.QUOTE_CHAIRMANSHIP in quoted


def test_sentences_skip_abbreviations_and_initials():
    text = "В 2013 г. прошли учения. V. Putin spoke. Next one!"

    assert [text[a:b] for a, b in sentences(text)] == [
        "В 2013 г. прошли учения.",
        "V. Putin spoke.",
        "Next one!",
    ]


def only(text: str, language: str = "en", date: dt.date = SOCHI) -> Proposal:
    found = proposed(text, language, date)
    assert len(found) == 1, found
    return found[0]


def dates(proposal: Proposal) -> tuple:
    return (
        proposal.start_date,
        str(proposal.start_precision),
        proposal.end_date,
        str(proposal.end_precision),
    )


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Search-2015 will be held on 19–25 September.", "en",
         (D(2015, 9, 19), "day", D(2015, 9, 25), "day")),
        ("Search-2015 will be held September 19–25.", "en",
         (D(2015, 9, 19), "day", D(2015, 9, 25), "day")),
        ("Search-2015 will run from 29 August to 2 September.", "en",
         (D(2015, 8, 29), "day", D(2015, 9, 2), "day")),
        ("Search-2015 will run from 3 to 7 October.", "en",
         (D(2015, 10, 3), "day", D(2015, 10, 7), "day")),
        ("Search-2015 will take place in October.", "en",
         (D(2015, 10, 1), "month", D(2015, 10, 31), "month")),
        ("«Поиск-2015» пройдёт с 29 августа по 5 сентября.", "ru",
         (D(2015, 8, 29), "day", D(2015, 9, 5), "day")),
        ("«Поиск-2015» пройдёт 7–11 октября.", "ru",
         (D(2015, 10, 7), "day", D(2015, 10, 11), "day")),
        ("«Поиск-2015» пройдёт 19-25 сентября.", "ru",
         (D(2015, 9, 19), "day", D(2015, 9, 25), "day")),
        ("«Поиск-2015» пройдёт 20 сентября.", "ru",
         (D(2015, 9, 20), "day", D(2015, 9, 20), "day")),
        ("Search-2015 will be held.", "en", (D(2015, 1, 1), "year", D(2015, 12, 31), "year")),
    ],
)  # fmt: skip
def test_ranges_days_and_months_at_the_precision_given(text, language, expected):
    exercise = only(text, language)

    assert (exercise.series, exercise.series_year) == ("Search", 2015)
    assert dates(exercise) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("We decided to hold a session in Minsk next year.", "en",
         (D(2014, 1, 1), "year", D(2014, 12, 31), "year")),
        ("The informal summit in Bishkek was held last December.", "en",
         (D(2012, 12, 1), "month", D(2012, 12, 31), "month")),
        ("Неформальный саммит в Бишкеке прошёл в декабре прошлого года.", "ru",
         (D(2012, 12, 1), "month", D(2012, 12, 31), "month")),
        ("Следующая сессия пройдёт в Минске в следующем году.", "ru",
         (D(2014, 1, 1), "year", D(2014, 12, 31), "year")),
        ("The session in Minsk will be held in May this year.", "en",
         (D(2013, 5, 1), "month", D(2013, 5, 31), "month")),
    ],
)  # fmt: skip
def test_relative_dates_resolve_against_the_statement(text, language, expected):
    summit = only(text, language)

    assert summit.kind == "summit"
    assert dates(summit) == expected


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Учения «Поиск-2015» пройдут в Киргизии.", "KG"),
        ("Учения «Поиск-2015» пройдут в Белоруссии.", "BY"),
        ("Учения «Поиск-2015» пройдут в Беларуси.", "BY"),
        ("Учения «Поиск-2015» пройдут в Казахстане.", "KZ"),
        ("Учения «Поиск-2015» пройдут в Республике Беларусь.", "BY"),
    ],
)
def test_inflected_russian_countries_are_hosts(text, country):
    exercise = only(text, "ru")

    assert (exercise.series, exercise.country) == ("Search", country)
    assert (exercise.name_en, exercise.name_ru) == ("Search-2015", "Поиск-2015")


def test_russian_chairmanship_from_one_country_to_another():
    text = (
        "Председательство, которое Таджикистан осуществлял с декабря прошлого года, "
        "переходит от Таджикистана к Армении, которая будет председательствовать до "
        "следующей сессии Совета в 2016 году."
    )
    found = {p.country: p for p in proposed(text, "ru", D(2015, 9, 15)) if p.kind == "term"}

    assert dates(found["TJ"]) == (D(2014, 12, 1), "month", D(2015, 9, 15), "day")
    assert dates(found["AM"]) == (D(2015, 9, 15), "day", D(2016, 12, 31), "year")
    assert found["AM"].name_ru == "Председательство Армении"


def test_a_dated_handover_is_not_the_statements_date():
    text = (
        "In early December last year in Minsk, Armenia, which had chaired the Organisation "
        "since 14 October 2021, handed the chairmanship to Belarus, which will lead it "
        "until the next session in Moscow in November this year."
    )
    found = {p.country: p for p in proposed(text, date=D(2023, 2, 1)) if p.kind == "term"}

    assert dates(found["AM"]) == (D(2021, 10, 14), "day", D(2022, 12, 31), "month")
    assert dates(found["BY"]) == (D(2022, 12, 1), "month", D(2023, 11, 30), "month")


def test_a_question_naming_a_handover_proposes_no_term():
    text = "Question: What will change now that the chairmanship passes to Belarus?"

    assert [p for p in proposed(text, date=D(2023, 2, 1)) if p.kind == "term"] == []


def test_the_chair_held_since_a_dated_summit_ends_today():
    text = (
        "Armenia has chaired the Organisation since the Minsk summit of 30 November 2017; "
        "from today the chair passes to Kazakhstan."
    )
    found = {p.country: p for p in proposed(text, date=D(2018, 11, 8)) if p.kind == "term"}

    assert dates(found["AM"]) == (D(2017, 11, 30), "day", D(2018, 11, 8), "day")
    assert dates(found["KZ"])[:2] == (D(2018, 11, 8), "day")


def test_a_term_a_dated_session_will_end_runs_from_when_it_began():
    text = (
        "Министры обсудили сессию Совета, которая пройдёт в Ереване 23 ноября и завершит "
        "председательство Армении, начавшееся 8 ноября прошлого года."
    )
    found = [p for p in proposed(text, "ru", D(2022, 6, 1)) if p.kind == "term"]

    assert [(p.country, *dates(p)) for p in found] == [
        ("AM", D(2021, 11, 8), "day", D(2022, 11, 23), "day")
    ]


def test_an_exercise_said_elsewhere_not_to_be_the_csto_s_is_not_proposed():
    text = (
        "Question: Some say Slavic Brotherhood-2019 is a CSTO exercise. "
        "Answer: Slavic Brotherhood-2019, which Russia and Serbia will hold in June, "
        "is not on the CSTO calendar."
    )

    assert [p.series for p in proposed(text, date=D(2019, 2, 1))] == []


def test_an_exercise_the_csto_s_are_not_tied_to_is_not_proposed():
    text = "Учения ОДКБ не связаны с учением «Славянское братство-2019», которое пройдёт в июне."

    assert [p.series for p in proposed(text, "ru", D(2019, 2, 1))] == []


def test_two_countries_own_exercise_is_not_proposed():
    text = "The Russian–Serbian exercise Slavic Brotherhood-2019 will be held in June."

    assert [p.series for p in proposed(text, date=D(2019, 2, 1))] == []


def test_the_alliance_s_summit_is_not_a_council_session():
    text = (
        "Министры обсудили учения НАТО у границ ОДКБ накануне саммита альянса "
        "в Вильнюсе 11–12 июля."
    )

    assert [p for p in proposed(text, "ru", D(2023, 6, 1)) if p.kind == "summit"] == []


def test_the_ministers_as_subject_do_not_make_the_session_theirs():
    text = "Министры обсудили подготовку к сессии Совета, которая пройдёт в Минске 23 ноября."
    found = [p for p in proposed(text, "ru", D(2023, 6, 1)) if p.kind == "summit"]

    assert [(p.country, *dates(p)) for p in found] == [
        ("BY", D(2023, 11, 23), "day", D(2023, 11, 23), "day")
    ]


def test_a_meeting_on_the_eve_of_the_session_does_not_date_it():
    text = "Ministers will meet in Minsk in November, on the eve of the Council session."

    assert [p for p in proposed(text, date=D(2023, 6, 1)) if p.kind == "summit"] == []


def test_an_exercise_s_dates_may_follow_a_clause_naming_its_ground():
    text = (
        "The main event: Interaction-2016 will be held in Kyrgyzstan, at the Edelweiss "
        "training ground, from 12 to 16 September, and Grom-2016 later."
    )
    found = {p.series: p for p in proposed(text, date=D(2016, 2, 1))}

    assert dates(found["interaction"]) == (D(2016, 9, 12), "day", D(2016, 9, 16), "day")


def test_one_host_for_several_exercises_in_one_sentence():
    text = (
        "Interaction-2016 and Search-2016 will both take place in Kyrgyzstan "
        "from 29 August to 2 September."
    )
    found = proposed(text, date=D(2016, 5, 1))

    assert [(p.series, p.country) for p in found] == [("interaction", "KG"), ("Search", "KG")]
    assert {dates(p) for p in found} == {(D(2016, 8, 29), "day", D(2016, 9, 2), "day")}


def test_new_series_get_names_in_both_languages():
    found = proposed("«Эшелон-2019» и «Рубеж-2019» пройдут в Таджикистане.", "ru")

    assert [(p.series, p.name_en, p.name_ru) for p in found] == [
        ("Echelon", "Echelon-2019", "Эшелон-2019"),
        ("Rubezh", "Rubezh-2019", "Рубеж-2019"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We discussed the coalition's troop withdrawal planned for 2014.",
        "NATO's Anakonda-2016 exercise will be held in Poland in June.",
        "Some 3,000 troops and 12 tonnes of drugs were involved in 2000 operations.",
        "Next year we mark the 20th anniversary of the Treaty signed in Tashkent in 1992.",
        "The Council of Foreign Ministers will meet in Minsk in November.",
        "Resolution 2178 on foreign terrorist fighters was adopted.",
    ],
)
def test_distractors_are_not_proposed(text):
    assert proposed(text) == []


def test_named_operations_are_undated_unless_dated_and_the_dated_mention_wins():
    found = proposed(
        "The regular operations Channel, Illegal and PROXY will continue. "
        "Operation Channel will run from 3 to 7 October."
    )

    assert [(p.name_en, p.start_date) for p in found] == [
        ("Operation Illegal", None),
        ("Operation PROXY", None),
        ("Operation Channel", D(2013, 10, 3)),
    ]
    assert proposed("В ноябре пройдёт этап операции «Канал».", "ru")[0].start_date == D(2013, 11, 1)


def test_milestones_for_and_through_a_year():
    found = proposed(
        "We approved the CSTO budget for 2014 and the plan of military cooperation through to 2020."
    )

    assert [(p.name_en, dates(p)) for p in found] == [
        ("CSTO budget for 2014", (D(2014, 1, 1), "year", D(2014, 12, 31), "year")),
        ("Military cooperation plan through 2020", (SOCHI, "day", D(2020, 12, 31), "year")),
    ]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'de'"):
        proposed("Grom-2013 in Kyrgyzstan.", "de")


def test_a_5000_word_statement_takes_under_a_second():
    text = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")
    long = " ".join([text] * (5000 // len(text.split()) + 1))
    russian = RUSSIAN_SEED.read_text(encoding="utf-8")
    long_russian = " ".join([russian] * (5000 // len(russian.split()) + 1))
    proposed("Warm-up.", "ru")  # the dictionary loads once per process

    for language, statement in (("en", long), ("ru", long_russian)):
        began = time.perf_counter()
        proposed(statement, language)
        assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Search-2020 will be held from late August to early September.", "en"),
        ("Search-2020 will be held from mid-August to the first half of September.", "en"),
        ("«Поиск-2020» пройдёт с конца августа по начало сентября.", "ru"),
        ("«Поиск-2020» пройдёт с середины августа по первую декаду сентября.", "ru"),
    ],
)
def test_a_part_of_a_month_at_either_end_of_a_range_is_that_month(text, language):
    exercise = only(text, language, D(2020, 4, 14))

    assert dates(exercise) == (D(2020, 8, 1), "month", D(2020, 9, 30), "month")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Search-2020 will be held in the first half of October.", "en"),
        ("«Поиск-2020» пройдёт в первой декаде октября.", "ru"),
        ("«Поиск-2020» пройдёт в третьей декаде октября.", "ru"),
    ],
)
def test_a_part_of_a_month_alone_is_that_month(text, language):
    exercise = only(text, language, D(2020, 4, 14))

    assert dates(exercise) == (D(2020, 10, 1), "month", D(2020, 10, 31), "month")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("MINSK, 30 November 2017 — The Council met here today for its regular session.", "en"),
        ("Минск, 30 ноября 2017 года – Здесь сегодня прошла сессия Совета.", "ru"),
    ],
)
def test_a_dateline_places_the_session_the_statement_reports(text, language):
    summit = only(text, language, D(2017, 11, 30))

    assert (summit.kind, summit.country, summit.place_en) == ("summit", "BY", "Minsk")
    assert dates(summit) == (D(2017, 11, 30), "day", D(2017, 11, 30), "day")


def test_a_datelines_place_and_date_are_the_statements_not_an_exercises():
    text = "MOSCOW, 14 April 2020 — Search-2020 will be held as planned."
    found = proposed(text, date=D(2020, 4, 14))
    assert [(p.country, p.start_date) for p in found] == [("", D(2020, 1, 1))]
    russian = proposed("Москва, 18 февраля 2020 года. «Поиск-2020» пройдёт.", "ru", D(2020, 2, 18))
    assert [(p.country, p.start_date) for p in russian] == [("", D(2020, 1, 1))]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The Shanghai Cooperation Organisation's Peace Mission-2019 will be held in Russia.",
            "en",
        ),
        ("The SCO will hold Peace Mission-2019 in Russia in August.", "en"),
        ("В сентябре в России пройдёт учение ШОС «Мирная миссия-2020».", "ru"),
    ],
)
def test_the_sco_is_another_party(text, language):
    assert proposed(text, language) == []


def test_our_organisation_after_another_party_is_ours_again():
    found = proposed("Unlike NATO, the Organisation will hold Search-2019 in Armenia.")

    assert [(p.series, p.country) for p in found] == [("Search", "AM")]


@pytest.mark.parametrize(
    ("text", "language", "country", "month"),
    [
        ("Rubezh-2020, which was to have been held in Kyrgyzstan in April, has been "
         "postponed to October and moved to Tajikistan.", "en", "TJ", 10),
        ("Rubezh-2020, due in Kyrgyzstan in April, has been postponed to October.", "en", "KG", 10),
        ("Rubezh-2020 in Kyrgyzstan has been postponed from April to October.", "en", "KG", 10),
        ("Учение «Рубеж-2020», которое планировалось провести в апреле в Армении, "
         "перенесено на июнь и пройдёт в Казахстане.", "ru", "KZ", 6),
        ("Учение «Рубеж-2020» перенесено из Армении в Казахстан на июнь.", "ru", "KZ", 6),
    ],
)  # fmt: skip
def test_a_moved_exercise_takes_its_new_date_and_host(text, language, country, month):
    exercise = only(text, language, D(2020, 2, 18))

    assert exercise.country == country
    assert (exercise.start_date, str(exercise.start_precision)) == (D(2020, month, 1), "month")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The exercise Grom-2020, which was due in Kazakhstan in May, has been cancelled.", "en"),
        ("Interaction-2020 and Search-2020 were called off.", "en"),
        ("Учение «Гром-2020» в Казахстане отменено.", "ru"),
        ("В сентябре пройдёт учение «Запад-2021», которое не является мероприятием ОДКБ.", "ru"),
        ("Zapad-2021, which is not a CSTO exercise, will be held in Belarus.", "en"),
    ],
)
def test_a_cancelled_exercise_or_one_not_the_organisations_is_not_proposed(text, language):
    assert proposed(text, language, D(2020, 4, 14)) == []


def test_a_cancellation_is_only_the_exercise_it_follows():
    found = proposed(
        "Search-2020 will be held in Belarus in May, while Grom-2020 has been cancelled.",
        date=D(2020, 4, 14),
    )

    assert [(p.series, p.country) for p in found] == [("Search", "BY")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("В 2020–2021 годах Объединённый штаб реализует программу подготовки наблюдателей.", "ru"),
        ("In 2020–2021 the Joint Staff will carry out a programme of training.", "en"),
        ("The programme of training will run in 2020–2021.", "en"),
    ],
)
def test_a_span_of_years_is_a_programmes_horizon_before_or_after_it(text, language):
    milestone = only(text, language, D(2020, 2, 18))

    assert milestone.kind == "milestone"
    assert dates(milestone) == (D(2020, 1, 1), "year", D(2021, 12, 31), "year")


def test_a_single_year_before_a_budget_is_not_its_horizon():
    text = "На проведение учений в 2020 году из бюджета Организации предусмотрено 120 млн рублей."

    assert proposed(text, "ru", D(2020, 2, 18)) == []


def test_a_schedule_line_with_a_span_of_days_is_not_a_dateline():
    exercise = only("Kazakhstan, 2–6 September — Search-2019.", date=D(2019, 2, 20))

    assert dates(exercise) == (D(2019, 9, 2), "day", D(2019, 9, 6), "day")


def test_not_only_a_csto_exercise_is_still_one():
    text = "Interaction-2019 is not only a CSTO exercise: it will be held in Armenia in May."

    assert only(text, date=D(2019, 2, 20)).country == "AM"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rubezh-2021 will be held not in Armenia but in Kazakhstan in June.", "en"),
        ("Учение «Рубеж-2021» пройдёт не в Армении, а в Казахстане в июне.", "ru"),
    ],
)
def test_the_host_the_text_says_it_is_not_held_in_is_not_the_host(text, language):
    (found,) = proposed(text, language, D(2021, 5, 20))

    assert (found.country, found.start_date, found.end_date) == (
        "KZ",
        D(2021, 6, 1),
        D(2021, 6, 30),
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Interaction-2021 will be held in Tajikistan on 18–23 October,"
            " and Search-2021 alongside it.",
            "en",
        ),
        (
            "«Взаимодействие-2021» пройдёт в Таджикистане 18–23 октября,"
            " одновременно с ним – «Поиск-2021».",
            "ru",
        ),
    ],
)
def test_an_exercise_held_alongside_another_takes_its_dates_and_host(text, language):
    first, second = proposed(text, language, D(2021, 5, 20))

    assert (
        key(second)[2:]
        == key(first)[2:]
        == (2021, "TJ", D(2021, 10, 18), "day", D(2021, 10, 23), "day")
    )
    assert (second.series, second.name_en, second.name_ru) == (
        "Search",
        "Search-2021",
        "Поиск-2021",
    )


@pytest.mark.parametrize(
    ("text", "language", "country", "start", "precision"),
    [
        (
            "The Council reconvenes in Dushanbe in the autumn of 2021.",
            "en",
            "TJ",
            D(2021, 1, 1),
            "year",
        ),
        ("The heads of state will meet in Minsk in November.", "en", "BY", D(2021, 11, 1), "month"),
        ("Главы государств соберутся в Минске в ноябре.", "ru", "BY", D(2021, 11, 1), "month"),
        (
            "I thank my colleagues for the meeting we held in Moscow today.",
            "en",
            "RU",
            D(2021, 5, 20),
            "day",
        ),
    ],
)
def test_the_council_gathering_is_a_session(text, language, country, start, precision):
    (found,) = proposed(text, language, D(2021, 5, 20))

    assert (str(found.kind), found.country, found.start_date, str(found.start_precision)) == (
        "summit",
        country,
        start,
        precision,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Council of Defence Ministers will meet in May in Minsk.",
        "The foreign ministers of the member states, meeting in Yerevan today, adopted it.",
        "Министры обороны встретятся в мае в Минске.",
    ],
)
def test_other_bodies_gathering_are_not_sessions(text):
    assert proposed(text, "ru" if "Министры" in text else "en", D(2021, 5, 20)) == []


def test_an_operation_takes_no_date_from_another_event():
    found = proposed(
        "In October, Interaction-2021 will be held in Tajikistan, and the regular operation"
        " Channel will continue. The Council approved the results of Operation Illegal, held"
        " in March, and the plan for Operation PROXY.",
        date=D(2021, 5, 20),
    )

    dates = {p.name_en: (p.start_date, p.end_date) for p in found}
    assert dates == {
        "Interaction-2021": (D(2021, 10, 1), D(2021, 10, 31)),
        "Operation Channel": (None, None),
        "Operation Illegal": (D(2021, 3, 1), D(2021, 3, 31)),
        "Operation PROXY": (None, None),
    }


def test_an_informal_meeting_the_leaders_agreed_on_is_ahead():
    (found,) = proposed(
        "The leaders agreed to meet informally in St Petersburg at the end of December.",
        date=D(2021, 5, 20),
    )

    assert (found.informal, found.country, found.start_date) == (True, "RU", D(2021, 12, 1))
    assert found.name_en == "Informal Collective Security Council summit, Saint Petersburg"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The Council meets in Dushanbe in the autumn.", "en", D(2021, 1, 1)),
        ("The Council will meet next spring.", "en", D(2022, 1, 1)),
        ("Сессия пройдёт в Душанбе осенью следующего года.", "ru", D(2022, 1, 1)),
        ("Сессия пройдёт во второй половине года.", "ru", D(2021, 1, 1)),
    ],
)
def test_a_season_or_part_of_a_year_gives_the_year_only(text, language, expected):
    (found,) = proposed(text, language, D(2021, 2, 10))

    assert (found.start_date, str(found.start_precision)) == (expected, "year")
    assert (found.end_date, str(found.end_precision)) == (D(expected.year, 12, 31), "year")


def terms_of(found: list[Proposal]) -> dict[str, tuple]:
    return {
        p.country: (p.start_date, str(p.start_precision), p.end_date, str(p.end_precision))
        for p in found
        if str(p.kind) == "term"
    }


def test_a_term_said_in_another_sentence_to_end_takes_that_end():
    found = proposed(
        "Today Armenia took over the chairmanship from Tajikistan. We will chair the CSTO until"
        " the next session of the Collective Security Council, due to be held in 2017.",
        date=D(2016, 10, 14),
    )

    assert terms_of(found)["AM"] == (D(2016, 10, 14), "day", D(2017, 12, 31), "year")


def test_the_incoming_term_ends_at_the_next_session_the_statement_names():
    found = proposed(
        "Сегодня председательство в ОДКБ перешло к Республике Беларусь, и очередную сессию"
        " решено провести в Минске в ноябре следующего года.",
        "ru",
        D(2016, 10, 14),
    )

    assert terms_of(found)["BY"] == (D(2016, 10, 14), "day", D(2017, 11, 30), "month")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Kyrgyzstan has chaired the Organization since the Astana session in November last"
            " year. Today the chairmanship passed to Russia.",
            "en",
        ),
        (
            "Киргизия председательствовала в Организации с ноября прошлого года, когда эти"
            " полномочия перешли к нашей стране. Сегодня председательство перешло к России.",
            "ru",
        ),
    ],
)
def test_a_chair_held_since_a_date_ends_at_the_handover(text, language):
    terms = terms_of(proposed(text, language, D(2019, 11, 28)))

    assert terms == {
        "KG": (D(2018, 11, 1), "month", D(2019, 11, 28), "day"),
        "RU": (D(2019, 11, 28), "day", None, "day"),
    }


def test_a_handover_to_come_is_dated_by_its_session():
    found = proposed(
        "Киргизия, председательствующая в Организации с 8 ноября прошлого года, передаст"
        " председательство на сессии Совета коллективной безопасности, которая пройдёт в"
        " Бишкеке 28 ноября.",
        "ru",
        D(2019, 5, 21),
    )

    assert terms_of(found)["KG"] == (D(2018, 11, 8), "day", D(2019, 11, 28), "day")


def exercises_of(found: list[Proposal]) -> dict[str, tuple]:
    return {
        p.name_en: (p.country, p.start_date, str(p.start_precision), p.end_date)
        for p in found
        if str(p.kind) == "exercise"
    }


def test_exercises_described_one_after_another_share_their_dates_and_host():
    found = proposed(
        "The active phase of the Collective Rapid Reaction Force exercise Interaction-2018 and"
        " the reconnaissance exercise Search-2018 will run from 8 to 12 October at the"
        " Matybulak range in Kazakhstan.",
        date=D(2018, 2, 7),
    )

    expected = ("KZ", D(2018, 10, 8), "day", D(2018, 10, 12))
    assert exercises_of(found) == {"Interaction-2018": expected, "Search-2018": expected}


def test_a_sentence_going_on_about_the_exercises_dates_them():
    found = proposed(
        "Interaction-2023, Search-2023 and Echelon-2023, which had been planned for Armenia,"
        " will instead be held in Belarus. They are scheduled for 1–6 September at the"
        " Brest range. Rubezh-2023 was planned for Kyrgyzstan in April. It will now take"
        " place on 7–9 September.",
        date=D(2023, 2, 15),
    )

    assert exercises_of(found) == {
        "Interaction-2023": ("BY", D(2023, 9, 1), "day", D(2023, 9, 6)),
        "Search-2023": ("BY", D(2023, 9, 1), "day", D(2023, 9, 6)),
        "Echelon-2023": ("BY", D(2023, 9, 1), "day", D(2023, 9, 6)),
        "Rubezh-2023": ("KG", D(2023, 9, 7), "day", D(2023, 9, 9)),
    }
    assert {p.quote for p in found} == {
        "Interaction-2023, Search-2023 and Echelon-2023, which had been planned for Armenia,"
        " will instead be held in Belarus.",
        "Rubezh-2023 was planned for Kyrgyzstan in April.",
    }


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Interaction-2021 will be held in Tajikistan on 18–23 October. The special-forces"
            " exercise Cobalt-2021 will be held there at the same time.",
            "en",
        ),
        (
            "«Взаимодействие-2021» пройдёт в Таджикистане 18–23 октября. Одновременно с ним там"
            " же пройдёт учение «Кобальт-2021».",
            "ru",
        ),
    ],
)
def test_an_exercise_held_there_at_the_same_time_takes_the_one_before(text, language):
    found = exercises_of(proposed(text, language, D(2021, 5, 20)))

    assert (
        found["Cobalt-2021"]
        == found["Interaction-2021"]
        == (
            "TJ",
            D(2021, 10, 18),
            "day",
            D(2021, 10, 23),
        )
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Kazakhstan will host two exercises: the special-forces exercise Cobalt-2023 in May"
            " and the command-post exercise Rubezh-2023, for which the dates are still being"
            " discussed.",
            "en",
        ),
        ("Учение «Кобальт-2023» Казахстан готов принять в мае, а «Рубеж-2023» – осенью.", "ru"),
    ],
)
def test_the_country_the_sentence_says_hosts_them_is_the_host(text, language):
    found = exercises_of(proposed(text, language, D(2023, 2, 15)))

    assert found["Cobalt-2023"] == ("KZ", D(2023, 5, 1), "month", D(2023, 5, 31))
    assert found["Rubezh-2023"] == ("KZ", D(2023, 1, 1), "year", D(2023, 12, 31))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Grom-2021, on the other hand, will not be held this year: the agencies decided to"
            " cancel it.",
            "en",
        ),
        (
            "Учение «Запад-2017», проходившее в сентябре, было совместным учением России и"
            " Белоруссии и к ОДКБ отношения не имело.",
            "ru",
        ),
    ],
)
def test_an_exercise_not_held_or_not_the_organisation_s_is_not_proposed(text, language):
    assert exercises_of(proposed(text, language, D(2021, 2, 10))) == {}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Search-2017 was held in Belarus last month.", "en", (D(2017, 9, 1), D(2017, 9, 30))),
        (
            "«Поиск-2017» прошёл в Белоруссии в прошлом месяце.",
            "ru",
            (D(2017, 9, 1), D(2017, 9, 30)),
        ),
        ("Search-2018 is planned for October.", "en", (D(2018, 10, 1), D(2018, 10, 31))),
    ],
)
def test_last_month_and_a_month_planned_for(text, language, expected):
    (found,) = proposed(text, language, D(2017, 10, 16))

    assert (found.start_date, found.end_date, str(found.start_precision)) == (*expected, "month")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The session of the CSTO Collective Security Council has just ended here in Bishkek.",
            "en",
            ("KG", D(2019, 11, 28), "day", False),
        ),
        (
            "We agreed to meet informally in St Petersburg at the end of December.",
            "en",
            ("RU", D(2019, 12, 1), "month", True),
        ),
        (
            "Армения предлагает провести в мае 2020 года в Москве юбилейную встречу глав"
            " государств – членов ОДКБ.",
            "ru",
            ("RU", D(2020, 5, 1), "month", False),
        ),
    ],
)
def test_sessions_said_other_ways(text, language, expected):
    (found,) = proposed(text, language, D(2019, 11, 28))

    assert (found.country, found.start_date, str(found.start_precision), found.informal) == (
        expected
    )


def test_a_session_takes_no_date_from_an_exercise_named_after_it():
    found = proposed(
        "Участники сессии оценили итоги учения «Взаимодействие-2024», которое прошло в"
        " Казахстане в сентябре.",
        "ru",
        D(2024, 11, 28),
    )

    assert [str(p.kind) for p in found] == ["exercise"]


def test_a_described_operation_takes_its_dates():
    (found,) = proposed(
        "The Channel-Centre operation against drug trafficking will be carried out from 4 to"
        " 8 June.",
        date=D(2018, 2, 7),
    )

    assert (found.start_date, found.end_date) == (D(2018, 6, 4), D(2018, 6, 8))


def test_a_chair_taken_over_on_a_date_and_passed_on_today_to_friends():
    found = proposed(
        "Kazakhstan took over the baton of chairmanship at the Minsk session on 30 November"
        " last year, and today we passed it to our Kyrgyz friends, who will lead the"
        " Organization until the next session of the Council in Bishkek in November next year.",
        date=D(2018, 11, 8),
    )

    assert terms_of(found) == {
        "KZ": (D(2017, 11, 30), "day", D(2018, 11, 8), "day"),
        "KG": (D(2018, 11, 8), "day", D(2019, 11, 30), "month"),
    }


def test_a_chairmanship_named_by_its_people_began_at_a_dated_session():
    found = proposed(
        "Александр Лукашенко поблагодарил партнёров за поддержку белорусского"
        " председательства, начавшегося на сессии в Ереване 23 ноября прошлого года."
        " Сегодня председательство перешло к Казахстану.",
        "ru",
        D(2023, 11, 23),
    )

    assert terms_of(found)["BY"] == (D(2022, 11, 23), "day", D(2023, 11, 23), "day")


def test_a_handover_at_a_session_days_before_the_statement_is_that_day():
    found = proposed(
        "Tajikistan assumed the chairmanship at the Moscow session, held by video link on"
        " 2 December 2020. The session of the Collective Security Council in Dushanbe on"
        " 16 September completed our term. At the session we handed over the chairmanship to"
        " our Armenian friends, who will lead the Organization until the next session of the"
        " Council in Yerevan next year.",
        date=D(2021, 9, 17),
    )

    assert terms_of(found) == {
        "TJ": (D(2020, 12, 2), "day", D(2021, 9, 16), "day"),
        "AM": (D(2021, 9, 16), "day", D(2022, 12, 31), "year"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "23 ноября 2023 года в Минске под председательством Президента Республики Беларусь"
            " Александра Лукашенко состоялась очередная сессия Совета коллективной безопасности.",
            ("BY", D(2023, 11, 23), D(2023, 11, 23)),
        ),
        (
            "Итоги года подводятся на сессии Совета коллективной безопасности, которая в этом"
            " году пройдёт в ноябре в Бишкеке.",
            ("KG", D(2023, 11, 1), D(2023, 11, 30)),
        ),
        (
            "В декабре в Санкт-Петербурге по сложившейся традиции пройдёт неформальная встреча"
            " глав государств — членов ОДКБ.",
            ("RU", D(2023, 12, 1), D(2023, 12, 31)),
        ),
    ],
)
def test_russian_sessions_at_the_date_the_text_gives(text, expected):
    (found,) = proposed(text, "ru", D(2023, 11, 23) if "2023 года" in text else D(2023, 6, 30))

    assert (found.country, found.start_date, found.end_date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Dushanbe session approved the 2023–2027 programme to strengthen the border.",
        "Today Dushanbe is hosting the summit of the Shanghai Cooperation Organization.",
        "Министры, собравшиеся 30 июня 2026 года в Сочи, рассмотрели ход подготовки к"
        " очередной сессии Совета коллективной безопасности.",
    ],
)
def test_no_session_from_a_programme_another_body_or_preparations(text):
    language = "ru" if "Министры" in text else "en"
    sessions = [p for p in proposed(text, language, D(2026, 6, 30)) if str(p.kind) == "summit"]

    assert sessions == []


def test_an_operation_dated_where_the_sentence_opens():
    (found,) = proposed(
        "From 7 to 11 June, the anti-drug operation Channel was conducted along the border.",
        date=D(2021, 9, 17),
    )

    assert (found.name_en, found.start_date, found.end_date) == (
        "Operation Channel",
        D(2021, 6, 7),
        D(2021, 6, 11),
    )


@pytest.mark.parametrize(
    ("text", "language", "country"),
    [
        (
            "This autumn all four joint exercises were held in Belarus: Interaction-2024 and"
            " Search-2024 took place on 2–6 September, and Unbreakable Brotherhood-2024 on"
            " 9–13 September.",
            "en",
            "BY",
        ),
        (
            "Уже в октябре на полигонах Таджикистана пройдут сразу несколько учений:"
            " «Взаимодействие-2024» — с 18 по 23 октября, а «Кобальт-2024» — 11–15 октября.",
            "ru",
            "TJ",
        ),
    ],
)
def test_the_country_before_a_list_hosts_the_exercises_listed(text, language, country):
    found = exercises_of(proposed(text, language, D(2024, 9, 1)))

    assert {host for host, *_ in found.values()} == {country}
    assert len(found) in (2, 3)


def test_an_exercise_whose_venue_is_still_open_has_no_host():
    found = exercises_of(
        proposed(
            "Next year, Kyrgyzstan will host the special forces exercise Cobalt-2025 in April,"
            " while the dates and venue of the command-post exercise Rubezh-2025 are still"
            " being finalised.",
            date=D(2024, 11, 28),
        )
    )

    assert found == {
        "Cobalt-2025": ("KG", D(2025, 4, 1), "month", D(2025, 4, 30)),
        "Rubezh-2025": ("", D(2025, 1, 1), "year", D(2025, 12, 31)),
    }


def test_a_host_named_later_in_the_exercise_s_sentence():
    found = exercises_of(
        proposed(
            "В следующем году учения «Взаимодействие-2026» пройдут в России в сентябре, а новое"
            " учение «Барьер-2026», посвящённое защите от биологических угроз, мы планируем"
            " провести в Таджикистане.",
            "ru",
            D(2025, 11, 27),
        )
    )

    assert (found["Interaction-2026"][0], found["Barrier-2026"][0]) == ("RU", "TJ")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Kazakhstan took over the chairmanship at the Minsk session on 23 November last year,"
            " and from today it passes to Kyrgyzstan, which will chair the CSTO until the"
            " Council's next session in Bishkek in November 2025.",
            "en",
            {
                "KZ": (D(2023, 11, 23), "day", D(2024, 11, 28), "day"),
                "KG": (D(2024, 11, 28), "day", D(2025, 11, 30), "month"),
            },
        ),
        (
            "Спасибо Казахстану за председательство, которое Казахстан принял на Минской сессии"
            " 30 ноября прошлого года. С сегодняшнего дня эстафету принимает Киргизия: киргизские"
            " друзья будут председательствовать в ОДКБ до очередной сессии Совета, которая"
            " состоится в Бишкеке в 2025 году.",
            "ru",
            {
                "KZ": (D(2023, 11, 30), "day", D(2024, 11, 28), "day"),
                "KG": (D(2024, 11, 28), "day", D(2025, 12, 31), "year"),
            },
        ),
        (
            "Таджикистан председательствовал в ОДКБ с сессии, проведённой в режиме"
            " видеоконференции в декабре прошлого года. Сегодня председательство перешло к"
            " Армении.",
            "ru",
            {
                "TJ": (D(2023, 12, 1), "month", D(2024, 11, 28), "day"),
                "AM": (D(2024, 11, 28), "day", None, "day"),
            },
        ),
    ],
)
def test_handovers_said_the_ways_statements_say_them(text, language, expected):
    assert terms_of(proposed(text, language, D(2024, 11, 28))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We have just concluded the regular session of the CSTO Collective Security Council"
            " in Astana.",
            [("KZ", D(2024, 11, 28))],
        ),
        (
            "The heads of state have just completed the session of the Collective Security"
            " Council in Yerevan, the third time this year that the Council has met at the"
            " highest level.",
            [("AM", D(2024, 11, 28))],
        ),
        (
            "In January the Council met by video link in an extraordinary session, and on 16 May"
            " it held a session in Moscow.",
            [("", D(2024, 1, 1)), ("RU", D(2024, 5, 16))],
        ),
        (
            "Many of us will meet again next month in Kazakhstan at the summit of the"
            " Commonwealth of Independent States.",
            [],
        ),
    ],
)
def test_english_sessions_said_other_ways(text, expected):
    found = proposed(text, date=D(2024, 11, 28))

    assert [(p.country, p.start_date) for p in found if str(p.kind) == "summit"] == expected


def test_an_operation_named_before_its_word():
    (found,) = proposed(
        "The PROXY operation, carried out in October, shut down 2,017 websites.",
        date=D(2017, 11, 30),
    )

    assert (found.name_en, found.start_date, found.end_date) == (
        "Operation PROXY",
        D(2017, 10, 1),
        D(2017, 10, 31),
    )


def test_a_range_written_with_ordinals_and_the_next_sentence_dates_the_list():
    found = exercises_of(
        proposed(
            "Next year, Belarus will host the joint exercises Interaction-2020, Search-2020 and"
            " Echelon-2020. They will run from the 14th to the 18th of October at the Brestsky"
            " training ground.",
            date=D(2019, 11, 28),
        )
    )

    assert set(found.values()) == {("BY", D(2020, 10, 14), "day", D(2020, 10, 18))}


def test_both_in_a_month_dates_every_exercise_named():
    found = exercises_of(
        proposed(
            "Next year Interaction-2025 will be held in Belarus and Cobalt-2025 in Kazakhstan,"
            " both in September.",
            date=D(2024, 11, 28),
        )
    )

    assert found == {
        "Interaction-2025": ("BY", D(2025, 9, 1), "month", D(2025, 9, 30)),
        "Cobalt-2025": ("KZ", D(2025, 9, 1), "month", D(2025, 9, 30)),
    }


def test_partners_who_hosted_the_exercise_are_its_host():
    found = exercises_of(
        proposed(
            "I am grateful to our Russian partners, who hosted the peacekeeping exercise"
            " Unbreakable Brotherhood-2016 from 28 September to 2 October.",
            date=D(2016, 10, 14),
        )
    )

    assert found["Unbreakable Brotherhood-2016"][0] == "RU"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Operation Illegal has become a real obstacle to illegal migration, and its next"
            " stage will take place in November.",
            "en",
            {"Operation Illegal": (D(2016, 11, 1), D(2016, 11, 30))},
        ),
        (
            "Отмечена эффективность операции «Прокси» по противодействию преступлениям в"
            " информационной сфере, очередной этап которой пройдет в октябре.",
            "ru",
            {"Operation PROXY": (D(2016, 10, 1), D(2016, 10, 31))},
        ),
        (
            "The ministers welcomed the results of Operation Illegal, and look forward to the"
            " next stage of Operation Channel between 12 and 16 September.",
            "en",
            {
                "Operation Illegal": (None, None),
                "Operation Channel": (D(2016, 9, 12), D(2016, 9, 16)),
            },
        ),
    ],
)
def test_an_operation_s_next_stage_dates_it(text, language, expected):
    found = proposed(text, language, D(2016, 8, 1))

    assert {p.name_en: (p.start_date, p.end_date) for p in found} == expected


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        (
            "Сегодня в Астане состоялось заседание Совета коллективной безопасности Организации"
            " Договора о коллективной безопасности.",
            "ru",
            [("summit", "KZ", D(2018, 11, 8))],
        ),
        (
            "The session of the CSTO Collective Security Council that we held today in Yerevan"
            " has completed its work.",
            "en",
            [("summit", "AM", D(2018, 11, 8))],
        ),
        (
            "Российские военнослужащие примут участие в учении государств – членов Шанхайской"
            " организации сотрудничества «Мирная миссия-2021», которое пройдет в сентябре.",
            "ru",
            [],
        ),
    ],
)
def test_the_council_s_meeting_today_and_not_the_sco_s_exercise(text, language, kinds):
    found = proposed(text, language, D(2018, 11, 8))

    assert [(str(p.kind), p.country, p.start_date) for p in found] == kinds


def test_no_proposal_ends_before_it_starts_when_the_statement_is_dated_later():
    found = proposed(
        "With the session, the chairmanship passed from Belarus, which had held it since"
        " 14 October 2016, to Kazakhstan, which will chair the CSTO until the next session of"
        " the Council, to be held in Astana in November 2018.",
        date=D(2023, 8, 11),
    )

    assert all(p.end_date is None or p.start_date <= p.end_date for p in found if p.start_date)
    assert terms_of(found)["KZ"] == (D(2023, 8, 11), "day", None, "day")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "On the eve of the session, on 22 November, the Council of Foreign Ministers met in"
            " Minsk. At the end of today's session Kazakhstan took over the rotating"
            " chairmanship, which it will hold until the next session of the Council in Astana"
            " in 2024.",
            "en",
        ),
        (
            "Накануне сессии, 22 ноября, в Минске состоялись заседания Совета министров"
            " иностранных дел. По итогам сессии Республика Казахстан приняла председательство в"
            " Организации и будет осуществлять его до очередной сессии, которую решено провести"
            " в следующем году в Астане.",
            "ru",
        ),
    ],
)
def test_the_eve_of_the_session_dates_neither_the_session_nor_the_handover(text, language):
    found = proposed(text, language, D(2023, 11, 23))

    assert [p for p in found if str(p.kind) == "summit" and p.start_date == D(2023, 11, 22)] == []
    assert terms_of(found)["KZ"] == (D(2023, 11, 23), "day", D(2024, 12, 31), "year")


def test_a_chair_taken_at_a_dated_session_in_a_relative_clause_began_then():
    found = proposed(
        "Как заявил журналистам президент Киргизии, председательство в ОДКБ, которое Бишкек"
        " принял на сессии в Астане 8 ноября прошлого года, перешло от Киргизии к России.",
        "ru",
        D(2019, 11, 28),
    )

    assert terms_of(found) == {
        "KG": (D(2018, 11, 8), "day", D(2019, 11, 28), "day"),
        "RU": (D(2019, 11, 28), "day", None, "day"),
    }


def test_until_this_session_ends_the_term_at_the_session_the_statement_names():
    found = proposed(
        "Сессия Совета коллективной безопасности пройдёт в ноябре в Астане. Республика"
        " Казахстан, принявшая председательство в Организации на сессии в Минске 23 ноября"
        " прошлого года, будет председательствовать в ОДКБ до этой сессии.",
        "ru",
        D(2024, 2, 9),
    )

    assert terms_of(found)["KZ"] == (D(2023, 11, 23), "day", D(2024, 11, 30), "month")
    assert [p.start_date for p in found if str(p.kind) == "summit"] == [
        D(2024, 11, 1),
        D(2023, 11, 23),
    ]


def test_a_term_handed_over_months_ago_ends_where_a_later_sentence_says():
    found = proposed(
        "На сессии Совета коллективной безопасности, состоявшейся 27 ноября прошлого года в"
        " Бишкеке, Президент Кыргызской Республики передал полномочия председателя Президенту"
        " Российской Федерации. Кыргызстан председательствовал в ОДКБ с 28 ноября 2024 года."
        " Российская Федерация будет исполнять функции председателя до очередной сессии Совета"
        " коллективной безопасности, которая пройдёт в ноябре текущего года в Москве.",
        "ru",
        D(2026, 1, 20),
    )

    assert terms_of(found) == {
        "KG": (D(2024, 11, 28), "day", D(2025, 11, 27), "day"),
        "RU": (D(2025, 11, 27), "day", D(2026, 11, 30), "month"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Сессия Совета коллективной безопасности прошла в четверг в столице Киргизии.",
            [("summit", "KG", D(2019, 11, 28))],
        ),
        (
            "Главы государств подвели итоги председательства Республики Армения, которое"
            " продолжалось с 15 сентября 2015 года, когда на сессии Совета в Душанбе армянская"
            " сторона приняла эстафету у Таджикистана.",
            [("summit", "TJ", D(2015, 9, 15))],
        ),
        (
            "Главы государств одобрили Основные направления коалиционного военного строительства"
            " до 2025 года.",
            [("milestone", "", D(2019, 11, 28))],
        ),
        (
            "Кроме того, с 12 по 16 сентября в Псковской области России будет проведено учение"
            " сил специальных операций «Барьер-2019».",
            [("exercise", "RU", D(2019, 9, 12))],
        ),
    ],
)
def test_russian_reports_of_a_session(text, expected):
    found = proposed(text, "ru", D(2016, 10, 14) if "2015" in text else D(2019, 11, 28))

    assert [(str(p.kind), p.country, p.start_date) for p in found if str(p.kind) != "term"] == (
        expected
    )


def test_exercises_described_at_length_and_together_with_share_dates():
    found = exercises_of(
        proposed(
            "The Interaction-2018 exercise of the Collective Rapid Reaction Force and the special"
            " exercises Search-2018 and Echelon-2018 took place on 1–5 October in Russia. The"
            " main one, Interaction-2019, will be held together with the special exercise"
            " Search-2019 in Belarus from 1 to 5 September.",
            date=D(2018, 11, 8),
        )
    )

    assert set(found.values()) == {
        ("RU", D(2018, 10, 1), "day", D(2018, 10, 5)),
        ("BY", D(2019, 9, 1), "day", D(2019, 9, 5)),
    }
    assert len(found) == 5


@pytest.mark.parametrize(
    ("text", "language", "host"),
    [
        (
            "Next year, Interaction-2025 and Echelon-2025 will both be held in September."
            " Kyrgyzstan, as the incoming chair, will host them.",
            "en",
            "KG",
        ),
        (
            "В сентябре – октябре следующего года пройдут учения «Взаимодействие-2025» и"
            " «Эшелон-2025». Принимающей стороной станет Казахстан.",
            "ru",
            "KZ",
        ),
        (
            "В следующем году учения «Взаимодействие-2025» и «Эшелон-2025» пройдут в сентябре."
            " Все четыре учения примет Российская Федерация.",
            "ru",
            "RU",
        ),
    ],
)
def test_a_host_named_in_the_next_sentence_hosts_the_exercises_before(text, language, host):
    found = exercises_of(proposed(text, language, D(2024, 11, 28)))

    assert {country for country, *_ in found.values()} == {host}
    assert {start for _, start, *_ in found.values()} == {D(2025, 9, 1)}


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        (
            "Officers of the Joint Staff attended as observers the exercise Peace Mission-2021 of"
            " the Shanghai Cooperation Organisation, held in Russia from 13 to 25 September.",
            None,
        ),
        (
            "The Vostok-2018 manoeuvres, held in September, were a national Russian exercise and"
            " not an event of our Organisation.",
            None,
        ),
        (
            "In April, the anti-drug forces of our countries completed Grom-2018 on Russian"
            " territory.",
            ("Grom-2018", "RU"),
        ),
    ],
)
def test_whose_exercise_it_is(text, exercise):
    found = exercises_of(proposed(text, date=D(2018, 11, 8)))

    assert [(name, host) for name, (host, *_) in found.items()] == ([exercise] if exercise else [])


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The chairmanship of the Republic of Tajikistan, which began on 2 December 2020, was"
            " completed at the Dushanbe session on 16 September. The chairmanship then passed to"
            " the Republic of Armenia, which will chair the Organization until the next session"
            " of the Council in Yerevan in 2022.",
            "en",
            {
                "TJ": (D(2020, 12, 2), "day", D(2021, 9, 16), "day"),
                "AM": (D(2021, 9, 16), "day", D(2022, 12, 31), "year"),
            },
        ),
        (
            "The Collective Security Council has just finished its work here in Bishkek. The"
            " member states thank the Kyrgyz Republic for its chairmanship of the Organization,"
            " which began at the session of the Council in Astana on 28 November 2024 and ends at"
            " the present session. The member states welcome the assumption of the chairmanship"
            " by the Russian Federation until the next session of the Collective Security"
            " Council, which will be held in Moscow in November 2026.",
            "en",
            {
                "KG": (D(2024, 11, 28), "day", D(2025, 11, 27), "day"),
                "RU": (D(2025, 11, 27), "day", D(2026, 11, 30), "month"),
            },
        ),
        (
            "Как вы знаете, председательство Казахстана началось на минской сессии 23 ноября"
            " прошлого года, и за этот год казахстанские друзья провели большую работу. Сегодня"
            " председательство перешло к Киргизии.",
            "ru",
            {
                "KZ": (D(2023, 11, 23), "day", D(2024, 11, 28), "day"),
                "KG": (D(2024, 11, 28), "day", None, "day"),
            },
        ),
    ],
)
def test_terms_said_in_reports_and_declarations(text, language, expected):
    date = D(2021, 12, 24) if "Tajikistan" in text else D(2025, 11, 27)
    date = D(2024, 11, 28) if language == "ru" else date

    assert terms_of(proposed(text, language, date)) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Как вы знаете, Армения председательствует в ОДКБ с сентября прошлого года, с сессии"
            " в Душанбе.",
            "ru",
            ("TJ", D(2021, 9, 1), "month"),
        ),
        (
            "Since we last met in Dushanbe last September, a great deal has happened.",
            "en",
            ("TJ", D(2021, 9, 1), "month"),
        ),
        (
            "We have agreed to return to this question at the informal meeting of the heads of"
            " state in St Petersburg on 6 December.",
            "en",
            ("RU", D(2022, 12, 6), "day"),
        ),
    ],
)
def test_sessions_named_in_passing(text, language, expected):
    date = D(2022, 5, 16) if "Since" in text else D(2022, 11, 23)
    summits = [p for p in proposed(text, language, date) if str(p.kind) == "summit"]

    assert [(p.country, p.start_date, str(p.start_precision)) for p in summits] == [expected]


def test_an_operation_conducted_in_a_month_said_with_a_participle_is_in_the_past():
    (found,) = proposed(
        "Хотел бы также отметить результаты операции «Прокси», проведённой в апреле.",
        "ru",
        D(2024, 11, 28),
    )

    assert (found.start_date, found.end_date) == (D(2024, 4, 1), D(2024, 4, 30))


def test_a_chair_ended_today_and_taken_by_friends_named_after_the_verb():
    found = proposed(
        "Сегодня завершилось российское председательство в Организации, начавшееся на сессии в"
        " Астане 28 ноября прошлого года, и эстафету приняли наши киргизские друзья, которые"
        " будут председательствовать до очередной сессии Совета в Бишкеке в следующем году.",
        "ru",
        D(2025, 11, 27),
    )

    assert terms_of(found) == {
        "RU": (D(2024, 11, 28), "day", D(2025, 11, 27), "day"),
        "KG": (D(2025, 11, 27), "day", D(2026, 12, 31), "year"),
    }


def test_a_chair_taken_from_a_country_is_not_that_country_s():
    found = proposed(
        "Главы государств подвели итоги председательства Республики Армения, которое"
        " продолжалось с 15 сентября 2015 года, когда на сессии Совета в Душанбе армянская"
        " сторона приняла эстафету у Таджикистана. Сегодня председательство перешло к"
        " Республике Беларусь.",
        "ru",
        D(2016, 10, 14),
    )

    assert terms_of(found) == {
        "AM": (D(2015, 9, 15), "day", D(2016, 10, 14), "day"),
        "BY": (D(2016, 10, 14), "day", None, "day"),
    }


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "В конце сентября – начале октября на российском полигоне в Псковской области прошло"
            " учение «Взаимодействие-2025».",
            "ru",
            ("exercise", "RU", D(2025, 9, 1)),
        ),
        (
            "The session of the CSTO Collective Security Council that ended in Astana a few"
            " minutes ago was held in a businesslike spirit.",
            "en",
            ("summit", "KZ", D(2025, 11, 27)),
        ),
    ],
)
def test_a_country_s_range_and_a_session_ended_minutes_ago(text, language, expected):
    (found,) = proposed(text, language, D(2025, 11, 27))

    assert (str(found.kind), found.country, found.start_date) == expected


def test_a_transfer_to_the_republic_and_a_presidency_since_a_session():
    found = proposed(
        "The Kyrgyz Republic has presided over the Organization since the session in Saint"
        " Petersburg last December. Today's session marked the transfer of the chairmanship to the"
        " Russian Federation, which will lead the Organization until the next session of the"
        " Council in Moscow in November next year.",
        date=D(2019, 11, 28),
    )

    assert terms_of(found) == {
        "KG": (D(2018, 12, 1), "month", D(2019, 11, 28), "day"),
        "RU": (D(2019, 11, 28), "day", D(2020, 11, 30), "month"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Вызывает вопросы наращивание активности НАТО у границ государств ОДКБ, в том числе"
        " учения «Анаконда-2018», прошедшие в Польше в ноябре.",
        "В октябре в Праге прошёл первый саммит Европейского политического сообщества.",
    ],
)
def test_an_exercise_abroad_and_another_community_s_summit_are_not_ours(text):
    assert proposed(text, "ru", D(2018, 12, 6)) == []
