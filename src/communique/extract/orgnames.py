"""Organization mentions: the profile's names, bodies named with their organization, and
phrases built on head nouns ("National Centre for Disaster Management of Mongolia").

    org_phrases(ctx, people) -> [(first token, end token, OrgRef)]

An OrgRef says how a mention was read, so that resolution can name it: a known organization,
a generic body of a named organization ("CICA Secretariat", "Secretariat of the CSTO
Parliamentary Assembly"), a bare body whose organization the item tells ("the Secretariat"),
an anaphor ("the Organization"), or a free phrase.

A phrase is modifiers, a head noun ("Institute", "Council", or a body the profile lists),
and complements after "of", "for", "on", "under": "Military Institute of the Ministry of
Defence of the Republic of Serbia". A capitalized word straight after the
head ends it ("ASEAN Secretariat Welcomes ..." in a headline); a head used as a modifier
("Security Council Secretaries") makes no organization; a name that runs on in lower case
("Joint Council of competent authorities ...") is not cut short into a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from communique.profiles.lexicon import acronym_word, initials

__all__ = ["ACRONYM_DEF", "OrgRef", "org_phrases"]

_CONNECTORS = ("of", "for", "on", "and", "under")
_MEMBERS = ("states", "nations", "countries")
# An acronym defined in parentheses after a name: "Southern African Development Community (SADC)".
ACRONYM_DEF = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")
_PAREN = re.compile(r"\s*\([^()\n]{1,24}\)\s+")
_QUOTED_NAME = re.compile(r"\s+(?:of\s+)?[\"'\u2018\u201c\u00ab]")
_ATOMS = ("org", "body", "anaphor", "state", "adjective", "city")



@dataclass(frozen=True)
class OrgRef:
    names: tuple[str, ...] = ()  # profile organizations the words name (best first)
    body: str | None = None  # a body's own words when its organization comes from elsewhere
    parents: tuple[str, ...] = ()  # the organization named with the body ("of the SCO", "CICA ...")
    state: str | None = None  # the state named with it ("Russian Ministry ...", "... of Belarus")
    anaphor: bool = False  # "the Organization", "the Alliance"
    phrase: bool = False  # built from head nouns rather than read from the profile
    defined_by: tuple[int, int] | None = None  # an acronym: the span of the name it abbreviates


# --- small predicates ---------------------------------------------------------------------------

def _ref_for_atom(unit: Any) -> OrgRef:
    if unit.kind == "anaphor":
        return OrgRef(names=tuple(dict.fromkeys(unit.targets("anaphor"))), anaphor=True)
    names = tuple(dict.fromkeys(unit.targets("org")))
    if unit.kind == "body":
        bodies = unit.targets("body")
        return OrgRef(names=names, body=bodies[0] if bodies else unit.entries[0].surface)
    return OrgRef(names=names)


def _is_cap_word(ctx: Any, k: int, barrier: set[int]) -> bool:
    from communique.extract.names import STOP_WORDS

    if k in barrier or k >= len(ctx.toks):
        return False
    tok = ctx.toks[k]
    u = ctx.unit(k)
    if u is None or u.kind not in ("word", "office") or not tok.cap:
        return False
    if tok.upper:  # an acronym the profile does not know, written before a body: "RCC Executive Committee",
        # or as the body's parent after "of the": "Border Service of the FSB of Russia"
        return _acronym_before_body(ctx, k) or (
            acronym_word(tok.text) and ctx.word(k - 1) == "the" and ctx.word(k - 2) == "of" and ctx.joined(k - 1)
            and (k + 1 >= len(ctx.toks) or not ctx.toks[k + 1].cap or not ctx.joined(k)))  # not "the FSB Askar Demir"
    return tok.text.lower() not in STOP_WORDS or _is_head(ctx, k) or _name_stop(ctx, k)


def _acronym_before_body(ctx: Any, k: int) -> bool:
    """Is token k a run of capitals right before a body's head ("RCC Executive Committee")?"""
    tok = ctx.toks[k]
    if not acronym_word(tok.text) or k + 1 >= len(ctx.toks) or not ctx.joined(k):
        return False
    if ctx.text[tok.end:ctx.toks[k + 1].start] != " ":
        return False
    u = ctx.unit(k + 1)
    return _is_head(ctx, k + 1) or (u is not None and u.i == k + 1 and u.kind in ("org", "body")) \
        or (ctx.toks[k + 1].upper and _acronym_before_body(ctx, k + 1))


