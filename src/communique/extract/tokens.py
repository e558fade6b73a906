"""Words with offsets, and the profile's names found among them (longest match first).

The unit of name extraction: a `Unit` is a run of tokens that is one thing -- an organization
the profile knows, a state, an office title, a rank, a person's name -- or a single plain word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from communique.english import zipf
from communique.profiles.lexicon import Entry, Lexicon, case_ok, fold_words

__all__ = ["Tok", "Unit", "abbreviated", "common_word", "glue", "glued", "lexicon_units", "tokenize"]

_TOKEN = re.compile(r"[^\W_]+")
_GAP = re.compile(r"\s*[-‐‑–—]\s*|[ \t\u00a0]+|['’]|&|[ \t]+&[ \t]+|/")


# Words a full stop follows inside a sentence ('Gen. Petrov', 'Feb. 14', 'No. 5').
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen col lt maj capt adm amb sgt st jr sr hon rev gov sen rep dept no nos art vol
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.$")
# Those written before a name ('Amb. A B', 'Prof. C D'): the full stop joins them to it.
_BEFORE_NAMES = frozenset("mr mrs ms dr prof gen col lt maj capt adm amb sgt hon rev gov sen rep".split())


def abbreviated(text: str, dot: int, start: int = 0) -> bool:
    """Is the full stop at `dot` an initial's or a common abbreviation's ('S. Karimov', 'H.E.',
    'Gen. Petrov', 'No. 5'), not a sentence's end?"""
    word = _WORD_BEFORE.search(text, max(start, dot - 12), dot + 1)
    return bool(word and (len(word.group(1)) == 1 and word.group(1).isupper() or word.group(1).lower() in _ABBREVIATIONS))


def common_word(word: str) -> bool:
    """Is `word` a common English word (wordfreq's small English list: about once in a million
    words or more)? "Maritime", "Threats", "Alexander" are; "Dobrynov", "Rahmonzoda" are not.
    A surname that is no English word tells a person's name from the words of a body's name.
    (communique.english.zipf is cached: no cache here.)"""
    return zipf(word) > 0


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str
    words: tuple[str, ...]  # folded key words of this token

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        return self.text.isupper() and len(self.text) > 1


@dataclass(frozen=True)
class Unit:
    i: int  # first token
    j: int  # one past the last token
    kind: str  # an Entry kind, "person", or "word"
    entries: tuple[Entry, ...] = ()

    def targets(self, kind: str | None = None) -> list[str]:
        return [e.target for e in self.entries if kind is None or e.kind == kind]

    def has(self, kind: str) -> bool:
        return any(e.kind == kind for e in self.entries)


@lru_cache(maxsize=1 << 16)
def _folded(word: str) -> tuple[str, ...]:
    """A token's folded words (tokens repeat: cached rather than normalized every time)."""
    return tuple(fold_words(word))


def tokenize(text: str) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group(), _folded(m.group())) for m in _TOKEN.finditer(text)]


def glue(text: str, toks: list[Tok]) -> list[bool]:
    """glued(text, toks[k], toks[k + 1]) for every k, computed once per item."""
    return [glued(text, a, b) for a, b in zip(toks, toks[1:], strict=False)]


def _initial(tok: Tok) -> bool:
    """'S', 'Sh', 'Mr', 'St' -- a short capitalized word that a full stop may follow inside a name."""
    t = tok.text
    return len(t) <= 2 and t[0].isupper() and (len(t) == 1 or t[1].islower())


def glued(text: str, a: Tok, b: Tok) -> bool:
    """May `a` and `b` belong to one name? Spaces, hyphens, apostrophes join; other punctuation parts."""
    gap = text[a.end:b.start]
    if "\n" in gap:
        return False
    if gap in ("’ ", "' ") and (a.text.endswith("s") or a.upper):
        return True  # a possessive: "ASEAN’ Trade and Investment Council", "members’ states"
    if gap.startswith("."):
        rest = gap[1:]
        return (len(a.text) == 1 or _initial(a) or a.text.lower() in _BEFORE_NAMES) and (
            rest == "" or rest.isspace()) and len(rest) <= 1
    return bool(_GAP.fullmatch(gap))


def lexicon_units(text: str, toks: list[Tok], lex: Lexicon, glues: list[bool] | None = None) -> list[Unit]:
    """Every token, grouped into the longest profile names it starts (left to right, greedy)."""
    glues = glue(text, toks) if glues is None else glues
    units: list[Unit] = []
    i, n = 0, len(toks)
    run_end = 0  # one past the last token glued to token i (names never cross a break)
    while i < n:
        best = None
        first = toks[i].words[0] if toks[i].words else ""
        longest = lex.first_words.get(first, 0)
        if run_end <= i:
            run_end = i + 1
            while run_end < n and glues[run_end - 1]:
                run_end += 1
        for j in range(min(n, i + longest, run_end), i, -1):
            key = lex.key_of([w for t in toks[i:j] for w in t.words])
            entries = lex.lookup(key)
            if not entries:
                continue
            surface = text[toks[i].start:toks[j - 1].end]
            ok = tuple(e for e in entries if case_ok(e, surface)) or _lower_title(toks, i, j, entries)
            if ok and not _yields(text, toks, lex, i, j):
                best = Unit(i, j, _kind(ok), ok)
                break
        if best is None:
            units.append(Unit(i, i + 1, "word"))
            i += 1
        else:
            units.append(best)
            i = best.j
    return units


def _lower_title(toks: list[Tok], i: int, j: int, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """An office written in lower case, as English writes a title after "the" with its body after
    "of" ("the commander of the Forces, General A"): its office entries. Anything else in lower
    case is a common word ("the council decided")."""
    if i == 0 or j >= len(toks) or toks[i - 1].words != ("the",) or toks[j].words != ("of",):
        return ()
    return tuple(e for e in entries if e.kind == "office" and not e.exact)


def _yields(text: str, toks: list[Tok], lex: Lexicon, i: int, j: int) -> bool:
    """'Secretariat of the CSTO' must not swallow 'Secretariat of the CSTO Parliamentary Assembly':
    a name ending in 'of the X' gives way when a longer name starts at X."""
    for p in range(i + 1, j - 1):
        if toks[p].words != ("of",):
            continue
        q = p + 2 if toks[p + 1].words == ("the",) else p + 1
        longest = lex.first_words.get(toks[q].words[0] if toks[q].words else "", 0) if q < j else 0
        for end in range(min(len(toks), q + longest), j, -1):
            if any(not glued(text, toks[k], toks[k + 1]) for k in range(q, end - 1)):
                continue
            hits = lex.lookup(lex.key_of([w for t in toks[q:end] for w in t.words]), ("org", "body"))
            if any(case_ok(e, text[toks[q].start:toks[end - 1].end]) for e in hits):
                return True
    return False


# A unit that several entries claim takes the kind that matters most for what follows it.
_PRIORITY = ["office", "org", "body", "state", "anaphor", "rank", "honorific", "modifier", "adjective", "city"]


def _kind(entries: tuple[Entry, ...]) -> str:
    kinds = {e.kind for e in entries}
    if "org" in kinds and "body" in kinds:
        return "body"  # "Secretariat": a bare body, whose organization the context tells
    return next((k for k in _PRIORITY if k in kinds), entries[0].kind)
