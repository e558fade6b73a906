"""build_knowledge: items in, entities, tenures, events and documents out, all with provenance."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import communique.extract as extract
from communique.extract import build_knowledge
from communique.model import Item, Mention, PartialDate, Source, item_id
from communique.profiles import load_profile

TEXTS = [
    ("Meeting of the ECOWAS Mediation and Security Council",
     "On 14 April 2022, in Accra, the ECOWAS Commission President Omar Alieu Touray opened the session of the "
     "ECOWAS Mediation and Security Council. The Council adopted a Declaration on regional security. "
     "Mr. Touray thanked the Ghanaian side.", PartialDate(2022, 4, 15)),
    (None, "The President of the ECOWAS Commission, Dr. Omar Alieu Touray, received the Minister of Foreign "
     "Affairs of the Republic of Senegal Aissata Tall Sall on 2 May 2022 in Abuja.", PartialDate(2022, 5, 3)),
]


def items():
    return [Item(item_id(t, x), t, x, d, (Source(f"file:///e{k}.txt", 0),)) for k, (t, x, d) in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def knowledge():
    return build_knowledge(items(), load_profile("csto"))


def names(k, etype):
    return {e.name for e in k.entities if e.type == etype}


def test_people_are_one_entity_each(knowledge):
    assert names(knowledge, "person") == {"Omar Alieu Touray", "Aissata Tall Sall"}
    touray = next(e for e in knowledge.entities if e.name == "Omar Alieu Touray")
    assert "Touray" in touray.aliases and touray.reasons


def test_organizations_and_bodies(knowledge):
    orgs = names(knowledge, "organization")
    assert {"ECOWAS Commission", "ECOWAS Mediation and Security Council",
            "Economic Community of West African States"} <= orgs
    ids = {e.name: e for e in knowledge.entities}
    assert ids["ECOWAS Commission"].parent == ids["Economic Community of West African States"].id


def test_tenures_with_evidence(knowledge):
    ids = {e.id: e.name for e in knowledge.entities}
    rows = {(ids[t.person], t.office, ids.get(t.organization)) for t in knowledge.tenures}
    assert ("Omar Alieu Touray", "President of the ECOWAS Commission", "Economic Community of West African States") in rows
    assert ("Aissata Tall Sall", "Minister of Foreign Affairs", "Senegal") in rows
    for t in knowledge.tenures:
        assert t.evidence and all(ev.item_id.startswith("i_") for ev in t.evidence)


def test_every_reference_is_an_entity(knowledge):
    ids = {e.id for e in knowledge.entities}
    for t in knowledge.tenures:
        assert t.person in ids and (t.organization is None or t.organization in ids)
    for e in knowledge.entities:
        assert e.parent is None or e.parent in ids


def test_same_items_give_same_knowledge():
    a, b = build_knowledge(items()), build_knowledge(list(reversed(items())))
    assert [e.id for e in a.entities] == [e.id for e in b.entities]
    assert a.tenures == b.tenures


@dataclass(frozen=True)
class FakeEvent:
    type: str
    date: PartialDate | None
    date_end: PartialDate | None
    status: str
    evidence: str
    participants: tuple[Mention, ...]
    organizations: tuple[Mention, ...]
    place: Mention | None


@dataclass(frozen=True)
class FakeDocument:
    title: str
    kind: str
    body: Mention | None
    date: PartialDate | None
    evidence: str


def test_event_and_document_mentions_map_to_entities(monkeypatch):
    def find_events(analysis, profile):
        ms = analysis.mentions
        people = tuple(m for m in ms if m.kind == "person")
        orgs = tuple(m for m in ms if m.kind == "organization")
        place = next((m for m in ms if m.kind == "place"), None)
        return [FakeEvent("meeting", analysis.anchor, None, "reported", analysis.text[:40], people, orgs, place)]

    def find_documents(analysis, profile):
        body = next((m for m in analysis.mentions if m.kind == "organization"), None)
        return [FakeDocument("Declaration on regional security", "declaration", body, analysis.anchor, "x")]

    monkeypatch.setattr(extract, "find_events", find_events)
    monkeypatch.setattr(extract, "find_documents", find_documents)
    k = build_knowledge(items()[:1])
    ids = {e.id: e for e in k.entities}
    (event,) = k.events
    assert [ids[p].name for p in event.participants] == ["Omar Alieu Touray"]
    assert all(ids[o].type == "organization" for o in event.organizations) and event.organizations
    assert ids[event.place].type == "place" and event.id.startswith("v_")
    (doc,) = k.documents
    assert ids[doc.id].type == "document" and ids[doc.body].type == "organization"


def test_a_finder_failing_on_an_item_skips_that_item_only(monkeypatch):
    def broken(analysis, profile):
        raise RuntimeError("bug")

    monkeypatch.setattr(extract, "find_events", broken)
    monkeypatch.setattr(extract, "find_documents", broken)
    k = build_knowledge(items()[:1])
    assert k.events == () and k.documents == () and k.tenures