def _acronym_before_office(ctx: Any, k: int) -> bool:
    """Is token k an acronym the profile does not know, written before an office ("SADC's Executive
    Secretary", "GLTC Secretary General")? An office is held in an organization: it is one."""
    tok = ctx.toks[k]
    u = ctx.unit(k)
    if u is None or u.kind != "word" or not acronym_word(tok.text):
        return False
    k += ctx.word(k + 1) == "s" and ctx.text[tok.end:ctx.toks[k + 1].start] in ("'", "\u2019")  # "SADC's"
    if k + 1 >= len(ctx.toks) or ctx.text[ctx.toks[k].end:ctx.toks[k + 1].start] != " ":
        return False
    nxt = ctx.unit(k + 1)
    if nxt is not None and nxt.kind == "modifier" and nxt.i == k + 1:
        nxt = ctx.unit(nxt.j)
    return nxt is not None and nxt.kind == "office"


def _heads_of_state(ctx: Any, k: int) -> bool:
    """Is token k the "State" of "Heads of State" (the English idiom, "and Government" may follow)?"""
    return k >= 2 and ctx.word(k - 1) == "of" and ctx.toks[k - 2].text.lower() == "heads"


def _name_stop(ctx: Any, k: int) -> bool:
    """A capitalized stop word inside a body's name: "Heads" ("Council of the Heads of ..."), "State"
    before a head noun ("State Duma"), "States" after a word that is no stop word ("Central African
    States", not "Member States")."""
    from communique.extract.names import STOP_WORDS

    word = ctx.toks[k].text.lower()
    if word == "ministers" and (ctx.word(k - 1) == "of" or (k > 0 and ctx.toks[k - 1].cap and ctx.joined(k - 1)
                                                           and ctx.toks[k - 1].text.lower() not in STOP_WORDS)):
        # "Cabinet of Ministers", "Committee of Ministers", "Council of the X Foreign Ministers":
        # whom the body is made of
        return True
    if word == "heads":  # only with what they head: "Heads of State", "Heads of the Competent Authorities"
        m = k + 2 + (ctx.word(k + 2) == "the")
        if ctx.word(k + 1) != "of" or m >= len(ctx.toks):
            return False
        u = ctx.unit(m)
        return (u is not None and u.i == m and u.kind in _ATOMS) or _is_cap_word(ctx, m, set())
    if word == "state":
        if _heads_of_state(ctx, k):
            return True  # "Council of Heads of State", "Authority of Heads of State and Government of X"
        # before a head, after capitalised words or not: "State Duma", "State Border Committee"
        return k + 1 < len(ctx.toks) and ctx.toks[k + 1].cap and ctx.joined(k) and _head_first(ctx, k + 1, set())
    if word == "states" and k > 0:
        before = ctx.toks[k - 1]
        return before.cap and before.text.lower() not in STOP_WORDS
    return False


def _is_head(ctx: Any, k: int) -> bool:
    u = ctx.unit(k)
    if u is not None and u.kind == "body":
        return True
    if u is not None and u.kind == "anaphor" and k > 0 and ctx.joined(k - 1) and ctx.toks[k - 1].cap \
            and ctx.word(k - 1) != "the" and (before := ctx.unit(k - 1)) is not None and before.kind == "word":
        # a word the profile reads as an anaphor ("the Organization") closing a name of its own:
        # "International Labour Organization" -- unless it is the legal form before a quoted name
        # ("Autonomous Nonprofit Organization 'X'", "International Union of "X"")
        return ctx.lex.is_head(ctx.toks[k].text) and not _QUOTED_NAME.match(ctx.text, ctx.toks[k].end)
    if u is None or u.kind != "word" or not ctx.toks[k].cap:
        return False
    return ctx.lex.is_head(ctx.toks[k].text) or (ctx.lex.is_head(ctx.toks[k].text, held=True) and _held_in(ctx, k))


