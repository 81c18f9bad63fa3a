"""Countries and cities named in a sentence, in any case («в Киргизии», «Бишкеке»).

Country names come from django-countries in both languages, plus the other names
statements use (Kyrgyz Republic, Белоруссия, Российская Федерация). Russian words
are compared by their lemmas (pymorphy3), so every case of a name is found without
listing the cases. Cities are the few the organisation meets in, with their country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django_countries import countries

import events.domain.proposing.morph as morph
from events.domain.proposing.reading import Token

# The organisation's members: its exercises are held on their soil.
MEMBERS = frozenset({"RU", "BY", "KZ", "KG", "TJ", "AM"})


@dataclass(frozen=True)
class City:
    country: str
    name_en: str
    name_ru: str


@dataclass(frozen=True)
class Place:
    """A country or city named in a sentence: its tokens' span and what it is."""

    first: int  # index of its first token
    last: int  # index of its last token
    start: int
    end: int
    country: str
    city: City | None
    lead: str  # the word before it, lower-case ("in", «в»)


# Other names of the members and their neighbours than django-countries gives.
_COUNTRY_ALIASES = {
    "KG": ("Kyrgyz Republic", "Kirghizia", "Kirgizia", "Киргизия", "Кыргызская Республика",
           "Киргизская Республика", "Киргизстан"),
    "BY": ("Republic of Belarus", "Byelorussia", "Belorussia", "Белоруссия",
           "Республика Беларусь"),
    "RU": ("Russian Federation", "Российская Федерация", "РФ"),
    "KZ": ("Republic of Kazakhstan", "Республика Казахстан"),
    "TJ": ("Republic of Tajikistan", "Republic of Tadjikistan", "Tadjikistan",
           "Республика Таджикистан"),
    "AM": ("Republic of Armenia", "Республика Армения"),
    "UZ": ("Republic of Uzbekistan", "Республика Узбекистан"),
    "US": ("United States", "US", "USA", "США", "Соединённые Штаты"),
    "GB": ("United Kingdom", "Britain", "Великобритания"),
    "SY": ("Syria", "Сирия"),
    "MD": ("Moldova", "Молдавия", "Молдова"),
    "IR": ("Iran", "Иран"),
}  # fmt: skip

# (country, English, Russian, other spellings). Russian names are matched by lemma,
# and the city adjective («московская сессия») names the city too.
_CITIES = (
    ("RU", "Moscow", "Москва", ("московский",)),
    ("RU", "Sochi", "Сочи", ("сочинский",)),
    ("RU", "Saint Petersburg", "Санкт-Петербург", ("Petersburg", "Петербург", "петербургский")),
    ("RU", "Orenburg", "Оренбург", ()),
    ("RU", "Chebarkul", "Чебаркуль", ()),
    ("RU", "Pskov", "Псков", ()),
    ("KG", "Bishkek", "Бишкек", ("бишкекский",)),
    ("KG", "Cholpon-Ata", "Чолпон-Ата", ()),
    ("KG", "Osh", "Ош", ()),
    ("KG", "Balykchy", "Балыкчы", ()),
    ("BY", "Minsk", "Минск", ("минский",)),
    ("BY", "Brest", "Брест", ()),
    ("BY", "Vitebsk", "Витебск", ()),
    ("BY", "Grodno", "Гродно", ()),
    ("TJ", "Dushanbe", "Душанбе", ("душанбинский",)),
    ("TJ", "Khujand", "Худжанд", ("Khujand",)),
    ("AM", "Yerevan", "Ереван", ("Erevan", "ереванский")),
    ("AM", "Gyumri", "Гюмри", ()),
    ("KZ", "Astana", "Астана", ("астанинский",)),
    ("KZ", "Nur-Sultan", "Нур-Султан", ()),
    ("KZ", "Almaty", "Алматы", ("Alma-Ata", "Алма-Ата", "алматинский")),
    ("KZ", "Aktau", "Актау", ()),
    ("UZ", "Tashkent", "Ташкент", ("ташкентский",)),
)
# Capitalised words that are seldom the country they spell: «Того» (Togo) opens
# many a Russian sentence as a pronoun.
_NOT_COUNTRIES = frozenset({"того", "чад", "us"})

