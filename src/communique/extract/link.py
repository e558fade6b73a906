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


def _month(d: PartialDate) -> tuple[int, int]:
    """(year, month) of a date; 0 stands for a date known to the year only."""
    return d.year, d.month or 0


def _report_keys(announced: Event) -> list[tuple[int, int]]:
    """The (year, month) buckets its reports can be in (_dates_match): each month from its date to
    its end (the whole of a year given to the year only), and each of those years' year-only bucket."""
    if announced.date is None:
        return []
    start, end = announced.date, announced.date_end or announced.date
    if end.iso() + "~" < start.iso():  # an empty range (see _dates_match)
        end = start
    first = (start.year, start.month or 1)
    last = max((end.year, end.month or 12), (start.year, start.month or 12))  # a year matches all its months
    keys = [(y, 0) for y in range(start.year, end.year + 1)]
    y, m = first
    while (y, m) <= last:
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def link_events(events: list[Event], items: Iterable[Item] = ()) -> list[Event]:
    """The events, in the same order, each announced one linked to its report and back."""
    published = {it.id: it.published for it in items}
    # Twins share a type, an organization and a date: reports are looked up by (type,
    # organization, year, month) instead of trying every pair (quadratic over a corpus:
    # 100k pages give tens of thousands of meetings of one organization).
    reports: dict[tuple[str, str, tuple[int, int]], list[int]] = {}
    for k, r in enumerate(events):
        if r.status == "reported" and r.date is not None:
            for org in set(r.organizations):
                reports.setdefault((r.type, org, _month(r.date)), []).append(k)
    linked: dict[str, str] = {}
    pairs = []
    for a in events:
        if a.status != "announced":
            continue
        keys = _report_keys(a)
        candidates = sorted({k for org in set(a.organizations) for key in keys
                             for k in reports.get((a.type, org, key), ())})
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