def _held_in(ctx: Any, k: int) -> bool:
    """Does the capitalised name ending at token k follow an office and "of (the)": "Secretary General
    of the Pacific Islands Forum"? (There a "Forum" is an organization; elsewhere an event.)"""
    i = k
    while i > 0 and ctx.joined(i - 1) and ctx.toks[i - 1].cap and ctx.unit(i - 1) is not None \
            and ctx.unit(i - 1).kind == "word" and k - i < 6:
        i -= 1
    i -= ctx.word(i - 1) == "the"
    if ctx.word(i - 1) != "of" or not (ctx.joined(i - 1) and ctx.joined(i - 2)):
        return False
    u = ctx.unit(i - 2)
    return u is not None and u.kind == "office"


def _head_first(ctx: Any, i: int, barrier: set[int]) -> bool:
    """Does a head noun come at i after capitalized modifiers only ('Military Institute',
    'Trade and Investment Council')?"""
    k, n = i, len(ctx.toks)
    while k < n and k not in barrier:
        u = ctx.unit(k)
        if _is_head(ctx, k):
            return True
        if u is not None and u.kind in ("adjective", "state", "org", "city") and u.i == k:
            k = u.j  # a city names the institution it holds: "Moscow State Institute of ..."
        elif _is_cap_word(ctx, k, barrier):
            k += 1
        elif k > i and ctx.word(k) == "and" and ctx.word(k + 1) != "the":
            k += 1
        else:
            return False
        if k < n and not ctx.joined(k - 1):
            return False
    return False


def _units_in(ctx: Any, i: int, j: int) -> list[Any]:
    out, k = [], i
    while k < j:
        u = ctx.unit(k)
        out.append(u)
        k = u.j if u is not None and u.j > k else k + 1
    return out


# --- the run of a phrase ------------------------------------------------------------------------

def _paren_skip(ctx: Any, end_tok: int) -> int | None:
    """'Regional Border Structure (RBS) Executive Committee': skip the aside."""
    m = _PAREN.match(ctx.text, ctx.toks[end_tok - 1].end)
    if not m:
        return None
    nxt = next((k for k in range(end_tok, len(ctx.toks)) if ctx.toks[k].start >= m.end()), None)
    if nxt is not None and ctx.toks[nxt].start == m.end() and _head_first(ctx, nxt, set()):
        return nxt
    return None


def _extend(ctx: Any, i: int, barrier: set[int]) -> int:
    """End of the capitalized run from token i: organizations, states, capitalized words, 'of the'."""
    n = len(ctx.toks)
    k = i
    while k < n and k not in barrier:
        u = ctx.unit(k)
        if u is not None and u.kind in _ATOMS and u.i == k:
            nxt = u.j
            if u.kind in ("org", "body"):
                jump = _paren_skip(ctx, nxt)
                if jump is not None:
                    k = jump
                    continue
            if u.kind == "org" and k > i and ctx.word(k - 1) == "the" and ctx.word(k - 2) == "of" \
                    and ctx.word(nxt) == "member" and ctx.word(nxt + 1) in _MEMBERS and ctx.joined(nxt - 1) \
                    and ctx.joined(nxt):
                nxt += 2  # "Council of Ministers of the X Member States": its members are in the name
        elif _is_cap_word(ctx, k, barrier):
            nxt = k + 1
        elif k > i and ctx.word(k) in ("in", "to") and _seated(ctx, i, k) and ctx.joined(k - 1) and ctx.joined(k):
            k += 1 + (ctx.word(k + 1) == "the")  # "Embassy of X in Y", "Mission in Kosovo": its seat
            continue
        elif k > i and ctx.word(k) in _CONNECTORS and ctx.joined(k - 1) and ctx.joined(k):
            nxt = _after_connector(ctx, k, barrier, i)
            if nxt is None:
                break
            k = nxt
            continue
        elif k > i and ctx.word(k) == "s" and ctx.word(k - 1) in _PLURAL_OWNERS and k + 1 < n \
                and ctx.text[ctx.toks[k - 1].end:ctx.toks[k].start] in ("'", "\u2019") and ctx.toks[k + 1].cap \
                and ctx.joined(k):
            k += 1  # "People's Liberation Army", "Children's Fund": a plural's possessive inside the name
            continue
        elif _gerund_object(ctx, k, i, barrier):
            k += 1  # "... for Countering the Illicit Drug Trafficking": the gerund's object is in the name
            continue
        else:
            break
        if nxt < n and not ctx.joined(nxt - 1):
            k = nxt
            break
        k = nxt
    return k


