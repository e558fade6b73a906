"""Mentions in one item: the people, organizations, places and offices it names.

    analyze(item, profile, doc=None) -> Analysis (an ItemAnalysis, with how each name was read)

Sources, in order of trust:
- the profile's names (organizations and their bodies, acronyms, states, offices, ranks);
- titles: a name written after an office ("CSTO Secretary General Ivan Petrenko",
  "President of the Republic of Moldova Ana Rusu"), after an honorific
  ("Ms. Helen Carter"), or before one in apposition ("Pavel Orlov, Director of ...");
- spaCy's PERSON, GPE and LOC spans, cleaned of titles and of the profile's names;
- organization phrases built on head nouns ("Military Institute of the Ministry of Defence of ...").
Ranks and honorifics are never part of a person's name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from communique.extract.analysis import ItemAnalysis
from communique.extract.documents import names_a_document
from communique.extract.events import names_an_event
from communique.extract.orgnames import ACRONYM_DEF, OrgRef, org_phrases
from communique.extract.tokens import (
    Tok,
    Unit,
    abbreviated,
    common_word,
    glue,
    glued,
    lexicon_units,
    tokenize,
)
from communique.model import Item, Mention, PartialDate
from communique.profiles import Profile
from communique.profiles.lexicon import Lexicon, lexicon

__all__ = ["Analysis", "OrgRef", "analyze", "context", "name_like"]

# Words that are never part of a person's name: a closed class of English function words,
# calendar words, and nouns that name documents and events.
STOP_WORDS = frozenset("""
the a an and or of for on in at to by with from under into over as this that these those his her their its our
on in at during today yesterday tomorrow also besides moreover furthermore however meanwhile following after
before within among according upon earlier later then here there when where while since until dear thank
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
statement declaration decision agreement treaty convention charter plan programme program memorandum resolution
protocol concept strategy report roadmap road map day year week month meeting session summit conference forum
exercise exercises training trainings operation award press release news photo video read more go back section
announcement article entries date title english french russian ukrainian
member members states state heads head leaders delegation delegations participants minister ministers
republic federation kingdom president secretary general deputy chairman chief director office officer
message anniversary briefing visit ceremony communique communiqué document documents remarks speech agenda
""".split())

# A statistical model's named entities: (start, end, label) in an item's text.
Entities = tuple[tuple[int, int, str], ...]

# Lower-case words that may stand inside a person's name.
NAME_PARTICLES = frozenset({"de", "da", "dos", "van", "von", "der", "bin", "ibn", "al", "el", "ul", "la", "le", "di",
                            "Al", "El", "Bin", "Ibn"})  # "Hamad bin Said Al Busaidi"
# Turkic words for "son of" / "daughter of" that close a name ("Nurlanbek Turgunbek uulu").
_PATRONYMIC_CLOSERS = frozenset({"uulu", "kyzy", "ogly", "oglu", "qizi", "kizi", "gyzy", "ugli"})


@dataclass(frozen=True)
class Analysis(ItemAnalysis):
    """ItemAnalysis plus how each organization mention was read (for resolution)."""

    org_refs: tuple[tuple[tuple[int, int], OrgRef], ...] = ()
    # Sentences with name-like words that neither the profile nor the rules could place: where
    # the statistical model (extract.nlp) may still find a person or a place.
    unread: tuple[tuple[int, int], ...] = ()

    @cached_property
    def _refs(self) -> dict[tuple[int, int], OrgRef]:
        return dict(self.org_refs)

    def org_ref(self, mention: Mention) -> OrgRef | None:
        return self._refs.get((mention.start, mention.end))


@dataclass
class _Ctx:
    """Everything about one item that the passes share."""

    text: str
    toks: list[Tok]
    units: list[Unit]
    lex: Lexicon
    unit_at: dict[int, int]  # token index -> index of the unit that holds it
    glues: list[bool]  # glues[k]: token k is glued to token k + 1

    @cached_property
    def thing_names(self) -> set[int]:
        """_thing_names, once per item (each reading of it asks: with and without the model's entities)."""
        return _thing_names(self)

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.toks]

    @cached_property
    def _ends(self) -> list[int]:
        return [t.end for t in self.toks]

    def token_starting(self, offset: int) -> int | None:
        """The index of the token that starts at `offset`, if one does (by bisection)."""
        k = bisect_left(self._starts, offset)
        return k if k < len(self.toks) and self._starts[k] == offset else None

    def token_ending(self, offset: int) -> int | None:
        """The index of the token that ends at `offset`, if one does."""
        k = bisect_left(self._ends, offset)
        return k if k < len(self.toks) and self._ends[k] == offset else None

    def surface(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.toks[j - 1].end]

    def unit(self, tok_index: int) -> Unit | None:
        k = self.unit_at.get(tok_index)
        return self.units[k] if k is not None else None

    def word(self, i: int) -> str:
        return self.toks[i].text.lower() if 0 <= i < len(self.toks) else ""

    def joined(self, i: int) -> bool:
        """Is token i glued to token i + 1?"""
        return 0 <= i < len(self.glues) and self.glues[i]


def _index_units(units: list[Unit]) -> dict[int, int]:
    return {t: k for k, u in enumerate(units) for t in range(u.i, u.j)}


