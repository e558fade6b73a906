"""Extraction: items become knowledge (entities, roles over time, events, documents).

    build_knowledge(items, profile) -> Knowledge

Every item is parsed once (spaCy, in batches), its names read (extract.names), the names
resolved into entities across the corpus (communique.resolve), offices tied to people into
tenures (extract.roles), and the event and document finders (extract.events,
extract.documents) given each item's analysis; their mentions are mapped to the entities
made here, and announced events are linked to the reports of what then happened (extract.link).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from communique.extract.analysis import ItemAnalysis
from communique.extract.documents import find_documents
from communique.extract.events import find_events
from communique.extract.link import link_events
from communique.extract.names import Analysis, KnownNames, add_known_names, analyze
from communique.extract.nlp import parse_many
from communique.extract.roles import find_tenures
from communique.model import Document, Entity, Event, Item, Knowledge, Mention, PartialDate, stable_id
from communique.profiles import Profile, load_profiles, merge_profiles
from communique.resolve import Resolution, resolve

__all__ = ["Analysis", "ItemAnalysis", "analyze", "analyze_all", "build_knowledge"]

log = logging.getLogger(__name__)


def working_profile(profile: Profile | None) -> Profile:
    """The given profile leads; every built-in profile is merged in, so other organizations' pages work."""
    everything = load_profiles()
    if profile is None:
        return everything
    return merge_profiles(profile, everything, name=profile.name)


def analyze_all(items: list[Item], profile: Profile) -> list[Analysis]:
    """Analyses of every item (spaCy run in batches), with names seen anywhere found everywhere."""
    docs = parse_many([it.full_text for it in items])
    analyses = [analyze(it, profile, doc) for it, doc in zip(items, docs, strict=True)]
    known = KnownNames({m.text for a in analyses for m in a.mentions if m.kind == "person" and len(m.text.split()) >= 2})
    return [add_known_names(a, known, profile) for a in analyses]


def _ids(res: Resolution, mentions: Iterable[Mention] | None, etype: str) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for m in mentions or ():
        eid = res.entity_for(m)
        if eid and res.drafts.get(eid) and res.drafts[eid].type == etype:
            out.setdefault(eid, None)
            res.used.add(eid)
    return tuple(out)


def _one(res: Resolution, mention: Mention | None) -> str | None:
    if mention is None:
        return None
    eid = res.entity_for(mention)
    if eid:
        res.used.add(eid)
    return eid


def _iso(d: PartialDate | None) -> str:
    return d.iso() if d is not None else ""


def _drafts(finder: Callable[[Analysis, Profile], list], analyses: list[Analysis], profile: Profile):
    """(analysis, draft) for every draft a finder gives; a finder failing on one item skips that item."""
    for a in analyses:
        try:
            drafts = finder(a, profile)
        except Exception:
            log.exception("%s failed on item %s", finder.__name__, a.item.id)
            continue
        for d in drafts:
            yield a, d


def _events(analyses: list[Analysis], res: Resolution, profile: Profile) -> list[Event]:
    events: dict[str, Event] = {}
    for a, d in _drafts(find_events, analyses, profile):
        vid = stable_id("v_", a.item.id, d.type, _iso(d.date), d.evidence)
        events[vid] = Event(
            id=vid, type=d.type, date=d.date, date_end=d.date_end, place=_one(res, d.place),
            participants=_ids(res, d.participants, "person"),
            organizations=_ids(res, d.organizations, "organization"),
            status=d.status or "reported", item_id=a.item.id, evidence=d.evidence,
        )
    return list(events.values())


def _documents(analyses: list[Analysis], res: Resolution, profile: Profile) -> tuple[list[Document], list[Entity]]:
    docs: dict[str, Document] = {}
    for a, d in _drafts(find_documents, analyses, profile):
        did = stable_id("e_", "document", d.title, _iso(d.date))
        docs.setdefault(did, Document(id=did, title=d.title, kind=d.kind, body=_one(res, d.body), date=d.date,
                                      item_id=a.item.id, evidence=d.evidence or ""))
    entities = [Entity(d.id, "document", d.title) for d in docs.values()]
    return list(docs.values()), entities


def build_knowledge(items: Iterable[Item], profile: Profile | None = None) -> Knowledge:
    """Entities, tenures, events and documents of a corpus of items."""
    profile = working_profile(profile)
    items = sorted(items, key=lambda it: it.id)
    analyses = analyze_all(items, profile)
    res = resolve(analyses, profile)
    tenures = find_tenures(analyses, res, profile)
    events = link_events(_events(analyses, res, profile), items)
    documents, doc_entities = _documents(analyses, res, profile)
    entities = res.entities() + doc_entities
    return Knowledge(entities=tuple(entities), events=tuple(events), tenures=tuple(tenures),
                     documents=tuple(documents))
