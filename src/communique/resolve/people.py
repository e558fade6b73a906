"""One entity per real person, from every way the pages write the name.

    cluster_people(mentions) -> [PersonCluster]

Names are compared on a transliteration key (y/i, ey/ei, kh/h, zh/j, x/ks, doubled letters,
a y between vowels: Yusupov ~ Iusupov, Andrei ~ Andrey, Nikolayevich ~ Nikolaevich,
Khasanov ~ Hasanov), with one edit of slack on long names. A patronymic is ignored; initials
("S. Karimov") and a surname alone ("Mr. Lindqvist") join the one full name that fits,
preferring one named in the same item, and are left alone when none or several fit.
Two people who share a surname but not a first name are never merged. Each merge records
its reason, for `communique explain`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from communique.model import Mention

__all__ = ["ParsedName", "PersonCluster", "cluster_people", "edit_distance", "is_patronymic", "parse_name",
           "translit_key"]

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                          "Æ": "AE", "ı": "i", "œ": "oe", "þ": "th", "ð": "d"})
_CYRILLIC_LOOKALIKE = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")
_VOWELS = "aeiou"
_PATRONYMIC = re.compile(r"(?:ovich|evich|ich|ovna|evna|ichna|inichna|ogly|oglu|uly|kyzy|qizi)$", re.I)


def is_patronymic(word: str) -> bool:
    """'Takhirovich', 'Evgenievna': a father's name, written between the given name and the surname
    or, surname first, last ('Zorya Natalia Evgenievna')."""
    return len(word) > 5 and _PATRONYMIC.search(word) is not None


def _ascii(text: str) -> str:
    text = text.translate(_SPECIAL).translate(_CYRILLIC_LOOKALIKE)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A spelling-blind key for one name word: 'Yusupov' and 'Iusupov' give the same."""
    w = re.sub(r"[^a-z]", "", _ascii(word).lower())
    for a, b in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("ck", "k"),
                 ("ch", "\x01"), ("c", "k"), ("q", "k"), ("\x01", "ch"), ("y", "i"), ("ou", "u")):
        w = w.replace(a, b)
    w = re.sub(r"(?<=[aeiou])i(?=[aeiou])", "", w)  # Nikolayevich ~ Nikolaevich, Karabayev ~ Karabaev
    w = re.sub(r"^i(?=[aeo])", "", w)  # Yevgeny ~ Evgeny
    w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters
    return w


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance (rapidfuzz), or limit + 1 once it exceeds `limit`."""
    return Levenshtein.distance(a, b, score_cutoff=limit)


@dataclass(frozen=True)
class ParsedName:
    surface: str
    given: str | None  # first given name (None when only initials or a surname are written)
    initials: tuple[str, ...]  # written initials ('Sh', 'J')
    surname: str | None
    full: bool  # a given name and a surname

    @property
    def given_key(self) -> str:
        return translit_key(self.given) if self.given else ""

    @property
    def surname_key(self) -> str:
        return translit_key(self.surname) if self.surname else ""


_INITIAL = re.compile(r"^([A-ZА-Я][a-zа-я]?)\.\s*")


def parse_name(surface: str) -> ParsedName:
    """'Kh.M.Rasulzoda' -> initials (Kh, M), surname Rasulzoda; patronymics are dropped."""
    rest = surface.strip()
    initials: list[str] = []
    while (m := _INITIAL.match(rest)) and len(rest) > m.end():
        initials.append(m.group(1))
        rest = rest[m.end():]
    if " of " in f" {rest} ":  # 'Sofia of Norway': a regnal name is one unit
        return ParsedName(surface, rest.split()[0], tuple(initials), rest, full=not initials)
    words = rest.split()
    if not words:
        return ParsedName(surface, None, tuple(initials), None, False)
    if len(words) == 3 and not initials and is_patronymic(words[2]) and not is_patronymic(words[1]):
        return ParsedName(surface, words[1], (), words[0], True)  # surname first: 'Zorya Natalia Evgenievna'
    words = [w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and _PATRONYMIC.search(w))]
    if initials or len(words) == 1:
        return ParsedName(surface, None, tuple(initials), words[-1], False)
    return ParsedName(surface, words[0], (), words[-1], True)


@dataclass
class PersonCluster:
    names: list[ParsedName] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def full_names(self) -> list[ParsedName]:
        return [n for n in self.names if n.full]

    def canonical(self) -> str:
        pool = self.full_names or self.names
        counts = Counter(n.surface for n in pool)
        first_seen = {s: k for k, s in reversed(list(enumerate(n.surface for n in pool)))}
        # a name some page prints in capitals ("ONG KENG YONG", "Stanislav ZAS") is written as any
        # other where one is, else in title case (the capitals stay an alias)
        best = max(counts, key=lambda s: (not _shouted(s), counts[s], len(s.split()) <= 3, -first_seen[s]))
        return " ".join(w.title() if w.isupper() and len(w) > 2 else w for w in best.split()) if _shouted(best) \
            else best

    def aliases(self) -> list[str]:
        name = self.canonical()
        return sorted({n.surface for n in self.names} - {name})

    def items(self) -> set[str]:
        return {m.item_id for m in self.mentions}

    def surname_keys(self) -> set[str]:
        return {n.surname_key for n in self.full_names}

    def given_keys(self) -> set[str]:
        return {n.given_key for n in self.full_names}


def _shouted(surface: str) -> bool:
    """Does a name hold a word set in capitals ("ZAS")?"""
    return any(w.isupper() and len(w) > 2 for w in surface.split())


def _same_word(a: str, b: str) -> bool:
    """Equal keys, or one edit apart on a long word."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and edit_distance(a, b, 1) <= 1


