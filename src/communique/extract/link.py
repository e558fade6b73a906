"""Announced events tied to the reports of what then happened.

    link_events(events, items) -> events, with `linked` set on both twins

An announcement ("On November 27, a joint meeting ... will be held in Bishkek") and a later
report of the same happening ("On November 27, Bishkek hosted the joint meeting ...") are the
same happening when they have the same type, the same date (compared at the coarser of their
precisions, or the report falls inside the announced range), no two different places, and at
least one organization in common. They come from different items, and the report's item is
not published before the announcement's. Each event is linked at most once, to its best twin:
same place first, then the most organizations shared, then the nearest date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from communique.model import Event, Item, PartialDate

__all__ = ["link_events"]


def _same_time(a: PartialDate, b: PartialDate) -> bool:
    n = min(len(a.iso()), len(b.iso()))
    return a.iso()[:n] == b.iso()[:n]


def _dates_match(announced: Event, reported: Event) -> bool:
    if announced.date is None or reported.date is None:
        return False
    if _same_time(announced.date, reported.date):
        return True
    end = announced.date_end
    return end is not None and announced.date.iso() <= reported.date.iso() <= end.iso() + "~"


def _in_order(announced: Event, reported: Event, published: dict[str, PartialDate | None]) -> bool:
    """The report is not published before the announcement (unknown dates do not forbid it)."""
    a, r = published.get(announced.item_id), published.get(reported.item_id)
    return a is None or r is None or not r.iso() < a.iso()[: len(r.iso())]


def _score(announced: Event, reported: Event) -> tuple[int, int, int] | None:
    if reported.item_id == announced.item_id or reported.type != announced.type:
        return None
    if announced.place and reported.place and announced.place != reported.place:
        return None
    shared = set(announced.organizations) & set(reported.organizations)
    if not shared or not _dates_match(announced, reported):
        return None
    precision = len(reported.date.iso()) if reported.date else 0
    return (announced.place is not None and announced.place == reported.place), len(shared), precision


def link_events(events: list[Event], items: Iterable[Item] = ()) -> list[Event]:
    """The events, in the same order, each announced one linked to its report and back."""
    published = {it.id: it.published for it in items}
    # Twins share a type and an organization: reports are looked up by (type, organization)
    # instead of trying every pair (quadratic over a corpus).
    reports: dict[tuple[str, str], list[int]] = {}
    for k, r in enumerate(events):
        if r.status == "reported":
            for org in set(r.organizations):
                reports.setdefault((r.type, org), []).append(k)
    linked: dict[str, str] = {}
    pairs = []
    for a in events:
        if a.status != "announced":
            continue
        candidates = sorted({k for org in set(a.organizations) for k in reports.get((a.type, org), ())})
        for r in (events[k] for k in candidates):
            if not _in_order(a, r, published):
                continue
            score = _score(a, r)
            if score is not None:
                pairs.append((score, a.id, r.id))
    for _, a_id, r_id in sorted(pairs, key=lambda p: p[0], reverse=True):
        if a_id not in linked and r_id not in linked:
            linked[a_id], linked[r_id] = r_id, a_id
    return [replace(e, linked=linked[e.id]) if e.id in linked else e for e in events]
