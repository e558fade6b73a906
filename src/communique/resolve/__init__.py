"""Mentions become entities: one per real person, organization or body, and place.

    res = resolve(analyses, profile)
    res.entity_for(mention)  -> entity id or None
    res.entities()           -> [Entity], each with the reasons its names were merged

People are clustered across the whole corpus (resolve.people); organizations are named per
item, since a bare "Secretariat" means the Secretariat of the organization the item is
about (resolve.orgs); states take their short name with their official long forms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from communique.model import Entity, Mention, normalize_text, stable_id
from communique.profiles import Profile
from communique.profiles.lexicon import acronym_word, initials, lexicon
from communique.resolve.orgs import OrgName, OrgResolver, clean_surface
from communique.resolve.people import cluster_people

__all__ = ["Resolution", "resolve"]


@dataclass
class _Draft:
    type: str
    name: str
    aliases: Counter = field(default_factory=Counter)
    reasons: list[str] = field(default_factory=list)
    parent: str | None = None  # canonical name of the parent organization
    org: OrgName | None = None


@dataclass
class Resolution:
    profile: Profile
    drafts: dict[str, _Draft] = field(default_factory=dict)  # entity id -> draft
    by_mention: dict[tuple[str, int, int], str] = field(default_factory=dict)
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, normalized name) -> id
    dominant: dict[str, str | None] = field(default_factory=dict)  # item id -> organization entity id
    used: set[str] = field(default_factory=set)  # ids that some mention, role or event points at

    # -- building ------------------------------------------------------------------------------

    def add(self, etype: str, name: str, surface: str | None = None, reason: str = "",
            parent: str | None = None, org: OrgName | None = None) -> str:
        eid = stable_id("e_", etype, name)
        draft = self.drafts.get(eid)
        if draft is None:
            draft = self.drafts[eid] = _Draft(etype, name, parent=parent, org=org)
        if surface:
            draft.aliases[surface] += 1
        if reason and reason not in draft.reasons:
            draft.reasons.append(reason)
        for form in (name, surface):
            if form:
                self.by_name.setdefault((etype, normalize_text(form)), eid)
        return eid

    def organization(self, name: str) -> str:
        """The entity id of a profile organization, made when no mention named it yet."""
        spec = self.profile.organization(name)
        eid = self.add("organization", name, parent=spec.parent if spec else None)
        if spec is not None:
            for acr in spec.acronyms[:1]:
                self.drafts[eid].aliases[acr] += 0
        return eid

    def state(self, name: str) -> str:
        spec = self.profile.state(name)
        eid = self.add("place", name)
        if spec is not None:
            for alias in spec.aliases:
                self.drafts[eid].aliases[alias] += 0
        return eid

    # -- reading -------------------------------------------------------------------------------

    def entity_for(self, mention: Mention) -> str | None:
        eid = self.by_mention.get((mention.item_id, mention.start, mention.end))
        if eid is None and mention.text:
            kinds = {"person": "person", "organization": "organization", "place": "place"}
            etype = kinds.get(mention.kind)
            for t in ([etype] if etype else ["person", "organization", "place"]):
                eid = self.by_name.get((t, normalize_text(clean_surface(mention.text))))
                if eid:
                    break
        return eid

    def org_name(self, eid: str | None) -> OrgName | None:
        draft = self.drafts.get(eid) if eid else None
        return draft.org if draft else None

    def name(self, eid: str | None) -> str:
        draft = self.drafts.get(eid) if eid else None
        return draft.name if draft else ""

    def _keep_parents(self) -> None:
        """A body's organization is an entity too, named or not: the hierarchy is knowledge."""
        todo = [eid for eid in self.used if self.drafts.get(eid) and self.drafts[eid].parent]
        while todo:
            d = self.drafts[todo.pop()]
            if d.type != "organization" or not d.parent:
                continue
            pid = self.organization(d.parent)
            if pid not in self.used:
                self.used.add(pid)
                todo.append(pid)

    def entities(self) -> list[Entity]:
        self._keep_parents()
        out = []
        for eid, d in self.drafts.items():
            if d.type == "organization" and eid not in self.used:
                continue
            aliases = sorted({a for a in d.aliases if a != d.name and normalize_text(a) != normalize_text(d.name)})
            parent = stable_id("e_", "organization", d.parent) if d.parent else None
            if parent not in self.used:
                parent = None
            out.append(Entity(eid, d.type, d.name, tuple(aliases), tuple(d.reasons), parent))
        return sorted(out, key=lambda e: (e.type, e.name))