# Plurals whose possessive ("People's", "Children's") is written inside bodies' names; a closed
# class of English words (a plural in -s takes a bare apostrophe, which joins a name already).
_PLURAL_OWNERS = frozenset({"people", "children", "women", "men"})


# Heads of bodies that sit somewhere: the place they sit in is in their name ("Embassy of X in Y");
# and of bodies sent somewhere ("Mission to Somalia").
_SEATED_HEADS = frozenset({"embassy", "consulate", "mission", "office"})
_SENT_HEADS = frozenset({"mission", "delegation", "representation"})


def _seated(ctx: Any, i: int, k: int) -> bool:
    """Is 'in' (or 'to') at k the seat of a body headed by an embassy, consulate, mission or office
    in i..k (the place a mission or delegation is sent to), before a state or city ("Embassy of
    Turkmenistan in the Russian Federation", "the AU Mission to Somalia")?"""
    m = k + 1 + (ctx.word(k + 1) == "the")
    u = ctx.unit(m)
    heads = _SEATED_HEADS if ctx.word(k) == "in" else _SENT_HEADS
    return u is not None and u.i == m and u.kind in ("state", "city") \
        and any(ctx.word(t) in heads and ctx.toks[t].cap for t in range(i, k))


def _gerund_object(ctx: Any, k: int, start: int, barrier: set[int]) -> bool:
    """Is token k the 'the' between a capitalised gerund of a name and its capitalised object
    ("Group on Countering the Financing of Terrorism")?"""
    if k <= start + 1 or ctx.word(k) != "the" or not (ctx.joined(k - 1) and ctx.joined(k)):
        return False
    verb = ctx.toks[k - 1]
    return verb.cap and verb.text.endswith("ing") and ctx.word(k - 2) in ("for", "on") \
        and _is_cap_word(ctx, k + 1, barrier)


def _after_connector(ctx: Any, k: int, barrier: set[int], start: int) -> int | None:
    word = ctx.word(k)
    j = k + 1
    if word == "and" and _heads_of_state(ctx, k - 1) and ctx.toks[j].text == "Government":
        return j  # "Heads of State and Government": one phrase
    if word == "and" and any(_is_head(ctx, t) for t in range(start, k)) and _head_first(ctx, j, barrier):
        return None  # "the Board and Secretariat of ...": two bodies
    if word == "and" and (u := ctx.unit(j)) is not None and u.kind == "org" and u.i == j:
        return None  # "the Community of X and ECOWAS": two organizations
    if ctx.word(j) == "the":
        if word == "and" or not ctx.joined(j):
            return None  # "X and the Y": two organizations
        j += 1
        u = ctx.unit(j)
        if word == "under" and u is not None and u.kind == "office" and u.i == j and ctx.word(u.j) == "of" \
                and all(ctx.joined(t) for t in range(j, u.j + 1)):
            # "Agency under the President of the Republic of X": the office it reports to is in its name
            return u.j
    elif word == "under":
        return None
    if j >= len(ctx.toks) or j in barrier:
        return None
    u = ctx.unit(j)
    if u is not None and u.kind in _ATOMS:
        return j
    return j if _is_cap_word(ctx, j, barrier) else None


def _close(ctx: Any, i: int, end: int) -> tuple[int, str]:
    """Where the phrase really ends, and what it is: "phrase" (it has a head noun), "none"
    (no head), or "modifier" (a head used as a modifier: "Security Council Secretaries").

    Before the first head: modifiers. After a head: a connector opens a complement; a bare
    capitalized word ends the name -- in a headline ("ASEAN Secretariat Welcomes ...") when
    an organization led the phrase, and otherwise the head was only a modifier."""
    mode, ok_end = "pre", i
    led_by_org = False
    for u in _units_in(ctx, i, end):
        if u is None:
            break
        word = ctx.word(u.i)
        if u.kind == "word" and (word in (*_CONNECTORS, "the") or (word in ("in", "to") and _seated(ctx, i, u.i))):
            if mode == "core":
                mode = "comp"
            continue
        if _is_head(ctx, u.i) or (u.i == i and _opening_head(ctx, i)):
            mode, ok_end = "core", u.j
        elif mode == "core" and u.kind == "word" and _head_first(ctx, u.i, set()) \
                and not _head_only_in_atoms(ctx, u.i, end):
            mode = "pre"  # the head was a modifier of a longer name: "Caribbean Community Climate Change Centre"
        elif u.kind in ("org", "state", "city", "anaphor"):
            led_by_org = led_by_org or (mode == "pre" and u.kind == "org")
            ok_end = u.j if mode != "pre" else ok_end
        elif mode == "core":
            return ok_end, "phrase" if led_by_org else "modifier"
        elif mode == "comp":
            ok_end = u.j
    return ok_end, "phrase" if mode != "pre" else "none"