# --- person names -------------------------------------------------------------------------------

def name_like(tok: Tok) -> bool:
    """A word that may be part of a person's name: capitalized, not all capitals, not a stop word."""
    t = tok.text
    if not t[:1].isupper() or any(c.isdigit() for c in t):
        return False
    if t.isupper() and len(t) > 2:
        return False
    return t.lower() not in STOP_WORDS


def _capital_surname(ctx: _Ctx, j: int) -> bool:
    """Is token j a surname set in capitals ("ZAS", "ZHAKSYLYKOV"): letters only, no name the
    profile knows (an acronym), no English word written in capitals ("AND", "NEWS")?"""
    t = ctx.toks[j].text
    if not (t.isupper() and t.isalpha() and len(t) >= 3):
        return False
    u = ctx.unit(j)
    return (u is None or u.kind == "word") and not common_word(t.lower())


def _is_initial(ctx: _Ctx, i: int) -> bool:
    """'S.' in 'S. Karimov', 'Kh.' in 'Kh.M.Rasulzoda'."""
    tok = ctx.toks[i]
    if not (len(tok.text) <= 2 and tok.text[0].isupper() and (len(tok.text) == 1 or tok.text[1].islower())):
        return False
    return ctx.text[tok.end:tok.end + 1] == "."


def _plain(ctx: _Ctx, i: int) -> bool:
    u = ctx.unit(i)
    return u is not None and u.kind == "word"


# Letters written after a name for an honour, a degree or a seat (a closed class of English usage).
_POSTNOMINALS = frozenset({"KC", "QC", "SC", "MP", "MEP", "MSP", "JP", "OBE", "CBE", "MBE", "KBE", "DBE", "CMG",
                           "KCMG", "GCMG", "PhD"})


def name_span(ctx: _Ctx, i: int, max_words: int = 4) -> int:
    """End (exclusive token index) of a person's name starting at token i, or i if none."""
    j, words, initials = i, 0, 0
    n = len(ctx.toks)
    while j < n:
        hyphen = j > i and ctx.text[ctx.toks[j - 1].end:ctx.toks[j].start] in ("-", "\u2010", "\u2011")
        if words >= max_words and not hyphen:
            break
        if j > i and not ctx.joined(j - 1):
            break
        if not _plain(ctx, j):
            break
        tok = ctx.toks[j]
        if _is_initial(ctx, j) and initials < 3 and (j + 1 < n):
            initials += 1
            j += 1
            continue
        if tok.text in NAME_PARTICLES and j > i and j + 1 < n and name_like(ctx.toks[j + 1]):
            j += 1
            continue
        if words >= 2 and tok.text in _PATRONYMIC_CLOSERS:
            j += 1
            break
        if words and tok.text in _POSTNOMINALS:
            break  # "Patricia Scotland KC": letters after a name are no part of it
        if words and tok.text.islower() and len(tok.text) <= 3 and tok.text != "s" \
                and ctx.text[ctx.toks[j - 1].end:tok.start] in ("'", "\u2019"):
            j += 1  # "Ndung'u", "Ng'ang'a": a name's part after an apostrophe (not the possessive 's)
            continue
        if words and _capital_surname(ctx, j):
            words += 1  # "Stanislav ZAS": a surname set in capitals, after the given name
            j += 1
            continue
        if not name_like(tok) or ctx.lex.is_head(tok.text, plural=True):
            break
        words += not hyphen  # a double-barrelled name is one word of a name ("Nana Addo Dankwa Akufo-Addo")
        j += 1
    if words == 0:
        return i
    return j


def _after_titles(ctx: _Ctx, i: int) -> int:
    """Skip ranks and honorifics: 'Colonel General', 'H.E. Mr.', 'Amb.'."""
    while i < len(ctx.toks):
        u = ctx.unit(i)
        if u is None or u.kind not in ("rank", "honorific") or u.i != i:
            break
        nxt = u.j
        if nxt < len(ctx.toks) and not glued(ctx.text, ctx.toks[u.j - 1], ctx.toks[nxt]):
            break
        i = nxt
    return i


def _skip_qualifier(ctx: _Ctx, i: int) -> int:
    """After an office: 'of the Republic of Belarus', 'of the SCO RATS', 'to the CSTO', '(SCO RATS)'."""
    n = len(ctx.toks)
    while i < n:
        w = ctx.word(i)
        if w in ("of", "to") and ctx.joined(i - 1) and ctx.joined(i):
            k = i + 1
            if ctx.word(k) == "the" and ctx.joined(k):
                k += 1
            for _ in range(2):  # "of the 57-nation OSCE"
                if k < n and not ctx.toks[k].cap and ctx.word(k) not in ("of", "and", "the") and ctx.joined(k):
                    k += 1
            end = _qualifier_body(ctx, k)
            if end == k:
                return i
            i = _acronym_after(ctx, end)
            continue
        return i
    return i


def _acronym_after(ctx: _Ctx, end: int) -> int:
    """Past the acronym a qualifier defines in parentheses: '... Community (SADC), Elias Magosi'."""
    if end >= len(ctx.toks):
        return end
    m = ACRONYM_DEF.match(ctx.text, ctx.toks[end - 1].end)
    if m and ctx.toks[end].start == m.start(1) and ctx.toks[end].end == m.end(1):
        return end + 1
    return end


