"""The place a patient named for a trial search, and ordering a study's sites by it."""

from __future__ import annotations

import re

from bot.trials.model import Location

MAX_PLACE_LENGTH = 60
MAX_TEXT_LENGTH = 1000
# Captured in a look-ahead so that "in pain, any trials near Denver" also tries "near Denver"; a word
# cut short by a character outside the allowed set ("Zürich", "O'Fallon") is not taken.
_PLACE_AFTER = re.compile(r"\b(?:near|around|in|close to)\s+(?=([A-Za-z][A-Za-z .,\-]*)(?![\w']))", re.IGNORECASE)
# fmt: off
# Words that end a place name ("in London for back pain", "near Boston please").
_PLACE_END = frozenset({
    "for", "with", "that", "which", "who", "where", "when", "while", "and", "or", "but", "to", "near", "in",
    "around", "at", "on", "from", "about", "if", "so", "because", "please", "thanks", "thank", "i", "is", "are",
    "am", "was", "do", "does", "can", "could", "would", "should", "will"
})
_PLACE_FILLER = frozenset({"area", "region", "vicinity", "please", "thanks", "now", "today", "currently"})
# Words that show the phrase is not a place ("in my area", "near me", "in phase 3", "in general").
_NOT_A_PLACE = frozenset({
    "me", "my", "mine", "us", "our", "you", "your", "here", "there", "home", "this", "these", "those", "it", "them",
    "general", "particular", "total", "a", "an", "any", "some", "all", "every", "other", "one", "same", "time",
    "future", "past", "meantime", "back", "lower", "upper", "pain", "spine", "disc", "discs", "stem", "cell",
    "cells", "trial", "trials", "study", "studies", "research", "phase", "english", "plain", "person", "people",
    "children", "adults", "kids", "men", "women", "patients", "humans", "animals", "mice", "rats", "hospital",
    "clinic", "doctor"
})
# fmt: on
_COUNTRY_ALIASES = {"uk": "united kingdom", "usa": "united states", "us": "united states"}


def place_from_text(text: str) -> str | None:
    """The place a patient named ("trials near Boston", "any in Sydney?"), or None when unsure."""
    for match in _PLACE_AFTER.finditer(text[:MAX_TEXT_LENGTH]):
        words: list[str] = []
        for word in match.group(1).split():
            if word.lower().strip(".,-") in _PLACE_END:
                break
            words.append(word)
        if words and words[0].lower() == "the":
            words = words[1:]
        while words and words[-1].lower().strip(".,-") in _PLACE_FILLER:
            words.pop()
        phrase = " ".join(words).strip(" .,-")
        # "in Ohio, find me a study": if the whole phrase is not a place, its part before a comma may be.
        for place in dict.fromkeys((phrase, phrase.split(",")[0].strip(" .-"))):
            if _looks_like_place(place):
                return place
    return None


# A follow-up to a trial search that gives only a place: "what about Brisbane?", "and Leeds?", "try Ohio".
_PLACE_FOLLOW_UP = re.compile(
    r"^\s*(?:(?:and|ok|okay|so|then|hmm)\s*,?\s+)?(?:(?:what|how)\s+about|try|and)\s+(?:in\s+|near\s+|around\s+)?"
    r"([A-Za-z][A-Za-z .\-]*?)\s*(?:instead|then|too|as well)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def place_in_follow_up(text: str, capitalised: bool = False) -> str | None:
    """The place a short follow-up to a trial search names ("what about Brisbane?"), or None.

    `capitalised`: only a place written with a capital, for when the message was not read as a
    trial search at all.
    """
    match = _PLACE_FOLLOW_UP.match(text[:MAX_PLACE_LENGTH * 2])
    if match is None:
        return None
    place = match.group(1).strip(" .-")
    if place.lower().startswith("the "):
        place = place[4:]
    if capitalised and not place[:1].isupper():
        return None
    return place if _looks_like_place(place) else None


def sort_locations(locations: list[Location], place: str | None) -> tuple[Location, ...]:
    """Sites matching more of the place's words first, registry order otherwise."""
    if not place:
        return tuple(locations)
    wanted = _place_words(place)

    def matched(location: Location) -> int:
        text = " ".join(p for p in (location.city, location.state, location.country) if p)
        return len(wanted & set(re.findall(r"[a-z]+", text.lower())))

    # Stable sort, so ties keep the registry's order.
    return tuple(sorted(locations, key=matched, reverse=True))


def _looks_like_place(place: str) -> bool:
    if not 2 <= len(place) <= MAX_PLACE_LENGTH:
        return False
    names = [w.strip(".,-") for w in place.split()]
    # Upper-case abbreviations (US, UK) are places even where the lower-case word is not.
    if any(n.lower() in _NOT_A_PLACE and not n.isupper() for n in names if n):
        return False
    # "interested in joining": a verb, not a town.
    return not (place[0].islower() and names[-1].lower().endswith("ing"))


def _place_words(place: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", place.lower()))
    for alias, name in _COUNTRY_ALIASES.items():
        if alias in words:
            words.discard(alias)
            words.update(name.split())
    return words
