"""A new exercise series' name in the other language.

The organisation's exercise names are words (Поиск, Эшелон) that its English texts
either translate (Search, Echelon) or transliterate (Rubezh, Grom); which is a
matter of usage, so the common ones are listed, and any other is transliterated.
"""

from __future__ import annotations

import re

# Russian → English, as the organisation's English texts write them.
_KNOWN = {
    "Поиск": "Search",
    "Эшелон": "Echelon",
    "Кобальт": "Cobalt",
    "Рубеж": "Rubezh",
    "Гром": "Grom",
    "Взаимодействие": "Interaction",
    "Нерушимое братство": "Unbreakable Brotherhood",
    "Боевое братство": "Combat Brotherhood",
    "Барьер": "Barrier",
    "Гранит": "Granite",
    "Щит": "Shield",
    "Щит Союза": "Union Shield",
    "Граница": "Border",
    "Антитеррор": "Anti-Terror",
    "Мирная миссия": "Peace Mission",
    "Слаженность": "Coherence",
    "Булат": "Bulat",
    "Каспий": "Caspian",
}
_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
# Latin letter groups back to Cyrillic, longest first ("shch" before "sh" before "s").
_TO_CYRILLIC = (
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("a", "а"), ("b", "б"),
    ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"),
    ("q", "к"), ("j", "дж"),
)  # fmt: skip
_VOWELS = "аеёиоуыэюя"


def english_name(russian: str) -> str:
    """Поиск → Search; an unlisted name transliterated (Рубеж → Rubezh)."""
    for name_ru, name_en in _KNOWN.items():
        if name_ru.lower() == russian.lower():
            return name_en
    latin = "".join(_TO_LATIN.get(char.lower(), char) for char in russian)
    return " ".join(word[:1].upper() + word[1:] for word in latin.split(" "))


def russian_name(english: str) -> str:
    """Search → Поиск; an unlisted name transliterated back (Rubezh → Рубеж)."""
    for name_ru, name_en in _KNOWN.items():
        if name_en.lower() == english.lower():
            return name_ru
    words = [_cyrillic(word.lower()) for word in english.split(" ")]
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _cyrillic(word: str) -> str:
    out: list[str] = []
    position = 0
    while position < len(word):
        for latin, cyrillic in _TO_CYRILLIC:
            if word.startswith(latin, position):
                out.append(_y_sound(cyrillic, out, latin) if latin == "e" else cyrillic)
                position += len(latin)
                break
        else:
            out.append("й" if word[position] == "y" and _after_vowel(out) else _y(word, position))
            position += 1
    return "".join(out)


def _y(word: str, position: int) -> str:
    """A "y" not in a listed group: ы between consonants, the character itself otherwise."""
    return "ы" if word[position] == "y" else word[position]


def _after_vowel(out: list[str]) -> bool:
    return bool(out) and out[-1][-1] in _VOWELS


def _y_sound(cyrillic: str, out: list[str], latin: str) -> str:
    # A word-initial e is э (Echelon → Эшелон), as Russian spells borrowed words.
    return "э" if not out and latin == "e" else cyrillic


def is_cyrillic(name: str) -> bool:
    return re.search(r"[а-яё]", name.lower()) is not None