def _people(res: Resolution, analyses: list) -> None:
    mentions = [m for a in analyses for m in a.mentions if m.kind == "person"]
    clusters, index = cluster_people(mentions)
    ids = []
    for c in clusters:
        eid = res.add("person", c.canonical())
        d = res.drafts[eid]
        for n in c.names:
            d.aliases[n.surface] += 1
            res.by_name.setdefault(("person", normalize_text(n.surface)), eid)
        d.reasons.extend(r for r in c.reasons if r not in d.reasons)
        ids.append(eid)
    for key, k in index.items():
        res.by_mention[key] = ids[k]


def _page_counts(analyses: list, resolver: OrgResolver) -> dict[str, Counter]:
    """Per page (an item's first source), how often its items name each organization."""
    pages: dict[str, Counter] = defaultdict(Counter)
    for a in analyses:
        counts, _ = resolver.counts(a)
        for src in {s.uri for s in a.item.sources}:
            pages[src].update(counts)
    return pages


def _organizations(res: Resolution, analyses: list, resolver: OrgResolver) -> None:
    pages = _page_counts(analyses, resolver)
    for a in analyses:
        page: Counter = Counter()
        for src in {s.uri for s in a.item.sources}:
            page.update(pages.get(src, Counter()))
        dom = resolver.dominant(a, page)
        res.dominant[a.item.id] = res.organization(dom) if dom else None
        named = resolver.resolve_item(a, dom)
        for m in a.mentions:
            org = named.get((m.start, m.end)) if m.kind == "organization" else None
            if org is None:
                continue
            surface = clean_surface(m.text)
            reason = org.reason or (f"'{surface}' is a name of '{org.name}'" if surface != org.name else "")
            ref = a.org_ref(m)
            if ref is not None and ref.anaphor:
                surface, reason = None, ""
            eid = res.add("organization", org.name, surface, reason, parent=org.parent, org=org)
            res.by_mention[(m.item_id, m.start, m.end)] = eid
            res.used.add(eid)
            spec = res.profile.organization(org.name)
            if spec is not None:
                for acr in spec.acronyms[:1]:
                    res.drafts[eid].aliases[acr] += 0


def _link_acronyms(res: Resolution) -> None:
    """An acronym one item writes alone ("GLTC Executive Secretary ...") is the organization another
    item defines it for ("Great Lakes Trade Community (GLTC)") or whose initials it spells: one
    entity across the corpus, as a reader of the whole site would take it. Only acronyms no profile
    knows (an entity named by the acronym alone), and only where one organization claims it."""
    claims: dict[str, set[str]] = defaultdict(set)
    lone: dict[str, str] = {}  # acronym -> the entity it made on its own
    for eid, d in res.drafts.items():
        if d.type != "organization" or eid not in res.used:
            continue
        if acronym_word(d.name):
            if d.org is not None and d.org.key.startswith("phrase:"):
                lone[d.name] = eid
            continue
        for form in {a for a in d.aliases if acronym_word(a)} | {f for f in initials(d.name) if len(f) >= 3}:
            claims[form].add(eid)
    moved: dict[str, str] = {}  # the acronym's own entity -> the organization it stands for
    for acr, own in lone.items():
        targets = claims.get(acr, set()) - {own}
        if len(targets) != 1:
            continue
        target = moved[own] = targets.pop()
        draft = res.drafts[target]
        draft.aliases[acr] += res.drafts[own].aliases.get(acr, 0)
        reason = f"'{acr}', written alone, stands for '{draft.name}'"
        if reason not in draft.reasons:
            draft.reasons.append(reason)
        res.by_name[("organization", normalize_text(acr))] = target
        res.used.discard(own)
    if moved:  # one pass over the corpus's mentions, however many acronyms moved
        for key, eid in res.by_mention.items():
            if eid in moved:
                res.by_mention[key] = moved[eid]


def _places(res: Resolution, analyses: list) -> None:
    lex = lexicon(res.profile)
    for a in analyses:
        for m in a.mentions:
            if m.kind != "place":
                continue
            surface = clean_surface(m.text)
            states = lex.matches(surface, ("state",))
            cities = lex.matches(surface, ("city",))
            if states:
                eid = res.state(states[0].target)
                res.drafts[eid].aliases[surface] += 1
            else:
                eid = res.add("place", cities[0].target if cities else surface, surface)
            res.by_mention[(m.item_id, m.start, m.end)] = eid


def resolve(analyses: list, profile: Profile) -> Resolution:
    res = Resolution(profile)
    _people(res, analyses)
    _organizations(res, analyses, OrgResolver(profile))
    _link_acronyms(res)
    _places(res, analyses)
    return res
