"""A profile compiled for matching: every name it knows, keyed by a spelling-folded form.

    lex = lexicon(profile)
    lex.lookup(fold_key("the Organisation for Security and Co-operation in Europe"))

Keys are lower-case ASCII words ("co-operation" and "cooperation", "organisation" and
"organization", "centre" and "center" fold together), so a span of text is looked up by
the key of its words. Acronyms only match in the case the profile writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from communique.model import normalize_text
from communique.profiles import OrgSpec, Profile

__all__ = ["Entry", "Lexicon", "case_ok", "acronym_word", "fold_key", "fold_words", "initials", "key_of", "lexicon"]

_WORD_FOLDS = {
    "organisation": "organization", "organisations": "organizations", "defence": "defense",
    "centre": "center", "centres": "centers", "programme": "program", "programmes": "programs",
    "states": "state",
}
_MULTI_FOLDS = [
    (re.compile(r"\bco operation\b"), "cooperation"),
    (re.compile(r"\b(anti|counter) (terroris[mt]|terrorist|drug|narcotic)"), r"\1\2"),
    (re.compile(r"\bconfidence building\b"), "confidencebuilding"),
]
_TRIGGERS = ("co", "anti", "counter", "confidence")


def _plural(title: str) -> str | None:
    """"Minister of Foreign Affairs" -> "Ministers of Foreign Affairs", "Foreign Minister" ->
    "Foreign Ministers", "Secretary General" -> "Secretaries General": the head noun (the word
    before the first preposition, else the last; "General" after it is postpositive) in the plural."""
    words = title.split()
    if any(w.isupper() and len(w) > 1 for w in words):
        return None  # a body's acronym: the plural is no one's title
    k = next((i - 1 for i, w in enumerate(words) if i and w in ("of", "for", "on", "to", "in")), len(words) - 1)
    if k > 0 and words[k] == "General":
        k -= 1
    head = words[k]
    if not head[:1].isupper() or not head.isalpha():
        return None
    if head.endswith("man"):
        plural = head[:-3] + "men"
    elif head.endswith(("s", "x", "ch", "sh")):
        plural = head + "es"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        plural = head[:-1] + "ies"
    else:
        plural = head + "s"
    return " ".join(words[:k] + [plural] + words[k + 1:])


def fold_words(text: str) -> list[str]:
    """Lower-case ASCII words with British and American spellings folded together."""
    return [_WORD_FOLDS.get(w, w) for w in normalize_text(text).split()]


def key_of(words: list[str]) -> str:
    key = " ".join(words)
    if any(t in words for t in _TRIGGERS):
        for pattern, repl in _MULTI_FOLDS:
            key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """'The Organisation for Security and Co-operation' -> 'organization for security and cooperation'."""
    words = fold_words(text)
    if words[:1] == ["the"]:
        words = words[1:]
    return key_of(words)


_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019]*(?:-[^\W\d_][\w'\u2019]*)*")


def acronym_word(word: str, shortest: int = 2) -> bool:
    """Is `word` written as an acronym: `shortest` to eight capital letters ("SADC", "CARICOM")?"""
    return shortest <= len(word) <= 8 and word.isalpha() and word.isupper()


def initials(name: str) -> set[str]:
    """The acronyms a name's capitalised words spell: 'Nordic Intergovernmental Council' ->
    {'NIC'}; a hyphenated word gives one letter or one per part ('Inter-Parliamentary Assembly'
    -> {'IA', 'IPA'}). Lower-case words ('of', 'the', 'in the field of') spell nothing."""
    caps = [w for w in _NAME_WORD.findall(name) if w[0].isupper()]
    if caps and caps[0] == "The":
        caps = caps[1:]
    whole = "".join(w[0] for w in caps)
    parts = "".join(p[0] for w in caps for p in w.split("-") if p[:1].isupper())
    return {whole, parts}


@dataclass(frozen=True)
class Entry:
    kind: str  # org | anaphor | state | adjective | city | office | modifier | honorific | rank | body | head
    target: str  # canonical name (organization, state, office) or the word itself
    surface: str  # the form the profile writes
    exact: bool = False  # must match in the profile's letter case (acronyms, adjectives)


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


class Lexicon:
    def __init__(self, profile: Profile):
        self.profile = profile
        self.table: dict[str, list[Entry]] = {}
        self.first_words: dict[str, int] = {}  # first word of a name -> most words a name starting so has
        self._add_organizations(profile)
        self._add_states(profile)
        for body in profile.generic_bodies:
            self._add("body", body, body)
        for office in profile.offices:
            for form in (office.name, *office.variants):
                if not self._names_body(form):
                    self._add("office", office.name, form)
        for word in profile.office_modifiers:
            self._add("modifier", word, word, exact=True)
        for word in profile.honorifics:
            self._add("honorific", word, word, exact=word[:1].isupper())
        for word in profile.ranks:
            self._add("rank", word, word, exact=True)
        self.heads = {fold_key(h) for h in profile.org_heads}
        self.held_heads = {fold_key(h) for h in profile.held_heads}
        self.generic_bodies = {fold_key(b) for b in profile.generic_bodies}

    @staticmethod
    def key_of(words: list[str]) -> str:
        return key_of(words)

    @cached_property
    def office_forms(self) -> dict[str, tuple[str, bool]]:
        """Every office name and variant as a fold key -> (name, single_seat); unlike the table,
        titles that name a body ("Chief of the Joint Staff") are here whole."""
        forms: dict[str, tuple[str, bool]] = {}
        for spec in self.profile.offices:
            for form in (spec.name, *spec.variants):
                forms.setdefault(fold_key(form), (spec.name, spec.single_seat))
        return forms

    @cached_property
    def plural_heads(self) -> frozenset[str]:
        """The plural words of the plural titles ("ministers", "secretaries", "chairmen"): an item
        without one of them names no office in the plural."""
        _, forms = self.plural_offices
        return frozenset(w for form in forms for w in form.split() if w.endswith(("s", "men")))

    @cached_property
    def plural_offices(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """Office names written in the plural ("Ministers of Foreign Affairs", "Foreign Ministers",
        "Presidents"): a pattern that finds them and, by lower-cased form, the office."""
        forms: dict[str, str] = {}
        for spec in self.profile.offices:
            for form in (spec.name, *spec.variants):
                plural = _plural(form)
                if plural:
                    forms.setdefault(plural.lower(), spec.name)
        if not forms:
            return None, {}
        alts = sorted(forms, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in alts) + r")\b", re.I), forms

    # -- building ------------------------------------------------------------------------------

    def _add(self, kind: str, target: str, surface: str, exact: bool | None = None) -> None:
        key = fold_key(surface)
        if not key:
            return
        if exact is None:
            exact = _acronym(surface) and len(surface) <= 12
        entry = Entry(kind, target, surface, exact)
        bucket = self.table.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        words = fold_words(surface)
        if words[:1] == ["the"]:
            words = words[1:]
        if words:
            self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))

    def _names_body(self, office: str) -> bool:
        """'Chief of the Joint Staff' is a title and a body: it is read as the two, not as one word."""
        _, sep, rest = office.partition(" of the ")
        if not sep:
            return False
        return any(e.kind in ("org", "body") for e in self.lookup(fold_key(rest)))

    def _add_organizations(self, profile: Profile) -> None:
        for org in profile.organizations:
            for form in org.names():
                self._add("org", org.name, form)
            for acr in org.acronyms:
                self._add("org", org.name, acr, exact=True)
            for word in org.anaphors:
                self._add("anaphor", org.name, word, exact=True)
            parent = profile.organization(org.parent)
            if parent is not None:
                self._add_compounds(org, parent)

    def _add_compounds(self, body: OrgSpec, parent: OrgSpec) -> None:
        """'CSTO CFM', 'CFM CSTO', 'CSTO Council of Foreign Ministers', 'X of the Collective ...'."""
        for p_acr in parent.acronyms:
            for b_acr in body.acronyms:
                if not b_acr.startswith(p_acr):
                    self._add("org", body.name, f"{p_acr} {b_acr}", exact=True)
                    self._add("org", body.name, f"{b_acr} {p_acr}", exact=True)
        for b_form in body.names():
            for p_form in (*parent.acronyms, *parent.names()):
                if fold_key(p_form) in fold_key(b_form):
                    continue
                self._add("org", body.name, f"{p_form} {b_form}", exact=False)
                self._add("org", body.name, f"{b_form} of the {p_form}", exact=False)

    def _add_states(self, profile: Profile) -> None:
        for state in profile.states:
            for form in (state.name, *state.aliases):
                self._add("state", state.name, form, exact=_acronym(form))
            for adj in state.adjectives:
                self._add("adjective", state.name, adj, exact=True)
            for city in (state.capital, *state.cities):
                if city:
                    self._add("city", city, city)
        for city in profile.cities:
            self._add("city", city, city)

    # -- looking up ----------------------------------------------------------------------------

    def lookup(self, key: str, kinds: tuple[str, ...] | None = None) -> list[Entry]:
        found = self.table.get(key, [])
        return [e for e in found if kinds is None or e.kind in kinds]

    def matches(self, surface: str, kinds: tuple[str, ...] | None = None) -> list[Entry]:
        """Entries whose form is `surface`, with acronyms checked in their own letter case."""
        return [e for e in self.lookup(fold_key(surface), kinds) if case_ok(e, surface)]

    def is_head(self, word: str, plural: bool = False, held: bool = False) -> bool:
        """A head noun of organization names ('Council'); with plural=True 'Councils' counts too;
        with held=True, also the heads that name an organization where an office is held in it ('Forum')."""
        key = fold_key(word)
        return key in self.heads or (held and key in self.held_heads) \
            or (plural and key.endswith("s") and key[:-1] in self.heads)

    def is_generic_body(self, text: str) -> bool:
        return fold_key(text) in self.generic_bodies


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def case_ok(entry: Entry, surface: str) -> bool:
    """Acronyms and adjectives must be written as the profile writes them; names need a capital."""
    if entry.exact:
        want = _letters(entry.surface)
        got = _letters(surface)
        if got.lower().startswith("the") and not want.lower().startswith("the"):
            got = got[3:]
        return got == want
    first = next((c for c in surface if c.isalpha()), "")
    return first.isupper()


@lru_cache(maxsize=8)
def _compiled(profile: Profile) -> Lexicon:
    return Lexicon(profile)


_BY_IDENTITY: dict[int, tuple[Profile, Lexicon]] = {}  # id -> (profile, its lexicon); holds the profile, so the id stays its


def lexicon(profile: Profile) -> Lexicon:
    """The profile's lexicon, built once per profile. The extractors ask for it several times per
    item: the same profile object is found by identity first, since hashing a frozen profile walks
    every nested spec (at ~2 ms a call, that had been a tenth of the extraction's time)."""
    hit = _BY_IDENTITY.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    try:
        lex = _compiled(profile)  # equal profiles share one lexicon
    except TypeError:  # an unhashable profile (should not happen: profiles are frozen)
        return Lexicon(profile)
    if len(_BY_IDENTITY) >= 8:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(profile)] = (profile, lex)
    return lex
