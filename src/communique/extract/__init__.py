"""Extraction: items become knowledge (entities, roles over time, events, documents).

    build_knowledge(items, profile) -> Knowledge

Every item's names are read (extract.names: the profile's names and rules first, spaCy's
recognizer, in batches, on the sentences they leave unread), the names resolved into entities across the corpus (communique.resolve), offices tied to people into
tenures (extract.roles), and the event and document finders (extract.events,
extract.documents) given each item's analysis; their mentions are mapped to the entities
made here, and announced events are linked to the reports of what then happened (extract.link).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence

from communique.extract import readings, windows
from communique.extract.analysis import ItemAnalysis
from communique.extract.documents import DocumentDraft, find_documents, knowing_events
from communique.extract.events import EventDraft, find_events
from communique.extract.known import KnownNames, add_known_names
from communique.extract.link import link_events
from communique.extract.names import Analysis, analyze, anchor_date, context
from communique.extract.nlp import entities, load_nlp
from communique.extract.roles import find_tenures
from communique.extract.tokens import common_word
from communique.model import Document, Entity, Event, Item, Knowledge, Mention, PartialDate, stable_id
from communique.parallel import Workers
from communique.profiles import Profile, load_profiles, merge_profiles
from communique.profiles.lexicon import lexicon
from communique.resolve import Resolution, resolve

__all__ = ["Analysis", "ItemAnalysis", "analyze", "build_knowledge", "prepare", "rebuild_knowledge", "working_profile"]

log = logging.getLogger(__name__)

# An item's completed analysis with its event and document drafts.
FoundIn = tuple[Analysis, list[EventDraft], list[DocumentDraft]]
FIND_WINDOW = 4096  # analyses sent to the finders at a time


def working_profile(profile: Profile | None) -> Profile:
    """The given profile leads; every built-in profile is merged in, so other organizations' pages work."""
    everything = load_profiles()
    if profile is None:
        return everything
    return merge_profiles(profile, everything, name=profile.name)


def prepare(profile: Profile) -> None:
    """What reading items needs, made ready ahead of them: the spaCy model, the profile's
    lexicon and wordfreq's English list (a pool's `warm`: each worker does it while the ingest
    still sends it pages)."""
    load_nlp()
    lexicon(profile)
    common_word("the")


def read_items(items: Sequence[Item], profile: Profile, block: int = 256) -> list[Analysis]:
    """Each item read by the profile's names and the rules; the sentences where name-like words
    are left unread go through spaCy's recognizer (in batches), and their items are read again
    with its entities. The model runs only where cheaper rules leave names unknown. Items go
    in blocks, so only one block's token contexts are held at a time."""
    out: list[Analysis] = []
    for lo in range(0, len(items), block):
        part = items[lo:lo + block]
        contexts = [context(it, profile) for it in part]
        analyses = [analyze(it, profile, ctx=c) for it, c in zip(part, contexts, strict=True)]
        jobs = [(k, start, end) for k, a in enumerate(analyses) for start, end in a.unread]
        texts = [analyses[k].text[start:end] for k, start, end in jobs]
        unique = list(dict.fromkeys(texts))  # pages repeat boilerplate: each distinct text once
        read = dict(zip(unique, entities(unique), strict=True))
        found: dict[int, list[tuple[int, int, str]]] = {}
        for (k, start, _end), text in zip(jobs, texts, strict=True):
            found.setdefault(k, []).extend((start + a, start + b, label) for a, b, label in read[text])
        for k, ents in found.items():
            if ents:
                analyses[k] = analyze(part[k], profile, tuple(ents), contexts[k])
        out.extend(analyses)
    return out


def known_names(analyses: Sequence[Analysis]) -> KnownNames:
    """Every full name (two words or more) read as a person anywhere in the corpus."""
    return KnownNames({m.text for a in analyses for m in a.mentions if m.kind == "person" and len(m.text.split()) >= 2})


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


def _find(work: Sequence[tuple[Analysis, KnownNames]], profile: Profile) -> list[FoundIn]:
    """Each item's analysis completed with the corpus's known names, and its event and document
    drafts; a finder failing on one item skips that item."""
    out = []
    for analysis, known in work:
        a = add_known_names(analysis, known, profile)
        found: tuple[list, list] = ([], [])
        for finder, into in ((find_events, found[0]), (find_documents, found[1])):
            try:
                into.extend(finder(a, profile))
            except Exception:
                log.exception("%s failed on item %s", finder.__name__, a.item.id)
            if finder is find_events:
                knowing_events(a, found[0])  # the documents' dates ask them: not read twice
        out.append((a, *found))
    return out


def _find_all(pool: Workers, read: list[Analysis], known: KnownNames) -> Iterator[FoundIn]:
    """_find over every analysis, FIND_WINDOW at a time, each dropped from `read` when its
    window is sent: the workers send back completed copies, and the main process then holds
    one copy of each analysis instead of two (at 100k pages, hundreds of megabytes)."""
    for lo in range(0, len(read), FIND_WINDOW):
        window = read[lo:lo + FIND_WINDOW]
        read[lo:lo + FIND_WINDOW] = [None] * len(window)  # type: ignore[list-item]
        yield from pool.map(_find, [(a, known) for a in window])