# --- what a phrase names ------------------------------------------------------------------------

def _phrase_ref(ctx: Any, i: int, j: int) -> OrgRef:
    """How a multi-unit phrase names its organization: parent, body words, state."""
    seat = next((k for k in range(i + 1, j) if ctx.word(k) in ("in", "to") and _seated(ctx, i, k)), None)
    if seat is not None:  # "Embassy of X in Y": X's embassy, Y only its seat
        ref = _phrase_ref(ctx, i, seat)
        return replace(ref, body=f"{ref.body} {ctx.surface(seat, j)}" if ref.body else None)
    units = [u for u in _units_in(ctx, i, j) if u is not None]
    parents: list[str] = []
    state = None
    body_start, body_end = i, j
    first = units[0]
    if first.kind == "adjective":
        state = first.targets("adjective")[0]
        body_start = first.j
        if len(units) == 2 and units[1].kind == "body":  # "the Maltese Chairmanship-in-Office"
            return OrgRef(names=tuple(dict.fromkeys(units[1].targets("org"))),
                          body=ctx.surface(units[1].i, units[1].j), state=state)
    elif first.kind == "org" and len(units) > 1:
        parents.extend(first.targets("org"))
        body_start = first.j
        for u in units[1:]:
            if u.kind != "org":
                break
            body_start = u.j  # "(SCO RATS)" written after the name
    for k in range(body_start, j):
        if ctx.word(k) in ("of", "under") and k > body_start:
            m = k + 1 + (ctx.word(k + 1) == "the")
            u = ctx.unit(m)
            if u is not None and u.i == m and u.kind == "org":
                parents = list(dict.fromkeys(u.targets("org")))
                body_end = k
                break
            if u is not None and u.i == m and u.kind == "anaphor":
                return OrgRef(body=ctx.surface(body_start, k), parents=(), anaphor=False, phrase=True)
            if u is not None and u.i == m and u.kind == "state" and u.j == j:
                state = u.targets("state")[0]
                break
    if state is None and units[-1].kind == "state" and units[-1].i > i:
        state = units[-1].targets("state")[0]
    body = ctx.surface(body_start, body_end) if parents and body_end > body_start else None
    return OrgRef(body=body, parents=tuple(parents), state=state, phrase=True)


def _tails(ctx: Any, i: int, j: int, barrier: set[int]) -> list[tuple[int, int, OrgRef]]:
    """Organizations named inside a phrase: '... of the Ministry of Defense of the Republic of Belarus'."""
    out = []
    for k in range(i + 1, j):
        if ctx.word(k) != "of":
            continue
        m = k + 1 + (ctx.word(k + 1) == "the")
        if m >= j:
            continue
        u = ctx.unit(m)
        if u is None or u.i != m or _heads_of_state(ctx, m):
            continue
        if u.kind == "org" and u.j == j:
            out.append((m, j, _ref_for_atom(u)))
        elif u is not None and u.kind in ("word", "adjective") and _head_first(ctx, m, barrier):
            if _single_atom(ctx, m, j) is None:
                out.append((m, j, _phrase_ref(ctx, m, j)))
    return out


def _inner(ctx: Any, u: Any) -> list[tuple[int, int, OrgRef]]:
    """'Expert Group on Migration under the CSTO Council of Foreign Ministers' names the Council too."""
    out = []
    for k in range(u.i + 1, u.j - 1):
        if ctx.word(k) not in ("of", "under") or ctx.word(k + 1) != "the":
            continue
        surface = ctx.surface(k + 2, u.j)
        hits = ctx.lex.matches(surface, ("org",))
        if hits:
            names = tuple(dict.fromkeys(h.target for h in hits))
            out.append((k + 2, u.j, OrgRef(names=names)))
            break
    return out