def _qualifier_body(ctx: _Ctx, k: int) -> int:
    """Organizations, states, bodies and head-noun phrases, as long as they run on."""
    n = len(ctx.toks)
    end = k
    while end < n:
        u = ctx.unit(end)
        if u is None:
            break
        if u.kind in ("org", "body", "state", "anaphor", "adjective", "city"):
            end = u.j
        elif u.kind == "word" and ctx.toks[end].cap and not ctx.toks[end].upper and ctx.lex.is_head(ctx.toks[end].text, held=True):
            end += 1
        elif u.kind == "word" and ctx.word(end) in ("of", "and", "for", "on", "the") and end > k:
            nxt = end + 1 if ctx.word(end + 1) != "the" else end + 2
            nu = ctx.unit(nxt)
            if not ctx.joined(end):
                break
            if nu is None or nu.kind not in ("org", "body", "state", "anaphor"):
                # "Cabinet of Ministers of Uzbekistan": capitalised words closed by "of" and a state
                # or organization are the body's complement
                p = nxt
                while p < n and p - nxt < 4 and ctx.toks[p].cap and ctx.unit(p) is not None \
                        and ctx.unit(p).kind == "word" and ctx.joined(p):
                    p += 1
                q = p + 1 + (ctx.word(p + 1) == "the")
                qu = ctx.unit(q)
                if p == nxt or ctx.word(p) != "of" or qu is None or qu.i != q or qu.kind not in ("org", "state"):
                    break
                nxt = p
            end = nxt
        elif u.kind == "word" and ctx.toks[end].cap and _runs_to_head(ctx, end):
            end += 1
        else:
            break
        if end < n and not ctx.joined(end - 1):
            break
    return end


def _runs_to_head(ctx: _Ctx, i: int) -> bool:
    """Is capitalized token i followed (within a few glued words) by an organization head noun?"""
    for k in range(i, min(i + 6, len(ctx.toks))):
        tok = ctx.toks[k]
        u = ctx.unit(k)
        if u is not None and u.kind == "body":
            return True
        if not tok.cap and ctx.word(k) not in ("and", "of", "for", "on"):
            return False
        if tok.cap and ctx.lex.is_head(tok.text, held=True):  # an office's qualifier: "... of the X Forum"
            return True
        if not ctx.joined(k):
            return False
    return False


# Between the names of a list: "A, B and C", "A and B".
LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# After a name in a list: its state in parentheses, then the gap before the next name.
_LISTED = re.compile(r"(?:\s*\([^()\n]{2,40}\))?(?:" + LIST_GAP.pattern + ")")


