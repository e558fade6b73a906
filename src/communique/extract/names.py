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
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from communique.dates import find_dates
from communique.extract.analysis import ItemAnalysis
from communique.extract.orgnames import OrgRef, org_phrases
from communique.extract.tokens import Tok, Unit, glued, lexicon_units, tokenize
from communique.model import Item, Mention, PartialDate
from communique.profiles import Profile
from communique.profiles.lexicon import Lexicon, lexicon

__all__ = ["Analysis", "OrgRef", "analyze", "add_known_names", "name_like"]

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
""".split())

# Lower-case words that may stand inside a person's name.
NAME_PARTICLES = frozenset({"de", "da", "dos", "van", "von", "der", "bin", "ibn", "al", "el", "ul", "la", "le", "di"})


@dataclass(frozen=True)
class Analysis(ItemAnalysis):
    """ItemAnalysis plus how each organization mention was read (for resolution)."""

    org_refs: tuple[tuple[tuple[int, int], OrgRef], ...] = ()

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

    def surface(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.toks[j - 1].end]

    def unit(self, tok_index: int) -> Unit | None:
        k = self.unit_at.get(tok_index)
        return self.units[k] if k is not None else None

    def word(self, i: int) -> str:
        return self.toks[i].text.lower() if 0 <= i < len(self.toks) else ""

    def joined(self, i: int) -> bool:
        """Is token i glued to token i + 1?"""
        return 0 <= i < len(self.toks) - 1 and glued(self.text, self.toks[i], self.toks[i + 1])


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


def _is_initial(ctx: _Ctx, i: int) -> bool:
    """'S.' in 'S. Karimov', 'Kh.' in 'Kh.M.Rasulzoda'."""
    tok = ctx.toks[i]
    if not (len(tok.text) <= 2 and tok.text[0].isupper() and (len(tok.text) == 1 or tok.text[1].islower())):
        return False
    return ctx.text[tok.end:tok.end + 1] == "."


def _plain(ctx: _Ctx, i: int) -> bool:
    u = ctx.unit(i)
    return u is not None and u.kind == "word"


def name_span(ctx: _Ctx, i: int, max_words: int = 4) -> int:
    """End (exclusive token index) of a person's name starting at token i, or i if none."""
    j, words, initials = i, 0, 0
    n = len(ctx.toks)
    while j < n and words < max_words:
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
        if not name_like(tok) or ctx.lex.is_head(tok.text):
            break
        words += 1
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
            i = end
            continue
        return i
    return i


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
        elif u.kind == "word" and ctx.toks[end].cap and not ctx.toks[end].upper and ctx.lex.is_head(ctx.toks[end].text):
            end += 1
        elif u.kind == "word" and ctx.word(end) in ("of", "and", "for", "on", "the") and end > k:
            nxt = end + 1 if ctx.word(end + 1) != "the" else end + 2
            nu = ctx.unit(nxt)
            if nu is None or nu.kind not in ("org", "body", "state", "anaphor") or not ctx.joined(end):
                break
            end = nxt
        elif u.kind == "word" and ctx.toks[end].cap and end > k and _runs_to_head(ctx, end):
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
        if tok.cap and ctx.lex.is_head(tok.text):
            return True
        if not ctx.joined(k):
            return False
    return False