def _single_atom(ctx: Any, i: int, j: int) -> Any | None:
    u = ctx.unit(i)
    if u is not None and u.i == i and u.j == j and u.kind in ("org", "body", "anaphor"):
        return u
    return None


def _atoms_only(ctx: Any, i: int, j: int) -> list[tuple[int, int, OrgRef]]:
    return [(u.i, u.j, _ref_for_atom(u)) for u in _units_in(ctx, i, j)
            if u is not None and u.kind in ("org", "body", "anaphor") and _atom_ok(ctx, u)]


def _atom_ok(ctx: Any, u: Any) -> bool:
    """A bare body or anaphor needs a capital ('the Secretariat'), and an anaphor needs 'the'."""
    if not ctx.toks[u.i].cap:
        return False
    if u.kind == "anaphor":
        return ctx.word(u.i - 1) in ("the", "our", "this") or ctx.text[ctx.toks[u.i].end:].startswith(("'s", "’s"))
    return True


def _truncated(ctx: Any, end: int) -> bool:
    """'Joint Council of competent authorities ...': the name runs on in lower case; we cannot tell where."""
    if end + 1 >= len(ctx.toks) or ctx.word(end) not in ("of", "for", "on") or not ctx.joined(end - 1):
        return False
    nxt = ctx.toks[end + 1]
    return ctx.joined(end) and nxt.text[:1].islower() and nxt.text not in ("the", "a", "an")


def _barrier(ctx: Any, people: list[tuple[int, int]]) -> set[int]:
    """Tokens no organization name may hold: people, ranks, and office titles (unless a head
    noun follows: 'Permanent Representatives Committee')."""
    barrier = {t for a, b in people for t in range(a, b)}
    for u in ctx.units:
        if u.kind in ("rank", "honorific"):
            barrier.update(range(u.i, u.j))
        elif u.kind == "office" and not (u.j < len(ctx.toks) and ctx.joined(u.j - 1) and _is_head(ctx, u.j)):
            barrier.update(range(u.i, u.j))
    return barrier


def org_phrases(ctx: Any, people: list[tuple[int, int]]) -> list[tuple[int, int, OrgRef]]:
    """Organization mentions of one item as token spans, each with how it was read."""
    barrier = _barrier(ctx, people)
    found: list[tuple[int, int, OrgRef]] = []
    acronyms: list[tuple[int, int, OrgRef]] = []  # unknown ones before an office (a defined one is read as such)
    k, n = 0, len(ctx.toks)
    while k < n:
        if ctx.word(k) == "state" and _heads_of_state(ctx, k):
            # "(a gathering of the) Heads of State and Government of X": whom it is of, no body's name
            k += 3 if ctx.word(k + 1) == "and" and ctx.word(k + 2) == "government" else 1
            continue
        u = ctx.unit(k)
        starts = k not in barrier and u is not None and u.i == k and (
            u.kind in ("org", "body", "anaphor", "adjective", "state") or _head_first(ctx, k, barrier))
        if not starts:
            if k not in barrier and _acronym_before_office(ctx, k):
                acronyms.append((k, k + 1, OrgRef(phrase=True)))
            k += 1
            continue
        before = len(found)
        run_end = _extend(ctx, k, barrier)
        end, what = _close(ctx, k, run_end)
        atom = _single_atom(ctx, k, end)
        if what == "modifier":
            found.extend(a for a in _atoms_only(ctx, k, run_end) if not a[2].body)
        elif atom is not None:
            if _atom_ok(ctx, atom):
                found.append((k, end, _ref_for_atom(atom)))
        elif what == "phrase" and end - k >= 2 and not _head_only_in_atoms(ctx, k, end):
            if not _truncated(ctx, end):
                found.append((k, end, _phrase_ref(ctx, k, end)))
            found.extend(_tails(ctx, k, end, barrier))
            found.extend(t for t in _atoms_only(ctx, k, end) if t[0] > k and not t[2].body
                         and not any(f[0] == t[0] for f in found))
        else:
            found.extend(a for a in _atoms_only(ctx, k, max(run_end, u.j)) if not a[2].body or a[0] == k)
        found.extend(inner for a, b, _ in found[before:] if (x := ctx.unit(a)) is not None and x.i == a
                     and x.j == b for inner in _inner(ctx, x))
        k = max(run_end, u.j)
    found.extend(_state_institutions(ctx, barrier, found))
    found = [f for f in found if not _named_happening(ctx, f[0])]
    found = _with_head_anaphors(ctx, _with_acronyms(ctx, _distribute(ctx, found)))
    found = _by_initials(ctx, found, [a for a in acronyms if not any(f[0] <= a[0] < f[1] for f in found)])
    return sorted(found, key=lambda f: (f[0], -f[1]))