def _titled_names(ctx: _Ctx, spacy_people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names written after an office (and its qualifier, rank, honorific) or after an honorific."""
    found: list[tuple[int, int]] = []
    for u in ctx.units:
        if u.kind == "office":
            k = _skip_qualifier(ctx, u.j)
            remit = _remit(ctx, k)
            if remit is not None and remit[1] is not None:
                found.append(remit[1])
                continue
            span = _name_after(ctx, u, remit[0] if remit is not None else k, spacy_people)
            if span:
                found.append(span)
        elif u.kind == "honorific" and ctx.toks[u.i].cap:
            k = _after_titles(ctx, u.i)
            end = name_span(ctx, k)
            if end > k:
                found.append((k, end))
        elif u.kind == "rank" and ctx.toks[u.i].cap and (span := _full_name(ctx, u.i)) is not None:
            # "... of Belarus Major General Ivan Orlov": a rank before a full name is a person's;
            # two words at least, so that a rank word opening a name of a thing is not one
            found.append(span)
    pattern, _ = ctx.lex.plural_offices
    heads = ctx.lex.plural_heads
    spots = [t for t in ctx.toks if t.text.lower() in heads] if pattern is not None else []
    # the big alternation scans only around the item's plural words, not the whole text
    matches = {m.span(): m for t in spots for m in pattern.finditer(ctx.text, max(0, t.start - 60), t.end + 60)}
    for m in matches.values():
        # "Foreign Ministers A (X) and B (Y)", "Deputy Secretaries General A and B": the names
        # listed under a plural title
        k = ctx.token_ending(m.end())
        nxt = k + 1 if k is not None and k + 1 < len(ctx.toks) and ctx.joined(k) else None
        while nxt is not None and (span := _full_name(ctx, nxt)) is not None:
            found.append(span)
            gap = _LISTED.match(ctx.text, ctx.toks[span[1] - 1].end)
            nxt = ctx.token_starting(gap.end()) if gap else None
    return found


_REMIT_GLUE = frozenset({"and", "of", "the", "in", "on"})
# The rest of a remit written as a list, up to the holder: ", Tariffs and Trade, A", "..., Tariffs and
# Trade Amb. A".
REMIT_LIST = re.compile(r",\s+((?:[A-Z][\w'\u2019-]*\s+){0,3}and\s+[A-Z][\w'\u2019-]*)(?:,\s|\s+(?=[A-Z]))")


def _remit(ctx: _Ctx, k: int) -> tuple[int, tuple[int, int] | None] | None:
    """An office's remit: "Under-Secretary-General for Counter-Terrorism", "Commissioner for Peace
    and Security". Where it ends, and the name run on after it, if one is: the run's last two
    words when they are no English words' ("... for Counter-Terrorism Ivan Orlov"), as after a
    body's name; else None for the name (a comma, or nothing, follows the remit)."""
    if ctx.word(k) not in ("for", "on") or not ctx.joined(k - 1) or not ctx.joined(k):
        return None
    i = k + 1 + (ctx.word(k + 1) == "the")
    j = i
    while j < len(ctx.toks) and (ctx.toks[j].cap or (j > i and ctx.word(j) in _REMIT_GLUE)) and ctx.unit(j) is not None \
            and ctx.unit(j).kind == "word":
        if not ctx.joined(j):
            j += 1
            break
        j += 1
    while j > i and ctx.word(j - 1) in _REMIT_GLUE:
        j -= 1
    if j == i or not ctx.toks[i].cap:
        return None
    more = REMIT_LIST.match(ctx.text, ctx.toks[j - 1].end)
    if more and all(common_word(w) for w in re.findall(r"[A-Z][\w'\u2019-]*", more.group(1))):
        # "Commissioner for Customs, Tariffs and Trade, A": the remit is a list
        last = ctx.token_ending(more.end(1))
        if last is not None:
            return last + 1, None  # past the list: the name follows
    name = _name_closing(ctx, i - 1, j) if j - i >= 3 else None
    return (name[0] if name else j), name


def _full_name(ctx: _Ctx, k: int) -> tuple[int, int] | None:
    """A full name (two words at least, not closing on a head noun) at token k, past the ranks and
    honorifics written before it."""
    start = _after_titles(ctx, k)
    end = name_span(ctx, start)
    return (start, end) if end - start >= 2 and not _ends_in_head(ctx, end) else None


def _name_after(ctx: _Ctx, office: Unit, k: int, spacy_people: list[tuple[int, int]]) -> tuple[int, int] | None:
    if k < len(ctx.toks) and k > office.i and not ctx.joined(k - 1):
        # "Secretary General of the Council of Europe, Anna Berg said": a comma, then two words;
        # a staff list's "Director General: Tomasz Wierzbicki"
        if ctx.text[ctx.toks[k - 1].end:ctx.toks[k].start].strip() not in (",", "),", ":"):
            return None
        return _full_name(ctx, k)
    start = _after_titles(ctx, k)
    if start >= len(ctx.toks) or (start > 0 and not ctx.joined(start - 1)):
        return None
    if start > 0 and _plain(ctx, start - 1) and ctx.toks[start - 1].cap:
        # a head-noun qualifier may end in a capitalized complement ("... Academy of Sciences"):
        # trust spaCy's person there
        for a, b in spacy_people:
            if start <= a <= start + 6 and all(ctx.joined(t) for t in range(start - 1, a)):
                return (a, b)
    if office.entries and ctx.lex.profile.office(office.entries[0].target) is not None:
        spec = ctx.lex.profile.office(office.entries[0].target)
        if spec is not None and spec.regnal:
            return _regnal_name(ctx, start)
    end = name_span(ctx, start)
    if end == start:
        end = _capitals_name(ctx, start)
    if end == start:
        return None
    if start > 0 and ctx.word(start - 1) in ("of", "for", "on") and end - start >= 3:
        start += 1  # "... Academy of Sciences Pavel Orlov": the first word closes the qualifier
    return start, end


def _capitals_name(ctx: _Ctx, start: int) -> int:
    """End of a name written in capitals right after a title ("Secretary-General ONG KENG YONG"):
    two to four capitalised words that are no acronym the profile knows, else `start`."""
    k = start
    while k < len(ctx.toks) and k - start < 4 and _plain(ctx, k) and ctx.toks[k].text.isupper() \
            and ctx.toks[k].text.isalpha() and len(ctx.toks[k].text) >= 2 and (k == start or ctx.joined(k - 1)):
        k += 1
    return k if k - start >= 2 and (k == len(ctx.toks) or not ctx.toks[k].text.isupper()) else start


def _ends_in_head(ctx: _Ctx, end: int) -> bool:
    return end < len(ctx.toks) and ctx.joined(end - 1) and ctx.lex.is_head(ctx.toks[end].text)


def _regnal_name(ctx: _Ctx, start: int) -> tuple[int, int] | None:
    """'Queen Sofia of Norway': one given name, and the realm when it is written."""
    if not name_like(ctx.toks[start]):
        return None
    end = start + 1
    if ctx.word(end) == "of" and ctx.joined(start) and ctx.joined(end):
        u = ctx.unit(end + 1)
        if u is not None and u.kind == "state":
            end = u.j
    return start, end


# Words of a fresh appointment that may stand between a name and its title in apposition.
_NEWLY = frozenset({"new", "newly", "appointed", "elected", "incoming", "recently", "current"})


def _apposition_names(ctx: _Ctx) -> list[tuple[int, int]]:
    """'Pavel Orlov, Director of ...', 'Ivan Petrenko, the CSTO Secretary General', 'S.A. Orlov - President of X'."""
    found = []
    n = len(ctx.toks)
    for i in range(n):
        if i > 0 and ctx.joined(i - 1) and name_like(ctx.toks[i - 1]):
            continue
        end = name_span(ctx, i)
        if end - i < 2 or end >= n:
            continue
        gap = ctx.text[ctx.toks[end - 1].end:ctx.toks[end].start]
        if gap.strip() != "," and not (gap.strip() in ("-", "\u2013", "\u2014") and gap[:1].isspace() and gap[-1:].isspace()):
            continue  # "A B, Title ..." or "A.B. Name - Title ..."
        k = end + 1 if ctx.word(end) == "the" else end
        while k < n and ctx.word(k) in _NEWLY:  # "X, the newly appointed Chairman of ...", "X, new Secretary General"
            k += 1
        while k < n and ctx.unit(k) is not None and ctx.unit(k).kind in ("org", "state", "adjective", "modifier"):
            k = ctx.unit(k).j
        u = ctx.unit(k)
        if u is not None and u.kind == "office" and u.i == k:
            found.append((i, end))
    return found


_PEERAGE = frozenset({"Lord", "Lady", "Baroness", "Baron"})


def _peers(ctx: _Ctx, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Lord Robertson': a peer is known by title and name; the surname alone would be dropped
    as a name that fits no full one."""
    return [(a - 1, b) if b - a == 1 and a > 0 and ctx.toks[a - 1].text in _PEERAGE and ctx.joined(a - 1)
            else (a, b) for a, b in spans]


# "in an interview with RIA Novosti", "told the BelTA news agency": who an interview is given to.
_OUTLET_CUE = re.compile(r"\b(?:interviews?|interviewed|told|said to)\s+(?:(?:with|to|for|by)\s+)?(?:the\s+)?(?=[A-Z])")


def _outlets(ctx: _Ctx, taken: list[tuple[int, int]]) -> list[tuple[int, int, OrgRef]]:
    """The media an interview is given to: one to three capitalised words after the cue that are
    no one's name and no name read already (a news agency, a newspaper, a channel)."""
    out = []
    for m in _OUTLET_CUE.finditer(ctx.text):
        k = ctx.token_starting(m.end())
        if k is None or any(a <= k < b for a, b in taken):
            continue
        j = k
        while j < len(ctx.toks) and j - k < 3 and _plain(ctx, j) and ctx.toks[j].cap and (j == k or ctx.joined(j - 1)):
            j += 1
        if j > k and not (j < len(ctx.toks) and ctx.joined(j - 1) and ctx.toks[j].cap):
            out.append((k, j, OrgRef(phrase=True)))
    return out


# A photo credit: "(OSCE/Anna Berg)", "(Photo: Anna Berg)".
_CREDIT = re.compile(r"\((?:[A-Z][\w.&-]*\s?/\s?|Photos?(?: by)?:?\s+)(?P<name>[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){1,2})\)")


def _credited(ctx: _Ctx) -> list[tuple[int, int]]:
    """The photographer a photo credit names."""
    out = []
    for m in _CREDIT.finditer(ctx.text):
        a, last = ctx.token_starting(m.start("name")), ctx.token_ending(m.end("name"))
        if a is not None and last is not None and all(_plain(ctx, k) and name_like(ctx.toks[k]) for k in range(a, last + 1)):
            out.append((a, last + 1))
    return out


def _patronymic_names(ctx: _Ctx) -> list[tuple[int, int]]:
    """Three name words with a patronymic among them are a person, in either order: 'Natalia
    Evgenievna Zorya', or surname first, 'Zorya Natalia Evgenievna' (lists of Russian-language
    sites). The patronymic is what makes capitals a name where no title stands before it."""
    from communique.resolve.people import is_patronymic

    found, toks = [], ctx.toks
    for k, tok in enumerate(toks):
        if not is_patronymic(tok.text) or not name_like(tok) or not _plain(ctx, k):
            continue
        if k >= 2 and all(_plain(ctx, j) and name_like(toks[j]) and ctx.joined(j) for j in (k - 2, k - 1)):
            found.append((k - 2, k + 1))  # surname first
        elif 1 <= k < len(toks) - 1 and all(_plain(ctx, j) and name_like(toks[j]) for j in (k - 1, k + 1)) \
                and ctx.joined(k - 1) and ctx.joined(k):
            found.append((k - 1, k + 2))
    return found


def _addressed(ctx: _Ctx, a: int, b: int) -> bool:
    """'Viktor Nikolaevich, what are ...': a given name and a patronymic alone are how someone
    named in full elsewhere is addressed (an interview's question), no name of a new person."""
    from communique.resolve.people import is_patronymic

    if b - a != 2 or not is_patronymic(ctx.toks[a + 1].text) or ctx.toks[a + 1].text.isupper():
        return False  # ("Mikhail Myasnikovich" is a surname: only a question's address is read so)
    end = ctx.toks[b - 1].end
    stop = re.search(r"[.!?](?:\s|$)", ctx.text[end:end + 300])
    return stop is not None and stop.group().startswith("?") and ctx.text[end:end + 1] in (",", "?")


def _name_closing(ctx: _Ctx, a: int, b: int) -> tuple[int, int] | None:
    """'Head of the Department for Countering Maritime Threats Pavel Dobrynov opened ...': a
    person's name run on after a body's name with nothing between (the model reads the run as the
    body's name). Its last two words are the name when both are capitalised words the lexicon
    does not know, after a capitalised word of the body, and the last is no English word: the
    words of a body's name are English ("Maritime Threats"), a surname seldom is."""
    s = b - 2
    if s - a < 2 or not ctx.toks[s - 1].cap or not ctx.joined(s - 1) or not ctx.joined(s):
        return None
    for k in (s, s + 1):
        u = ctx.unit(k)
        if u is None or u.kind != "word" or not _plain(ctx, k) or not name_like(ctx.toks[k]) \
                or ctx.toks[k].upper or ctx.lex.is_head(ctx.toks[k].text, plural=True):
            return None
    return (s, b) if not common_word(ctx.toks[s + 1].text) else None


def _coordinated(ctx: _Ctx, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'attended by Kairat Umarov and Bakhtiyor Saidov': a name joined by "and" or a comma to a
    person's name is a person's too, when it is two or three capitalised words no lexicon knows and
    its last word is no English word (the model often reads the first name of a pair only)."""
    found = set(people)
    todo = list(people)
    while todo:
        a, b = todo.pop()
        gap = LIST_GAP.match(ctx.text, ctx.toks[b - 1].end)
        nxt = ctx.token_starting(gap.end()) if gap else None
        if nxt is None or any(x <= nxt < y for x, y in found):
            continue
        end = name_span(ctx, nxt, max_words=3)
        if end - nxt >= 2 and all(ctx.unit(t) is not None and ctx.unit(t).kind == "word" and not ctx.toks[t].upper
                                  for t in range(nxt, end)) \
                and not common_word(ctx.toks[end - 1].text) and not _ends_in_head(ctx, end):
            found.add((nxt, end))
            todo.append((nxt, end))
    return sorted(found)


def _token_range(ctx: _Ctx, start_char: int, end_char: int) -> tuple[int, int] | None:
    """The tokens of ours that a spaCy span covers."""
    inside = [k for k, t in enumerate(ctx.toks) if t.start >= start_char and t.end <= end_char]
    return (inside[0], inside[-1] + 1) if inside else None


def _model_people(ctx: _Ctx, ents: Entities) -> list[tuple[int, int]]:
    """The model's PERSON spans as token ranges, with titles, adverbs and the profile's names trimmed off."""
    out = []
    for start, end, label in ents:
        if label == "ORG":
            span = _token_range(ctx, start, end)
            if span and _person_read_as_org(ctx, *span):
                out.append(span)
            continue
        if label != "PERSON":
            continue
        span = _token_range(ctx, start, end)
        if span and _named_thing_before(ctx, span[0]):
            continue
        if span:
            trimmed = _trim_person(ctx, *span)
            if trimmed:
                out.append(trimmed)
    return out


def _person_read_as_org(ctx: _Ctx, a: int, b: int) -> bool:
    """Is a span the model calls an organization a person's name ("Imangali Tasmagambetov noted
    ...", passed on by extract.nlp only so)? Two or three capitalized words, none an English word,
    a head noun or a name the profile knows. A body's name holds a head noun or an English word."""
    if not 2 <= b - a <= 3:
        return False
    for k in range(a, b):
        u, tok = ctx.unit(k), ctx.toks[k]
        if (u is not None and u.kind != "word") or not name_like(tok) or tok.text.isupper() \
                or common_word(tok.text.lower()) or ctx.lex.is_head(tok.text, plural=True):
            return False
    return True


_FUNCTION_WORDS = frozenset({"and", "of", "the", "a", "an", "with", "by", "to", "from", "for", "on", "in", "at",
                             "as", "under", "during", "after", "before", "among"})


def _named_thing_before(ctx: _Ctx, i: int) -> bool:
    """'operation Desert Wind', 'exercise Northern Shield': a name given to a thing, not to a person."""
    if i == 0 or not ctx.joined(i - 1):
        return False
    word = ctx.toks[i - 1].text
    return word.islower() and word in STOP_WORDS and word not in _FUNCTION_WORDS


def _trim_person(ctx: _Ctx, a: int, b: int) -> tuple[int, int] | None:
    """Drop titles, ranks and known names at the start; keep at most four name words."""
    while a < b and not (_plain(ctx, a) and (name_like(ctx.toks[a]) or _is_initial(ctx, a))):
        u = ctx.unit(a)
        a = u.j if u is not None and u.j > a else a + 1
    if a >= b:
        return None
    end = name_span(ctx, a)
    if end <= a:
        return None
    if any(ctx.lex.is_head(t.text, plural=True) for t in ctx.toks[a:end]):
        return None
    return a, end


_LONG_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{3,}")


# Short words that title case leaves in lower case.
_TITLE_SMALL = _FUNCTION_WORDS | {"into", "onto", "over", "than", "that", "upon", "amid", "across", "about",
                                   "through", "within", "without", "toward", "towards", "versus", "from", "with", "via"}


def _title_case(line: str) -> bool:
    """A headline written in title case ("Secretary-General Anniversary Message Highlights Key Role
    of ..."): every longer word capitalised, so capitals there tell no name from a common noun."""
    words = [w for w in _LONG_WORD.findall(line) if w.lower() not in _TITLE_SMALL]
    return len(words) >= 5 and all(w[0].isupper() for w in words)  # "... Alymbay Sultanov spoke at ..." is no title case


def _unheadlined(ctx: _Ctx, title: str | None, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name read in a title-case headline counts only where the item writes its last word again
    under it (a real name in a headline is told in the text) or the profile knows it."""
    if not title or not ctx.text.startswith(title) or not _title_case(title):
        return spans
    rest = ctx.text[len(title):].replace(title, " ")  # the headline printed again is no telling
    out = []
    for a, b in spans:
        if ctx.toks[a].start < len(title) and ctx.unit(a) is not None and ctx.unit(a).kind == "word":
            if not re.search(rf"\b{re.escape(ctx.toks[b - 1].text)}\b", rest):
                continue
        out.append((a, b))
    return out


def _known_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, earliest first, the longest where two start together."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


# --- the item ----------------------------------------------------------------------------------

def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Lines (pages put headlines and datelines on lines of their own), cut at full stops."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            left = pos + (len(line) - len(line.lstrip()))
            bounds.extend(_split_plain(text, left, pos + len(line.rstrip())))
        pos += len(line) + 1
    return tuple(bounds)


_STOP = re.compile(r"[.!?][\"\u201d\u00bb)]? +")


def _split_plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One line cut at full stops before a capital (when the model did not parse the item): a stop
    after an initial or a common abbreviation ('S. Karimov', 'Gen. Petrov') ends nothing."""
    out, pos = [], start
    for m in _STOP.finditer(text, start, end):
        k = m.end()
        first = k + 1 if k < end - 1 and text[k] in "\"\u201c\u00ab(" else k
        if first >= end or not text[first].isupper() or m.start() - pos <= 3:
            continue
        if abbreviated(text, m.start(), pos):
            continue
        out.append((pos, m.end() - len(m.group()) + len(m.group().rstrip())))
        pos = k
    out.append((pos, end))
    return out


def anchor_date(item: Item, text: str) -> PartialDate | None:
    """The day a dateline at the top of the text gives ("Lome, 29 July 2018: ..."), else the
    item's printed date, else the first full date its text gives (a range gives its start)."""
    from communique.extract.dates import dateline_date, first_full_date

    return dateline_date(text, item.published) or item.published or first_full_date(text)


def _places(ctx: _Ctx, ents: Entities, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """States and cities the profile knows, and the model's GPE/LOC spans, outside other names."""
    spans = [(u.i, u.j) for u in ctx.units if u.kind in ("state", "city")]
    for start, end, label in ents:
        if label not in ("GPE", "LOC"):
            continue
        span = _token_range(ctx, start, end)
        if span is None:
            continue
        a, b = span
        while a < b and (ctx.word(a) == "the" or not ctx.toks[a].cap):
            a += 1
        if a < b and all(_plain(ctx, t) and ctx.toks[t].cap for t in range(a, b) if ctx.word(t) != "of"):
            spans.append((a, b))
    return [s for s in _known_spans(spans) if not any(s[0] < b and a < s[1] for a, b in taken)]


def context(item: Item, profile: Profile) -> _Ctx:
    """An item's tokens and the profile's names among them (what every reading of it shares)."""
    text = item.full_text
    lex = lexicon(profile)
    toks = tokenize(text)
    glues = glue(text, toks)
    units = lexicon_units(text, toks, lex, glues)
    return _Ctx(text, toks, units, lex, _index_units(units), glues)


def analyze(item: Item, profile: Profile, ents: Entities = (), ctx: _Ctx | None = None) -> Analysis:
    """Sentences, mentions (person, organization, place, office) and the anchor date of one item;
    `ents` are the model's (start, end, label) entities in item.full_text, where it was run;
    `ctx` the item's context() when the caller has it already."""
    ctx = context(item, profile) if ctx is None else ctx
    text, toks = ctx.text, ctx.toks
    model_people = _model_people(ctx, ents)
    people = _peers(ctx, _unheadlined(ctx, item.title, _known_spans(
        _titled_names(ctx, model_people) + _apposition_names(ctx) + _patronymic_names(ctx) + _credited(ctx)
        + model_people)))
    people = [span for span in _coordinated(ctx, people) if not _addressed(ctx, *span)]
    orgs = org_phrases(ctx, people)
    closing = [span for a, b, _ in orgs if (span := _name_closing(ctx, a, b)) is not None]
    if closing:
        people = sorted({*people, *closing})
        orgs = org_phrases(ctx, people)
    orgs += _outlets(ctx, people + [(a, b) for a, b, _ in orgs])
    org_spans = [(a, b) for a, b, _ in orgs]
    places = _places(ctx, ents, people + org_spans)
    offices = [(u.i, u.j) for u in _office_units(ctx) if not any(a <= u.i < b for a, b in org_spans)]

    def mention(a: int, b: int, kind: str) -> Mention:
        start, end = toks[a].start, toks[b - 1].end
        return Mention(item.id, start, end, text[start:end], kind)

    mentions = [mention(a, b, "person") for a, b in people]
    mentions += [mention(a, b, "organization") for a, b, _ in orgs]
    mentions += [mention(a, b, "place") for a, b in places]
    mentions += [mention(a, b, "office") for a, b in offices]
    mentions.sort(key=lambda m: (m.start, -m.end))
    refs = tuple(((toks[a].start, toks[b - 1].end), ref) for a, b, ref in orgs)
    sentences = _sentences(text)
    return Analysis(
        item=item, text=text, sentences=sentences, mentions=tuple(mentions),
        anchor=anchor_date(item, text), org_refs=refs,
        unread=_unread(ctx, sentences, people + org_spans + places + offices),
    )


# Tokens of context kept on each side of an unread word for the model (its window is a few
# tokens: the rest of a long sentence changes nothing in what it reads there).
MODEL_WINDOW = 8


def _unread(ctx: _Ctx, sentences: tuple[tuple[int, int], ...], read: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Stretches of text around name-like words outside every span read (other than a lone
    capital opening a sentence: 'Participants discussed ...'), MODEL_WINDOW tokens each side,
    within their sentence, overlapping stretches joined."""
    covered = {t for a, b in read for t in range(a, b)} | ctx.thing_names
    starts = {start for start, _ in sentences}
    out: list[tuple[int, int]] = []
    n = len(ctx.toks)
    for i, tok in enumerate(ctx.toks):
        if i in covered or not _plain(ctx, i) or not name_like(tok) or ctx.lex.is_head(tok.text):
            continue
        before = ctx.text[max(0, tok.start - 8):tok.start].rstrip()
        opening = tok.start in starts or tok.start < 8 and not before or before[-1:] in (".", "!", "?", ":", "\"", "\u201c", "(")
        follows = i + 1 < n and ctx.joined(i) and name_like(ctx.toks[i + 1]) and i + 1 not in covered
        if opening and not follows:
            continue
        s0, s1 = next(((a, b) for a, b in sentences if a <= tok.start < b), (tok.start, tok.end))
        lo = next(k for k in range(max(0, i - MODEL_WINDOW), i + 1) if ctx.toks[k].start >= s0)
        hi = next(k for k in range(min(n - 1, i + MODEL_WINDOW), i - 1, -1) if ctx.toks[k].end <= s1)
        span = (ctx.toks[lo].start, ctx.toks[hi].end)
        if out and span[0] <= out[-1][1] and out[-1][0] >= s0:
            out[-1] = (out[-1][0], max(out[-1][1], span[1]))
        else:
            out.append(span)
    return tuple(out)


_CONNECTORS = frozenset({"of", "on", "for", "and", "the", "in", "against"})


def _thing_names(ctx: _Ctx) -> set[int]:
    """Tokens of capitalized phrases (lower-case connectors inside) that a document's kind, an
    event's noun or an organization's head word heads: 'Action Plan', 'Memorandum of Understanding',
    'Round Table on Border Management', 'Caspian Partnership Organization'. Their capitals are
    that thing's name, neither a person's nor a place's; the model is not asked about them
    (on generated news, two in five of the stretches it was given were only such names)."""
    def head(tok: Tok) -> bool:
        return ctx.lex.is_head(tok.text) or names_a_document(tok.text) or names_an_event(tok.text)

    def continues(run: list[int], tok: Tok) -> bool:
        last = ctx.toks[run[-1]]
        if not ctx.joined(run[-1]):
            return False
        if not tok.cap:
            return tok.text in _CONNECTORS
        # After a head or an acronym, a capital opens another name ('... of the Joint Staff Zarina Kadyrova')
        return not (last.cap and (last.upper or head(last)))

    out: set[int] = set()
    run: list[int] = []
    for i in range(len(ctx.toks) + 1):
        tok = ctx.toks[i] if i < len(ctx.toks) else None
        if tok is not None and run and continues(run, tok):
            run.append(i)
            continue
        while run and not ctx.toks[run[-1]].cap:
            run.pop()
        if len(run) > 1:
            phrase = ctx.text[ctx.toks[run[0]].start:ctx.toks[run[-1]].end]
            if any(head(ctx.toks[k]) for k in run) or names_a_document(phrase) or names_an_event(phrase):
                out.update(run)
        run = [i] if tok is not None and tok.cap else []
    return out


def _office_units(ctx: _Ctx) -> list[Unit]:
    """Office titles with the modifiers written before them ('First Deputy', 'Acting'). A title
    in lower case is one after "the" with its body after "of" ("the commander of the Forces"):
    English writes titles so; a lone "the president" is left out (any body's head)."""
    out = []
    for k, u in enumerate(ctx.units):
        if u.kind != "office" or not (ctx.toks[u.i].cap or (ctx.word(u.i - 1) == "the" and ctx.word(u.j) == "of")):
            continue
        i = u.i
        while k > 0 and ctx.units[k - 1].kind == "modifier" and ctx.joined(ctx.units[k - 1].j - 1):
            k -= 1
            i = ctx.units[k].i
        out.append(Unit(i, u.j, "office", u.entries))
    return out