def _events(found: list[tuple[Analysis, EventDraft]], res: Resolution) -> list[Event]:
    events: dict[str, Event] = {}
    for a, d in found:
        vid = stable_id("v_", a.item.id, d.type, _iso(d.date), d.evidence)
        events[vid] = Event(
            id=vid, type=d.type, date=d.date, date_end=d.date_end, place=_one(res, d.place),
            participants=_ids(res, d.participants, "person"),
            organizations=_ids(res, d.organizations, "organization"),
            status=d.status or "reported", item_id=a.item.id, evidence=d.evidence,
        )
    return list(events.values())


def _documents(found: list[tuple[Analysis, DocumentDraft]], res: Resolution) -> tuple[list[Document], list[Entity]]:
    docs: dict[str, Document] = {}
    for a, d in found:
        did = stable_id("e_", "document", d.title, _iso(d.date))
        docs.setdefault(did, Document(id=did, title=d.title, kind=d.kind, body=_one(res, d.body), date=d.date,
                                      item_id=a.item.id, evidence=d.evidence or ""))
    entities = [Entity(d.id, "document", d.title) for d in docs.values()]
    return list(docs.values()), entities


def build_knowledge(items: Iterable[Item], profile: Profile | None = None, workers: int | Workers = 1) -> Knowledge:
    """Entities, tenures, events and documents of a corpus of items (the per-item reading spread
    over `workers` processes when the corpus is large enough; the result does not depend on it).
    `workers` may be a pool whose context is the working_profile (an ingest's, already warm): it is
    shut down here too, once the per-item work is done, so that its workers' memory is handed
    back before the corpus-wide steps."""
    return rebuild_knowledge(items, profile, workers, None)[0]


Kept = Mapping[str, tuple[str, bytes]]  # item id -> (readings.key, readings.encode) of a kept reading


def rebuild_knowledge(items: Iterable[Item], profile: Profile | None = None, workers: int | Workers = 1,
                      kept: Kept | None = None) -> tuple[Knowledge, dict[str, tuple[str, bytes]]]:
    """build_knowledge, reading only the items that `kept` has no good reading of (new items,
    changed ones, all of them after a change of code, model or profile): the others' readings
    are decoded and used again, their known names included while those are the same. With
    `kept` given (an empty mapping reads every item), returns too the readings made here, to be
    kept for the next run; with None, nothing is kept (and none encoded)."""
    if isinstance(workers, Workers):
        pool, profile = workers, workers.context
    else:
        profile = working_profile(profile)
        pool = Workers(workers, profile)
    fingerprint = readings.version(profile) if kept is not None else ""
    with pool:
        items = sorted(items, key=lambda it: it.id)
        cut = {it.id: windows.split(it) for it in items}
        old = {it.id: _kept(it, cut[it.id], fingerprint, kept) for it in items} if kept else {}
        fresh = [w for it in items if old.get(it.id) is None for w in cut[it.id]]
        read = iter(pool.map(read_items, [w.piece for w in fresh]))
        parts: dict[str, list[Analysis]] = {}
        for it in items:
            reading = old.get(it.id)
            parts[it.id] = reading.parts if reading is not None else _anchored(it, [next(read) for _ in cut[it.id]])
        known = known_names([a for p in parts.values() for a in p])
        keys = {it.id: readings.known_key(parts[it.id], known) for it in items} if kept is not None else {}
        redo = [it for it in items if old.get(it.id) is None or old[it.id].known_key != keys[it.id]]
        work = []
        for it in redo:  # handed to _find_all, which lets go of each as it is sent
            work.extend(parts[it.id])
            if kept is None:
                del parts[it.id]
        done = _find_all(pool, work, known)
        del work
        found_new: dict[str, list[FoundIn]] = {}
        made: dict[str, tuple[str, bytes]] = {}
        for it in redo:
            found_new[it.id] = windows.placed(it, cut[it.id], [next(done) for _ in cut[it.id]])
            if kept is not None:
                reading = readings.ItemReading(parts.pop(it.id), keys[it.id], found_new[it.id])
                made[it.id] = (readings.key(it, fingerprint), readings.encode(reading))
    del parts, cut
    found = [f for it in items for f in (found_new.pop(it.id) if it.id in found_new else old[it.id].found)]
    del old
    return _knowledge(found, profile), made


def _kept(item: Item, cut: list[windows.Window], fingerprint: str, kept: Kept) -> readings.ItemReading | None:
    """The kept reading of an item, when it was made of this item by this extractor."""
    row = kept.get(item.id)
    if row is None or row[0] != readings.key(item, fingerprint):
        return None
    try:
        return readings.decode([w.piece for w in cut], item, row[1])
    except ValueError:  # not what this code writes (pydantic's ValidationError is one): read again
        return None


def _anchored(item: Item, parts: list[Analysis]) -> list[Analysis]:
    """A long item's windows read against the whole item's anchor, as the item read whole is."""
    if len(parts) == 1:
        return parts
    anchor = anchor_date(item, item.full_text)
    return [windows.anchored(a, anchor) for a in parts]


def _knowledge(found: list[FoundIn], profile: Profile) -> Knowledge:
    """The corpus-wide steps over every item's readings (a long item's windows one after another):
    resolution, tenures, events, documents."""
    analyses = [a for a, _, _ in found]
    res = resolve(analyses, profile)
    tenures = find_tenures(analyses, res, profile)
    items = list({a.item.id: a.item for a in analyses}.values())
    events = link_events(_events([(a, d) for a, ev, _ in found for d in ev], res), items)
    documents, doc_entities = _documents([(a, d) for a, _, dc in found for d in dc], res)
    entities = res.entities() + doc_entities
    return Knowledge(entities=tuple(entities), events=tuple(events), tenures=tuple(tenures),
                     documents=tuple(documents))
