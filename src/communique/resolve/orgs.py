"""One entity per organization or body, named as the profile names it.

    OrgResolver(profile).resolve_item(analysis) -> {(start, end): OrgName}

A bare body ("the Secretariat", "Council of Foreign Ministers") belongs to the organization
the item is about (its most named organization); an anaphor ("the Organization") is that
organization; a body named with its organization ("CICA Secretariat", "Heads of State
Council of the Shanghai Cooperation Organisation") is the profile's body when the profile
has it, and is named "<ORG> <Body>" otherwise. Acronyms an item defines ("Special Working
Group (SWG)") stand for what they abbreviate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from communique.model import Mention
from communique.profiles import OrgSpec, Profile
from communique.profiles.lexicon import fold_key, lexicon

__all__ = ["OrgName", "OrgResolver", "clean_surface"]

_GENERIC_ANAPHORS = {"organization", "organisation"}
# Bare one-word bodies say too little to name an organization's body unless it has one by that name.
_VAGUE = {"council", "commission", "committee", "summit", "presidency", "chairmanship", "parliament", "assembly"}


def _most_named(counts: Counter[str], first: dict[str, int]) -> str | None:
    """The name counted most, the earliest named on a tie."""
    return max(counts, key=lambda n: (counts[n], -first[n])) if counts else None


@dataclass(frozen=True)
class OrgName:
    key: str  # what makes two mentions one organization
    name: str  # canonical name
    parent: str | None = None  # the parent's canonical name
    top: str | None = None  # the organization (not body) it belongs to, for roles
    state: str | None = None  # a state-owned body's state ("Ministry of Defense of ... Belarus")
    reason: str = ""  # how the surface was read, when it was not the name itself


def clean_surface(text: str) -> str:
    """'the Eurasian Economic Commission’s' -> 'Eurasian Economic Commission'."""
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()")
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"['’]s$", "", text)


class OrgResolver:
    def __init__(self, profile: Profile):
        self.profile = profile
        self.lex = lexicon(profile)

    # -- the item's own organization ------------------------------------------------------------

    def counts(self, analysis) -> tuple[Counter[str], dict[str, int]]:
        """How often an item names each organization (bodies count for their organization)."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in analysis.mentions:
            if m.kind != "organization":
                continue
            ref = analysis.org_ref(m)
            if ref is None or ref.anaphor or ref.defined_by or (ref.body and not ref.parents):
                continue
            for name in ref.names[:1] or ref.parents[:1]:
                top = self._root(name)
                if top is not None:
                    counts[top] += 1
                    first.setdefault(top, m.start)
        return counts, first

    def _root(self, name: str) -> str | None:
        chain = self.profile.ancestors(name)
        return chain[-1].name if chain else None

    def dominant(self, analysis, page: Counter[str] | None = None) -> str | None:
        """The organization an item is about: its page's organization (the site's, the one its
        items name most) when the item names it at all, else the one the item names most
        (earliest on a tie), else the page's, else one no profile knows (_named_most)."""
        counts, first = self.counts(analysis)
        page_top = max(page, key=lambda n: (page[n], n)) if page else None
        if page_top is not None and counts[page_top]:
            return page_top
        return _most_named(counts, first) or page_top or self._named_most(analysis)

    def _named_most(self, analysis) -> str | None:
        """An item that names no organization a profile knows is about the organization it names
        most by a name of its own ("Council of the Baltic Sea States"; not a body named after
        another organization, a state's institution or an anaphor), earliest on a tie."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in analysis.mentions:
            ref = analysis.org_ref(m) if m.kind == "organization" else None
            if ref is None or not ref.phrase or ref.parents or ref.body or ref.state or ref.anaphor:
                continue
            name = clean_surface(m.text)
            if len(name.split()) < 2:
                continue  # an acronym alone: which organization it is, the corpus tells (_link_acronyms)
            counts[name] += 1
            first.setdefault(name, m.start)
        return _most_named(counts, first)

    # -- naming --------------------------------------------------------------------------------

    def _known(self, name: str) -> OrgName:
        spec = self.profile.organization(name)
        top = self.profile.top_organization(name)
        return OrgName(key=f"org:{name}", name=name, parent=spec.parent if spec else None,
                       top=top.name if top else name)

    def _pick(self, names: tuple[str, ...], dominant: str | None) -> str:
        for name in names:
            top = self.profile.top_organization(name)
            if dominant and top is not None and (top.name == dominant or name == dominant):
                return name
        return names[0]

    def canonical_body(self, body: str) -> str:
        """'Council of Ministers of Foreign Affairs' -> 'Council of Foreign Ministers' (profile synonyms)."""
        key = fold_key(body)
        for group in self.profile.body_synonyms:
            if key in {fold_key(g) for g in group}:
                return group[0]
        return clean_surface(body)

    def find_body(self, parent: OrgSpec, body: str, surface: str | None = None) -> OrgSpec | None:
        """The profile's body of `parent` called `body` (or a synonym), if it has one; else the one
        whose words the whole `surface` holds, the parent's name aside, in any order ("Heads of
        Government Council of the CIS" is the "CIS Heads of Government Council")."""
        forms = {body, self.canonical_body(body)}
        for group in self.profile.body_synonyms:
            if fold_key(body) in {fold_key(g) for g in group}:
                forms.update(group)
        want = set()
        for form in forms:
            want |= {fold_key(form), fold_key(f"{parent.short} {form}")}
            want |= {fold_key(f"{form} of the {n}") for n in (parent.name, *parent.acronyms)}
        children = [spec for spec in self.profile.organizations if spec.parent == parent.name]
        for spec in children:
            if want & {fold_key(n) for n in (*spec.names(), *spec.acronyms)}:
                return spec
        if surface is not None:
            own = {*fold_key(parent.name).split(), *(fold_key(a) for a in parent.acronyms), "the", "of"}
            words = set(fold_key(surface).split()) - own
            for spec in children:
                if words and any(set(fold_key(n).split()) - own == words for n in spec.names()):
                    return spec
        return None

    def _body_of(self, parent: OrgSpec, body: str, surface: str | None = None) -> OrgName:
        """The profile's body of `parent` called `body`, or a new one named after its parent."""
        spec = self.find_body(parent, body, surface)
        if spec is not None:
            return self._known(spec.name)
        canon = self.canonical_body(body)
        if parent.kind == "organization" and parent.acronyms:
            name = f"{parent.acronyms[0]} {canon}"
        else:
            name = f"{canon} of the {parent.name}"
        top = self.profile.top_organization(parent.name)
        return OrgName(key=f"body:{parent.name}|{fold_key(canon)}", name=name, parent=parent.name,
                       top=top.name if top else parent.name,
                       reason=f"'{clean_surface(body)}' is the {parent.short} body named '{name}'")

    def _phrase(self, surface: str, state: str | None) -> OrgName:
        name = clean_surface(surface)
        key = fold_key(name)
        if state:
            spec = self.profile.state(state)
            drop = {fold_key(f) for f in (state, *(spec.aliases if spec else ()), *(spec.adjectives if spec else ()))}
            for form in sorted(drop, key=len, reverse=True):
                key = re.sub(rf"\b(?:of (?:the )?)?{re.escape(form)}\b", " ", key)
            key = " ".join(key.split()) + f" @{state}"
        return OrgName(key=f"phrase:{key}", name=name, state=state)

    def name_of(self, ref, surface: str, dominant: str | None, context: _Context | None = None) -> OrgName | None:
        """The organization a mention names, or None when the item does not tell."""
        context = context or _Context()
        if ref.anaphor:
            word = fold_key(surface)
            if dominant and (word in _GENERIC_ANAPHORS or dominant in ref.names):
                return self._known(dominant)
            return None
        if ref.parents:
            parent = self.profile.organization(self._pick(ref.parents, dominant))
            if parent is not None and ref.body:
                return self._body_of(parent, ref.body, surface)
        if ref.phrase and ref.body and not ref.parents and dominant:  # "Secretariat of the Organization"
            parent = self.profile.organization(dominant)
            if parent is not None:
                return self._body_of(parent, ref.body)
        if ref.phrase:
            return context.fuller(surface, context.span) or self._phrase(surface, ref.state)
        if ref.body and not ref.parents:
            found = self._bare_body(ref, surface, dominant, context)
            if found is None and ref.state:
                return self._phrase(surface, ref.state)
            return found
        if ref.names:
            return self._known(self._pick(ref.names, dominant))
        return None

    def _bare_body(self, ref, surface: str, dominant: str | None, context: _Context) -> OrgName | None:
        """A body named alone: the fuller name the item gave it ('the Working Group' after 'the
        Working Group on Migration'), else the body of that name of an organization named in the
        same sentence, else of the item's organization."""
        fuller = context.fuller(surface, context.span)
        if fuller is not None:
            return fuller
        for org in context.nearby:
            spec = self.profile.organization(org)
            found = self.find_body(spec, ref.body) if spec is not None else None
            if found is not None:
                return self._known(found.name)
        for name in ref.names:
            top = self.profile.top_organization(name)
            if dominant and top is not None and top.name == dominant:
                return self._known(name)
        if dominant:
            parent = self.profile.organization(dominant)
            if parent is not None:
                named = self._body_of(parent, ref.body)
                if named.key.startswith("org:") or fold_key(ref.body) not in _VAGUE:
                    return named
                return None
            if fold_key(ref.body) in _VAGUE:
                return None
            # the item is about an organization no profile describes: the body is its own, named
            # as written, not another organization's body of that name
            return OrgName(key=f"body:{dominant}|{fold_key(self.canonical_body(ref.body))}", name=clean_surface(surface),
                           parent=dominant, top=dominant,
                           reason=f"'{clean_surface(surface)}' is a body of the {dominant}")
        # no organization in view: a body only one organization has, else nobody's (a page of
        # another organization's "Secretariat" is not the first profile's)
        return self._known(ref.names[0]) if len(ref.names) == 1 else None

    def resolve_item(self, analysis, dominant: str | None = None) -> dict[tuple[int, int], OrgName]:
        """Every organization mention of the item (by span) with the organization it names.

        Names given in full come first; bare bodies and acronyms then lean on them."""
        out: dict[tuple[int, int], OrgName] = {}
        mentions = [(m, analysis.org_ref(m)) for m in analysis.mentions if m.kind == "organization"]
        mentions = [(m, ref) for m, ref in mentions if ref is not None]

        def bare(ref) -> bool:
            return bool(ref.defined_by or (ref.body and not ref.parents and not ref.phrase)
                        or (ref.phrase and not ref.parents and not ref.state and not ref.body))

        for m, ref in mentions:
            if not bare(ref):
                named = self.name_of(ref, m.text, dominant)
                if named is not None:
                    out[(m.start, m.end)] = named
        for m, ref in mentions:
            if bare(ref) and not ref.defined_by:
                context = _Context(named=[(x, out[(x.start, x.end)]) for x, _ in mentions if (x.start, x.end) in out],
                                   nearby=self._nearby(analysis, m, out), span=(m.start, m.end))
                named = self.name_of(ref, m.text, dominant, context)
                if named is not None:
                    out[(m.start, m.end)] = named
        for m, ref in mentions:
            if ref.defined_by and ref.defined_by in out:
                out[(m.start, m.end)] = out[ref.defined_by]
        return out

    def _nearby(self, analysis, mention: Mention, named: dict[tuple[int, int], OrgName]) -> list[str]:
        """Organizations (their roots) named in the mention's sentence, nearest first."""
        start, end = analysis.sentence_at(mention.start)
        found = [(abs(a - mention.start), self._root(o.name)) for (a, b), o in named.items() if start <= a and b <= end]
        return list(dict.fromkeys(r for _, r in sorted(found) if r))


@dataclass
class _Context:
    """What the rest of the item already named, for mentions that lean on it."""

    named: list = field(default_factory=list)  # [(mention, OrgName)] named in full
    nearby: list[str] = field(default_factory=list)
    span: tuple[int, int] = (-1, -1)  # the mention being named

    def fuller(self, surface: str, span: tuple[int, int] = (-1, -1)) -> OrgName | None:
        """An organization the item named in full whose name begins or ends with these words
        ('Working Group' -> 'Working Group on Migration ...', 'Commission' -> 'ECOWAS Commission'),
        but not the one whose complement the words are ('... of the Military Academy')."""
        key = fold_key(clean_surface(surface))
        if not key:
            return None
        for m, org in self.named:
            if m.start <= span[0] and span[1] <= m.end:
                continue
            full = fold_key(clean_surface(m.text))
            if full == key:
                continue
            if full.startswith(key + " "):
                return org
            if full.endswith(" " + key) and not re.search(r"\b(?:of|for|on|under|to)(?: the)?$", full[: -len(key)].strip()):
                return org
        return None