def _titled_names(ctx: _Ctx, spacy_people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names written after an office (and its qualifier, rank, honorific) or after an honorific."""
    found: list[tuple[int, int]] = []
    for u in ctx.units:
        if u.kind == "office":
            k = _skip_qualifier(ctx, u.j)
            span = _name_after(ctx, u, k, spacy_people)
            if span:
                found.append(span)
        elif u.kind == "honorific" and ctx.toks[u.i].cap:
            k = _after_titles(ctx, u.i)
            end = name_span(ctx, k)
            if end > k:
                found.append((k, end))
    return found


def _name_after(ctx: _Ctx, office: Unit, k: int, spacy_people: list[tuple[int, int]]) -> tuple[int, int] | None:
    if k < len(ctx.toks) and k > office.i and not ctx.joined(k - 1):
        # "Secretary General of the Council of Europe, Anna Berg said": a comma, then two words
        if ctx.text[ctx.toks[k - 1].end:ctx.toks[k].start].strip() != ",":
            return None
        start = _after_titles(ctx, k)
        end = name_span(ctx, start)
        return (start, end) if end - start >= 2 and not _ends_in_head(ctx, end) else None
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
        return None
    if start > 0 and ctx.word(start - 1) in ("of", "for", "on") and end - start >= 3:
        start += 1  # "... Academy of Sciences Pavel Orlov": the first word closes the qualifier
    return start, end


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


def _apposition_names(ctx: _Ctx) -> list[tuple[int, int]]:
    """'Pavel Orlov, Director of ...', 'Ivan Petrenko, the CSTO Secretary General'."""
    found = []
    n = len(ctx.toks)
    for i in range(n):
        if i > 0 and ctx.joined(i - 1) and name_like(ctx.toks[i - 1]):
            continue
        end = name_span(ctx, i)
        if end - i < 2 or end >= n:
            continue
        if ctx.text[ctx.toks[end - 1].end:ctx.toks[end].start].strip() != ",":
            continue
        k = end + 1 if ctx.word(end) == "the" else end
        while k < n and ctx.unit(k) is not None and ctx.unit(k).kind in ("org", "state", "adjective", "modifier"):
            k = ctx.unit(k).j
        u = ctx.unit(k)
        if u is not None and u.kind == "office" and u.i == k:
            found.append((i, end))
    return found


_NOT_NAME_POS = frozenset({"ADV", "ADP", "DET", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "INTJ", "PART", "NUM"})


def _token_range(ctx: _Ctx, start_char: int, end_char: int) -> tuple[int, int] | None:
    """The tokens of ours that a spaCy span covers."""
    inside = [k for k, t in enumerate(ctx.toks) if t.start >= start_char and t.end <= end_char]
    return (inside[0], inside[-1] + 1) if inside else None


def _spacy_people(ctx: _Ctx, doc: Any) -> list[tuple[int, int]]:
    """spaCy PERSON spans as token ranges, with titles, adverbs and the profile's names trimmed off."""
    if doc is None:
        return []
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        lead = ent.start_char
        for tok in ent:
            if tok.pos_ not in _NOT_NAME_POS:
                break
            lead = tok.idx + len(tok.text)
        span = _token_range(ctx, lead, ent.end_char)
        if span and _named_thing_before(ctx, span[0]):
            continue
        if span:
            trimmed = _trim_person(ctx, *span)
            if trimmed:
                out.append(trimmed)
    return out


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


def _known_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, earliest first, the longest where two start together."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


# --- the item ----------------------------------------------------------------------------------

def _sentences(text: str, doc: Any) -> tuple[tuple[int, int], ...]:
    """spaCy's sentences cut again at line breaks (pages put headlines and datelines on lines)."""
    bounds: list[tuple[int, int]] = []
    pieces = _joined_sents(text, doc) if doc is not None else [(0, len(text))]
    for start, end in pieces:
        pos = start
        for line in text[start:end].split("\n"):
            if line.strip():
                left = pos + (len(line) - len(line.lstrip()))
                right = pos + len(line.rstrip())
                if doc is None:
                    bounds.extend(_split_plain(text, left, right))
                else:
                    bounds.append((left, right))
            pos += len(line) + 1
    return tuple(bounds)


def _joined_sents(text: str, doc: Any) -> list[tuple[int, int]]:
    """spaCy's sentences, re-joined where it cut a line without any full stop
    ('Deputy Head of the OSCE Mission | Tomas Varga took part')."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if out:
            prev_start, prev_end = out[-1]
            tail = text[prev_start:prev_end].rstrip()
            if "\n" not in text[prev_end:start] and tail and tail[-1] not in ".!?:;\"”»)…":
                out[-1] = (prev_start, end)
                continue
        out.append((start, end))
    return out


def _split_plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for k in range(start, end - 1):
        if text[k] in ".!?" and text[k + 1] == " " and k + 2 < end and text[k + 2].isupper() and k - pos > 3:
            out.append((pos, k + 1))
            pos = k + 2
    out.append((pos, end))
    return out


def anchor_date(item: Item, text: str) -> PartialDate | None:
    """The item's printed date, or the first full date its text gives (a range gives its start)."""
    if item.published is not None:
        return item.published
    try:
        from communique.extract.dates import first_full_date
    except ImportError:
        spans = find_dates(text)
        return spans[0].date if spans else None
    return first_full_date(text)


def _places(ctx: _Ctx, doc: Any, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """States and cities the profile knows, and spaCy's GPE/LOC spans, outside other names."""
    spans = [(u.i, u.j) for u in ctx.units if u.kind in ("state", "city")]
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC"):
                continue
            span = _token_range(ctx, ent.start_char, ent.end_char)
            if span is None:
                continue
            a, b = span
            while a < b and (ctx.word(a) == "the" or not ctx.toks[a].cap):
                a += 1
            if a < b and all(_plain(ctx, t) and ctx.toks[t].cap for t in range(a, b) if ctx.word(t) != "of"):
                spans.append((a, b))
    return [s for s in _known_spans(spans) if not any(s[0] < b and a < s[1] for a, b in taken)]


def analyze(item: Item, profile: Profile, doc: Any = None) -> Analysis:
    """Sentences, mentions (person, organization, place, office) and the anchor date of one item."""
    text = item.full_text
    lex = lexicon(profile)
    toks = tokenize(text)
    units = lexicon_units(text, toks, lex)
    ctx = _Ctx(text, toks, units, lex, _index_units(units))
    spacy_people = _spacy_people(ctx, doc)
    people = _known_spans(_titled_names(ctx, spacy_people) + _apposition_names(ctx) + spacy_people)
    orgs = org_phrases(ctx, people)
    org_spans = [(a, b) for a, b, _ in orgs]
    places = _places(ctx, doc, people + org_spans)
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
    return Analysis(
        item=item, text=text, sentences=_sentences(text, doc), mentions=tuple(mentions),
        anchor=anchor_date(item, text), org_refs=refs,
    )


def _office_units(ctx: _Ctx) -> list[Unit]:
    """Office titles with the modifiers written before them ('First Deputy', 'Acting')."""
    out = []
    for k, u in enumerate(ctx.units):
        if u.kind != "office" or not ctx.toks[u.i].cap:
            continue
        i = u.i
        while k > 0 and ctx.units[k - 1].kind == "modifier" and ctx.joined(ctx.units[k - 1].j - 1):
            k -= 1
            i = ctx.units[k].i
        out.append(Unit(i, u.j, "office", u.entries))
    return out


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
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            span = (m.start(), m.end())
            if not any(span[0] < b and a < span[1] for a, b in taken):
                taken.append(span)
                extra.append(Mention(analysis.item.id, span[0], span[1], name, "person"))
    extra += _relatives(analysis, keep + extra, taken)
    if not extra and len(keep) == len(analysis.mentions):
        return analysis
    mentions = tuple(sorted((*keep, *extra), key=lambda m: (m.start, -m.end)))
    return Analysis(item=analysis.item, text=text, sentences=analysis.sentences, mentions=mentions,
                    anchor=analysis.anchor, org_refs=analysis.org_refs)


_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)?"


def _relatives(analysis: Analysis, mentions: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """'Nadia Rahimi' where the item names 'Omar Rahimi', 'Helen Carter' where it says 'Ms. Carter':
    a capitalized given name before a surname the item uses for a person."""
    surnames = {m.text.split()[-1] for m in mentions if m.kind == "person" and "." not in m.text}
    out = []
    for surname in surnames:
        if len(surname) < 3:
            continue
        for m in re.finditer(rf"\b({_NAME_WORD})\s+{re.escape(surname)}\b", analysis.text):
            given = m.group(1)
            span = (m.start(), m.end())
            if not given[:1].isupper() or given.lower() in STOP_WORDS or any(
                    span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            out.append(Mention(analysis.item.id, span[0], span[1], m.group(), "person"))
    return out
