"""Names known across the corpus, found again where an item writes them bare.

    add_known_names(analysis, names, profile) -> Analysis

A full name read anywhere (after a title, in apposition, by spaCy) is a person wherever else it
is written; a capitalized given name before a surname the item uses is that surname's relative.
"""

from __future__ import annotations

import re
from dataclasses import replace

from communique.extract.names import STOP_WORDS, Analysis
from communique.model import Mention
from communique.profiles import Profile
from communique.profiles.lexicon import lexicon

__all__ = ["KnownNames", "add_known_names"]


class KnownNames:
    """Full names seen anywhere in the corpus, indexed by first word, so each item looks up only
    the names whose first word it contains (scanning every corpus name per item was quadratic)."""

    def __init__(self, names: set[str]):
        self.names = names
        self.by_first: dict[str, list[str]] = {}
        for name in sorted(names, key=len, reverse=True):
            if len(name.split()) >= 2:
                self.by_first.setdefault(name.split()[0], []).append(name)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def candidates(self, text: str) -> list[str]:
        words = set(re.findall(r"[\w'’.-]+", text))
        found = [n for w in words & self.by_first.keys() for n in self.by_first[w] if n in text]
        return sorted(found, key=lambda n: (-len(n), n))


def add_known_names(analysis: Analysis, names: set[str] | KnownNames, profile: Profile | None = None) -> Analysis:
    """Person mentions for full names found elsewhere in the corpus and written here bare, and for
    'Nadia Rahimi' beside a known 'Omar Rahimi' (a given name before a surname the item knows).
    A place spaCy guessed for such a name gives way to the person."""
    text = analysis.text
    lex = lexicon(profile) if profile is not None else None
    keep: list[Mention] = []
    for m in analysis.mentions:
        if m.kind == "place" and m.text in names and not (lex and lex.matches(m.text, ("state", "city"))):
            continue
        keep.append(m)
    taken = [(m.start, m.end) for m in keep if m.kind in ("person", "organization", "place")]
    extra: list[Mention] = []
    index = names if isinstance(names, KnownNames) else KnownNames(names)
    for name in index.candidates(text):
        for span in _occurrences(text, name):
            if not any(span[0] < b and a < span[1] for a, b in taken):
                taken.append(span)
                extra.append(Mention(analysis.item.id, span[0], span[1], name, "person"))
    extra += _relatives(analysis, keep + extra, taken)
    if not extra and len(keep) == len(analysis.mentions):
        return analysis
    return replace(analysis, mentions=tuple(sorted((*keep, *extra), key=lambda m: (m.start, -m.end))))


_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)?"
# The word right before a surname (searched in a short window ending at the surname).
_GIVEN_BEFORE = re.compile(rf"\b({_NAME_WORD})\s+$")


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _occurrences(text: str, word: str, hyphen: bool = True):
    """Spans where `word` is written whole: no word character (nor a hyphen, with `hyphen`) on
    either side. Written with str.find, not a regular expression per name: every corpus name would
    be compiled again and again (the re module keeps 512), a tenth of extraction's time."""
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        if not (_word_char(before) or (hyphen and before == "-")) and not (_word_char(after) or (hyphen and after == "-")):
            yield pos, end
        pos = text.find(word, pos + 1)


def _relatives(analysis: Analysis, mentions: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """'Nadia Rahimi' where the item names 'Omar Rahimi', 'Helen Carter' where it says 'Ms. Carter':
    a capitalized given name before a surname the item uses for a person."""
    surnames = {m.text.split()[-1] for m in mentions if m.kind == "person" and "." not in m.text}
    out = []
    for surname in surnames:
        if len(surname) < 3:
            continue
        for at, end in _occurrences(analysis.text, surname, hyphen=False):
            m = _GIVEN_BEFORE.search(analysis.text, max(0, at - 60), at)
            if m is None:
                continue
            given = m.group(1)
            span = (m.start(1), end)
            if not given[:1].isupper() or given.lower() in STOP_WORDS or any(
                    span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            out.append(Mention(analysis.item.id, span[0], span[1], analysis.text[span[0]:span[1]], "person"))
    return out