type Key = tuple[str, ...]
type Entry = tuple[str, City | None]


def find_places(tokens: list[Token], language: str) -> list[Place]:
    """Every country or city ``tokens`` name, longest name first at each word."""
    index = _index(language)
    found: list[Place] = []
    position = 0
    while position < len(tokens):
        place = _place_at(tokens, position, index)
        if place is None:
            position += 1
            continue
        found.append(place)
        position = place.last + 1
    return found


def _place_at(
    tokens: list[Token], position: int, index: dict[str, list[tuple[Key, Entry]]]
) -> Place | None:
    token = tokens[position]
    if token.lower in _NOT_COUNTRIES and token.text != "US":
        return None
    candidates = [
        entry
        for lemma in token.lemmas
        for entry in index.get(lemma, ())
        # A name is capitalised; a city's adjective («московской») is not.
        if token.capitalised or lemma.endswith("ский")
    ]
    for key, (country, city) in sorted(candidates, key=lambda item: -len(item[0])):
        last = position + len(key) - 1
        if last < len(tokens) and all(
            word in tokens[position + offset].lemmas for offset, word in enumerate(key)
        ):
            lead = tokens[position - 1].lower if position else ""
            return Place(position, last, token.start, tokens[last].end, country, city, lead)
    return None


def country_names(code: str) -> tuple[str, str]:
    """The country's name in English and in Russian (django-countries)."""
    names = []
    for language in ("en", "ru"):
        with translation.override(language):
            names.append(str(countries.name(code)))
    return names[0], names[1]


@cache
def _index(language: str) -> dict[str, list[tuple[Key, Entry]]]:
    """Each name's words (lemmas in Russian), keyed by its first word."""
    index: dict[str, list[tuple[Key, Entry]]] = {}

    def add(name: str, entry: Entry) -> None:
        key = _key(name, language)
        if key:
            index.setdefault(key[0], []).append((key, entry))

    with translation.override(language):
        for code, name in countries:
            add(str(name), (code, None))
    for code, aliases in _COUNTRY_ALIASES.items():
        for alias in aliases:
            add(alias, (code, None))
    for country, name_en, name_ru, others in _CITIES:
        city = City(country, name_en, name_ru)
        for name in (name_en, name_ru, *others):
            add(name, (country, city))
    return index


def _key(name: str, language: str) -> Key:
    words = re.sub(r"[(),]", " ", name).split()
    cyrillic = any("а" <= char.lower() <= "я" for char in name)
    if language == "ru":
        return tuple(morph.lemma(word) if cyrillic else word.lower() for word in words)
    return () if cyrillic else tuple(word.lower() for word in words)


# "to our Kyrgyz friends", «армянским партнёрам», «белорусского председательства»: a
# country named by its people, where the chair is given or held.
_DEMONYMS = (
    ("RU", ("russian", "российск")),
    ("BY", ("belarusian", "belarussian", "белорусск")),
    ("KZ", ("kazakh", "kazakhstani", "казахстанск")),
    ("KG", ("kyrgyz", "kirghiz", "киргизск", "кыргызск")),
    ("TJ", ("tajik", "таджикск")),
    ("AM", ("armenian", "армянск")),
)
_PEOPLE = ("friend", "colleague", "partner", "side", "друз", "коллег", "партн", "сторон",
           "chairmanship", "председательств", "territory", "soil", "полигон", "range",
           "training")  # fmt: skip
_POSSESSIVES = frozenset({"our", "наш", "нашим", "нашей", "нашему"})


def demonyms(tokens: list[Token]) -> list[Place]:
    """Countries named by their people before "friends", "partners" or "chairmanship"."""
    found = []
    for index, token in enumerate(tokens[:-1]):
        country = next((code for code, stems in _DEMONYMS if token.lower.startswith(stems)), None)
        if country is None or not tokens[index + 1].lower.startswith(_PEOPLE):
            continue
        before = index - 1
        while before >= 0 and tokens[before].lower in _POSSESSIVES:
            before -= 1
        lead = tokens[before].lower if before >= 0 else ""
        found.append(Place(index, index, token.start, token.end, country, None, lead))
    return found
