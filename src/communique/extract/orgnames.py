"""Organization mentions: the profile's names, bodies named with their organization, and
phrases built on head nouns ("National Defense Control Centre of the Russian Federation").

    org_phrases(ctx, people) -> [(first token, end token, OrgRef)]

An OrgRef says how a mention was read, so that resolution can name it: a known organization,
a generic body of a named organization ("CICA Secretariat", "Secretariat of the CSTO
Parliamentary Assembly"), a bare body whose organization the item tells ("the Secretariat"),
an anaphor ("the Organization"), or a free phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["OrgRef", "org_phrases"]

_CONNECTORS = ("of", "for", "on", "and", "under")
_ACRONYM_DEF = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")


@dataclass(frozen=True)
class OrgRef:
    names: tuple[str, ...] = ()  # profile organizations the words name (best first)
    body: str | None = None  # a body's own words when its organization comes from elsewhere
    parents: tuple[str, ...] = ()  # the organization named with the body ("of the SCO", "CICA ...")
    state: str | None = None  # the state named with it ("Russian Ministry ...", "... of Belarus")
    anaphor: bool = False  # "the Organization", "the Alliance"
    phrase: bool = False  # built from head nouns rather than read from the profile
    defined_by: tuple[int, int] | None = None  # an acronym: the span of the name it abbreviates


def _ref_for_atom(unit: Any) -> OrgRef:
    if unit.kind == "anaphor":
        return OrgRef(names=tuple(dict.fromkeys(unit.targets("anaphor"))), anaphor=True)
    names = tuple(dict.fromkeys(unit.targets("org")))
    if unit.kind == "body":
        return OrgRef(names=names, body=unit.entries[0].surface if not names else _body_word(unit))
    return OrgRef(names=names)


def _body_word(unit: Any) -> str:
    bodies = unit.targets("body")
    return bodies[0] if bodies else unit.entries[0].surface


def _is_cap_word(ctx: Any, k: int, barrier: set[int]) -> bool:
    from communique.extract.names import STOP_WORDS

    if k in barrier or k >= len(ctx.toks):
        return False
    tok = ctx.toks[k]
    u = ctx.unit(k)
    if u is None or u.kind != "word" or not tok.cap or tok.upper:
        return False
    return tok.text.lower() not in STOP_WORDS or ctx.lex.is_head(tok.text)


_ATOMS = ("org", "body", "anaphor", "state", "adjective", "city")


def _extend(ctx: Any, i: int, barrier: set[int]) -> int:
    """End of the capitalized run that starts at token i (organizations, states, head nouns, 'of the')."""
    n = len(ctx.toks)
    k = i
    while k < n and k not in barrier:
        u = ctx.unit(k)
        if u is not None and u.kind in _ATOMS and u.i == k:
            nxt = u.j
        elif _is_cap_word(ctx, k, barrier):
            nxt = k + 1
        elif k > i and ctx.word(k) in _CONNECTORS and ctx.joined(k - 1) and ctx.joined(k):
            nxt = _after_connector(ctx, k, barrier)
            if nxt is None:
                break
            k = nxt
            continue
        else:
            break
        if nxt < n and not ctx.joined(nxt - 1):
            k = nxt
            break
        k = nxt
    return k


def _after_connector(ctx: Any, k: int, barrier: set[int]) -> int | None:
    word = ctx.word(k)
    j = k + 1
    if ctx.word(j) == "the":
        if word == "and":
            return None  # "X and the Y": two organizations
        if not ctx.joined(j):
            return None
        j += 1
    elif word == "under":
        return None
    if j >= len(ctx.toks) or j in barrier:
        return None
    u = ctx.unit(j)
    if u is not None and u.kind in _ATOMS:
        return j
    return j if _is_cap_word(ctx, j, barrier) else None


def _has_head(ctx: Any, i: int, j: int) -> bool:
    for k in range(i, j):
        u = ctx.unit(k)
        if u is not None and u.kind == "body":
            return True
        if u is not None and u.kind == "word" and ctx.toks[k].cap and ctx.lex.is_head(ctx.toks[k].text):
            return True
    return False


def _units_in(ctx: Any, i: int, j: int) -> list[Any]:
    out, k = [], i
    while k < j:
        u = ctx.unit(k)
        out.append(u)
        k = u.j if u is not None and u.j > k else k + 1
    return out


def _trim(ctx: Any, i: int, j: int) -> int:
    while j > i and ctx.word(j - 1) in (*_CONNECTORS, "the"):
        j -= 1
    return j


def _phrase_ref(ctx: Any, i: int, j: int) -> OrgRef:
    """How a multi-unit phrase names its organization: parent, body words, state."""
    units = _units_in(ctx, i, j)
    parents: list[str] = []
    state = None
    body_start, body_end = i, j
    first = units[0]
    if first is not None and first.kind == "adjective":
        state = first.targets("adjective")[0]
        body_start = first.j
    elif first is not None and first.kind == "org" and len(units) > 1:
        parents.extend(first.targets("org"))
        body_start = first.j
    # "X of the PARENT" / "X of STATE": the first connector after the core names the owner
    for k in range(body_start, j):
        if ctx.word(k) in ("of", "under") and k > body_start:
            m = k + 1 + (ctx.word(k + 1) == "the")
            u = ctx.unit(m)
            if u is not None and u.i == m and u.kind in ("org", "body") and u.targets("org"):
                parents = list(dict.fromkeys(u.targets("org")))
                body_end = k
                break
            if u is not None and u.i == m and u.kind == "state" and u.j == j:
                state = u.targets("state")[0]
                break
    if state is None:
        last = units[-1]
        if last is not None and last.kind == "state" and last.i > i:
            state = last.targets("state")[0]
    body = ctx.surface(body_start, body_end) if parents and body_end > body_start else None
    return OrgRef(body=body, parents=tuple(parents), state=state, phrase=True)


def _tails(ctx: Any, i: int, j: int) -> list[tuple[int, int, OrgRef]]:
    """Organizations named inside a phrase: '... of the Ministry of Defense of the Republic of Belarus'."""
    out = []
    for k in range(i + 1, j):
        if ctx.word(k) != "of":
            continue
        m = k + 1 + (ctx.word(k + 1) == "the")
        if m >= j:
            continue
        u = ctx.unit(m)
        if u is not None and u.kind in ("org", "body") and u.j == j:
            out.append((m, j, _ref_for_atom(u)))
        elif u is not None and u.kind == "word" and _has_head(ctx, m, j):
            end = j
            if _single_atom(ctx, m, end) is None:
                out.append((m, end, _phrase_ref(ctx, m, end)))
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


def org_phrases(ctx: Any, people: list[tuple[int, int]]) -> list[tuple[int, int, OrgRef]]:
    """Organization mentions of one item as token spans, each with how it was read."""
    barrier = {t for a, b in people for t in range(a, b)}
    for u in ctx.units:
        if u.kind in ("office", "rank", "honorific"):
            barrier.update(range(u.i, u.j))
    found: list[tuple[int, int, OrgRef]] = []
    k, n = 0, len(ctx.toks)
    while k < n:
        u = ctx.unit(k)
        starts = k not in barrier and u is not None and u.i == k and (
            u.kind in ("org", "body", "anaphor", "adjective", "state")
            or (_is_cap_word(ctx, k, barrier) and _has_head(ctx, k, _extend(ctx, k, barrier))))
        if not starts:
            k += 1
            continue
        end = _trim(ctx, k, _extend(ctx, k, barrier))
        atom = _single_atom(ctx, k, end)
        if atom is not None:
            if _atom_ok(ctx, atom):
                found.append((k, end, _ref_for_atom(atom)))
        elif end > k and _has_head(ctx, k, end) and not _head_only_in_atoms(ctx, k, end):
            found.append((k, end, _phrase_ref(ctx, k, end)))
            found.extend(_tails(ctx, k, end))
            found.extend(t for t in _atoms_only(ctx, k, end) if t[0] > k and not any(
                f[0] == t[0] for f in found))
        else:
            found.extend(_atoms_only(ctx, k, max(end, u.j)))
        k = max(end, u.j)
    return _with_acronyms(ctx, found)


def _head_only_in_atoms(ctx: Any, i: int, j: int) -> bool:
    """'SCO Member States': the only head nouns are inside the profile's own names."""
    for k in range(i, j):
        u = ctx.unit(k)
        if u is not None and u.kind == "body":
            return False
        if u is not None and u.kind == "word" and ctx.toks[k].cap and ctx.lex.is_head(ctx.toks[k].text):
            return False
    return True


def _with_acronyms(ctx: Any, found: list[tuple[int, int, OrgRef]]) -> list[tuple[int, int, OrgRef]]:
    """'Special Working Group (SWG)': the acronym, there and wherever the item writes it again."""
    text = ctx.text
    defined: dict[str, tuple[int, int]] = {}
    extra = []
    starts = {t.start: k for k, t in enumerate(ctx.toks)}
    for a, b, ref in found:
        m = _ACRONYM_DEF.match(text, ctx.toks[b - 1].end)
        if not m or not ref.phrase:
            continue
        acr = m.group(1)
        if ctx.lex.matches(acr, ("org",)) or sum(c.isupper() for c in acr) < 2:
            continue
        span = (ctx.toks[a].start, ctx.toks[b - 1].end)
        defined.setdefault(acr, span)
    if not defined:
        return found
    taken = {t for a, b, _ in found for t in range(a, b)}
    for k, tok in enumerate(ctx.toks):
        if tok.text in defined and k not in taken and tok.start in starts:
            extra.append((k, k + 1, OrgRef(defined_by=defined[tok.text])))
    return sorted(found + extra, key=lambda f: (f[0], -f[1]))