def _same_person(a: ParsedName, b: ParsedName) -> str | None:
    """Why two full names are one person, or None."""
    if a.surface == b.surface:
        return None
    if not (_same_word(a.surname_key, b.surname_key) and _same_word(a.given_key, b.given_key)):
        return None
    if a.surname_key == b.surname_key and a.given_key == b.given_key:
        return f"'{b.surface}' is '{a.surface}' in another transliteration (key {a.given_key} {a.surname_key})"
    return f"'{b.surface}' is '{a.surface}' written with one letter changed"


def _fits(short: ParsedName, cluster: PersonCluster) -> bool:
    """Does an initials or surname-only name fit the cluster's full names?"""
    if not any(_same_word(short.surname_key, k) for k in cluster.surname_keys()):
        return False
    if not short.initials:
        return True
    first = translit_key(short.initials[0])
    return any(g.startswith(first) for g in cluster.given_keys())


def _blocks(surname_key: str) -> set[str]:
    """Blocks a surname key is compared in. Any two keys _same_word joins share one: the key
    itself and, from 5 letters, the key with one letter deleted (two keys one edit apart delete
    to a common string). A block holds one surname and its one-letter variants, so the merges
    stay near linear (blocks by first or last two letters held most of a corpus's "-ov" names:
    quadratic at 100k pages)."""
    if len(surname_key) < 5:
        return {surname_key}
    return {surname_key} | {surname_key[:i] + surname_key[i + 1:] for i in range(len(surname_key))}


def _merge_full(clusters: list[PersonCluster]) -> list[PersonCluster]:
    merged: list[PersonCluster] = []
    distinct: list[dict[str, ParsedName]] = []  # per merged cluster: its full names, one per spelling
    index: dict[str, set[int]] = {}  # block -> positions in `merged`
    positions: dict[int, int] = {}  # id(cluster) -> its position in `merged`
    for c in clusters:
        home = None
        near = sorted({i for b in _blocks(c.names[0].surname_key) for i in index.get(b, ())})
        for i in near:
            for a in distinct[i].values():
                reason = _same_person(a, c.names[0])
                if reason:
                    home, why = merged[i], reason
                    break
            if home:
                break
        if home is None:
            merged.append(c)
            distinct.append({})
            home = c
        else:
            home.names += c.names
            home.mentions += c.mentions
            home.reasons.append(why)
        position = positions.setdefault(id(home), len(merged) - 1)
        for n in c.full_names:
            distinct[position].setdefault(n.surface, n)
            for b in _blocks(n.surname_key):
                index.setdefault(b, set()).add(position)
    return merged


def cluster_people(mentions: list[Mention]) -> tuple[list[PersonCluster], dict[tuple[str, int, int], int]]:
    """Clusters of person mentions, and for each mention (item, start, end) its cluster index."""
    by_surface: dict[str, PersonCluster] = {}
    short: list[tuple[Mention, ParsedName]] = []
    for m in mentions:
        p = parse_name(m.text)
        if p.full:
            c = by_surface.setdefault(m.text, PersonCluster())
            c.names.append(p)
            c.mentions.append(m)
        elif p.surname:
            short.append((m, p))
    clusters = _merge_full(list(by_surface.values()))
    leftovers: dict[str, PersonCluster] = {}
    place = _ShortPlacer(clusters)
    for m, p in short:
        k = place(m, p)
        if k is not None:
            target = clusters[k]
            if p.surface not in {n.surface for n in target.names}:
                how = "initials" if p.initials else "surname"
                target.reasons.append(f"'{p.surface}' ({how}) can only be '{target.canonical()}'"
                                      + (" in the same item" if m.item_id in place.items[k] else ""))
            target.names.append(p)
            target.mentions.append(m)
            place.items[k].add(m.item_id)
        elif p.initials:  # only initials are known: the person stands as written
            c = leftovers.setdefault(translit_key("".join(p.initials)) + "|" + p.surname_key, PersonCluster())
            if c.names and p.surface not in {n.surface for n in c.names}:
                c.reasons.append(f"'{p.surface}' is '{c.names[0].surface}' with other spacing")
            c.names.append(p)
            c.mentions.append(m)
    clusters += list(leftovers.values())
    index = {(m.item_id, m.start, m.end): k for k, c in enumerate(clusters) for m in c.mentions}
    return clusters, index


class _ShortPlacer:
    """The cluster an initials or surname-only name belongs to: the one that fits it in its own
    item, else the only one that fits it anywhere. Clusters are looked up by surname block (see
    _blocks) and their items kept as sets, updated as names join: at 100k pages, trying every
    cluster for every short name (and rebuilding each cluster's item set) took hours."""

    def __init__(self, clusters: list[PersonCluster]):
        self.clusters = clusters
        self.items = [c.items() for c in clusters]
        self.index: dict[str, set[int]] = {}
        for k, c in enumerate(clusters):
            for key in c.surname_keys():
                for b in _blocks(key):
                    self.index.setdefault(b, set()).add(k)

    def __call__(self, m: Mention, p: ParsedName) -> int | None:
        near = sorted({k for b in _blocks(p.surname_key) for k in self.index.get(b, ())})
        fits = [k for k in near if _fits(p, self.clusters[k])]
        local = [k for k in fits if m.item_id in self.items[k]]
        if len(local) == 1:
            return local[0]
        if not local and len(fits) == 1:
            return fits[0]
        return None