# A quoted name given to a happening: 'the operation of the X "Channel Center"', 'exercise "Y"'.
_HAPPENING_BEFORE_QUOTE = re.compile(r"\b(?:operations?|exercises?|trainings?|drills?|manoeuvres|maneuvers|"
                                     r"campaigns?|projects?)(?:\s+of\s+the\s+[\w-]+)?\s*[\"\u201c\u00ab]$", re.I)


def _named_happening(ctx: Any, k: int) -> bool:
    """Is the name at token k the quoted name of an operation, an exercise or a project, not a body's?"""
    start = ctx.toks[k].start
    return _HAPPENING_BEFORE_QUOTE.search(ctx.text, max(0, start - 60), start) is not None


# A state's institutions, written in lower case after its adjective ("the Greek parliament").
_INSTITUTIONS = ("parliament", "government", "army", "navy", "authorities", "police")


def _state_institutions(ctx: Any, barrier: set[int], found: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """'the Greek parliament', 'the Syrian army': a state's institution named by the state's
    adjective and a common noun in lower case (the capitalised forms are head-noun phrases)."""
    taken = {t for a, b, _ in found for t in range(a, b)}
    out = []
    for u in ctx.units:
        k = u.j
        if u.kind != "adjective" or u.i in taken or u.i in barrier or k >= len(ctx.toks) or not ctx.joined(k - 1):
            continue
        if ctx.toks[k].text in _INSTITUTIONS:
            out.append((u.i, k + 1, OrgRef(state=u.targets("adjective")[0], phrase=True)))
    return out


def _head_only_in_atoms(ctx: Any, i: int, j: int) -> bool:
    """'SCO Member States': the only head nouns are inside the profile's own names."""
    return not any(_is_head(ctx, k) for k in range(i, j)) and not _opening_head(ctx, i)


def _opening_head(ctx: Any, i: int) -> bool:
    """A profile's anaphor word opening a name of its own: "Organisation of Eastern Caribbean States"."""
    u = ctx.unit(i)
    return u is not None and u.i == i and u.kind == "anaphor" and ctx.word(u.j) == "of" \
        and ctx.lex.is_head(ctx.toks[i].text) and ctx.joined(u.j - 1) and ctx.joined(u.j)


def _distribute(ctx: Any, found: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """'Chairman of the Board and Executive Secretary of the EAEU': the CIS's committee
    (a title after 'and' shares the organization; two bodies joined by 'and' need not)."""
    out = []
    for a, b, ref in found:
        after = ctx.unit(b + 1)
        if ref.body and not ref.parents and not ref.phrase and ctx.word(b) == "and" and after is not None \
                and after.kind in ("office", "modifier"):
            for k in range(b + 1, min(b + 8, len(ctx.toks) - 1)):
                if not ctx.joined(k - 1):
                    break
                if ctx.word(k) == "of":
                    m = k + 1 + (ctx.word(k + 1) == "the")
                    u = ctx.unit(m)
                    if u is not None and u.i == m and u.kind == "org":
                        ref = replace(ref, parents=tuple(dict.fromkeys(u.targets("org"))))
                    break
        out.append((a, b, ref))
    return out


def _by_initials(ctx: Any, found: list[tuple[int, int, OrgRef]],
                 acronyms: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """An acronym no profile knows and the item does not define in parentheses stands for the name
    the item gives whose initials it spells ("the Nordic Intergovernmental Council ... the NIC
    Chairman"): the way a reader links them. Three letters at least: two letters spell too many
    names. An unknown acronym before an office that spells no name stays an organization of its own."""
    taken = {t for a, b, _ in found for t in range(a, b)}
    unknown = [k for k, tok in enumerate(ctx.toks)
               if k not in taken and acronym_word(tok.text, shortest=3)
               and (u := ctx.unit(k)) is not None and u.kind == "word"]
    if not unknown:  # most items: no acronym to read, no name's initials to spell
        return found + acronyms
    names = [(a, b, initials(ctx.text[ctx.toks[a].start:ctx.toks[b - 1].end])) for a, b, ref in found
             if b - a >= 2 and not ref.defined_by]
    before_office = {a for a, _, _ in acronyms}
    out = list(found)
    for k in unknown:
        tok = ctx.toks[k]
        spelt = [(a, b) for a, b, forms in names if tok.text in forms]
        if spelt:
            a, b = min(spelt, key=lambda s: abs(s[0] - k))
            out.append((k, k + 1, OrgRef(defined_by=(ctx.toks[a].start, ctx.toks[b - 1].end))))
        elif k in before_office:
            out.append((k, k + 1, OrgRef(phrase=True)))
    return out + [a for a in acronyms if a[0] not in unknown]  # two letters: as written


def _with_acronyms(ctx: Any, found: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """'Joint Border Commission (JBC)': the acronym, there and wherever the item writes it again."""
    text = ctx.text
    defined: dict[str, tuple[int, int]] = {}
    for a, b, ref in found:
        m = ACRONYM_DEF.match(text, ctx.toks[b - 1].end)
        if not m or not ref.phrase:
            continue
        acr = m.group(1)
        if ctx.lex.matches(acr, ("org",)) or sum(c.isupper() for c in acr) < 2:
            continue
        defined.setdefault(acr, (ctx.toks[a].start, ctx.toks[b - 1].end))
    if not defined:
        return found
    taken = {t for a, b, _ in found for t in range(a, b)}
    extra = [(k, k + 1, OrgRef(defined_by=defined[tok.text])) for k, tok in enumerate(ctx.toks)
             if tok.text in defined and k not in taken]
    return sorted(found + extra, key=lambda f: (f[0], -f[1]))


def _head_word(ctx: Any, a: int, b: int) -> int | None:
    """The token that heads a name: its last word ("African Development Bank"), else its first
    before "of" ("League of Arab States")."""
    if ctx.toks[b - 1].cap and ctx.lex.is_head(ctx.toks[b - 1].text):
        return b - 1
    if b - a >= 3 and ctx.word(a + 1) == "of" and ctx.lex.is_head(ctx.toks[a].text):
        return a
    return None


def _with_head_anaphors(ctx: Any, found: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """'the Bank', 'the League' after 'the African Development Bank', 'the League of Arab States':
    the capitalised head of a name the item gave in full, written alone after "the", stands for
    that name (like a defined acronym), when one name only has that head. A profile's anaphors
    ("the Organization") are read by the profile; this is for organizations no profile describes."""
    heads: dict[str, list[tuple[int, int]]] = {}
    for a, b, ref in found:
        if ref.parents or ref.body or ref.anaphor or b - a < 2 or not (ref.phrase or len(ref.names) == 1):
            continue
        h = _head_word(ctx, a, b)
        if h is not None:
            heads.setdefault(ctx.toks[h].text, []).append((ctx.toks[a].start, ctx.toks[b - 1].end))
    heads = {w: spans for w, spans in heads.items() if len({ctx.text[s:e] for s, e in spans}) == 1}
    if not heads:
        return found
    taken = {t for a, b, _ in found for t in range(a, b)}
    extra = []
    for k, tok in enumerate(ctx.toks):
        spans = heads.get(tok.text)
        if spans is None or k in taken or ctx.word(k - 1) != "the" or tok.start < spans[0][1]:
            continue
        if ctx.joined(k) and k + 1 < len(ctx.toks) and ctx.toks[k + 1].cap:
            continue  # "the Bank Group": a longer name of its own
        if ctx.word(k + 1) == "of" and ctx.joined(k):
            continue  # "the Bank of Ghana"
        extra.append((k, k + 1, OrgRef(defined_by=spans[0])))
    return sorted(found + extra, key=lambda f: (f[0], -f[1])) if extra else found
