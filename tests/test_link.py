"""extract.link: an announced event and the later report of the same happening point at each other."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.extract.link import link_events
from communique.model import Event, Item, PartialDate


def event(vid: str, item: str, status: str, date: str | None, *, type_: str = "meeting", place: str | None = "e_city",
          orgs: tuple[str, ...] = ("e_council",), date_end: str | None = None) -> Event:
    return Event(vid, type_, PartialDate.parse_iso(date), PartialDate.parse_iso(date_end), place, (), orgs, status,
                 item, f"evidence of {vid}")


def item(iid: str, published: str | None) -> Item:
    return Item(iid, None, "text", PartialDate.parse_iso(published), ())


ITEMS = [item("i_ann", "2025-11-24"), item("i_rep", "2025-11-28"), item("i_old", "2025-10-01")]


def links(events: list[Event]) -> dict[str, str | None]:
    return {e.id: e.linked for e in link_events(events, ITEMS)}


def test_announcement_and_report_link_both_ways():
    ann = event("v_a", "i_ann", "announced", "2025-11-27")
    rep = event("v_r", "i_rep", "reported", "2025-11-27")
    assert links([ann, rep]) == {"v_a": "v_r", "v_r": "v_a"}


def test_a_year_announced_matches_the_day_reported():
    ann = event("v_a", "i_ann", "announced", "2025")
    rep = event("v_r", "i_rep", "reported", "2025-12-02")
    assert links([ann, rep])["v_a"] == "v_r"


def test_a_report_inside_the_announced_range():
    ann = event("v_a", "i_ann", "announced", "2025-11-26", date_end="2025-11-28")
    rep = event("v_r", "i_rep", "reported", "2025-11-27")
    assert links([ann, rep])["v_a"] == "v_r"


def test_no_link_across_types_places_dates_or_bodies():
    ann = event("v_a", "i_ann", "announced", "2025-11-27")
    others = [
        event("v_type", "i_rep", "reported", "2025-11-27", type_="conference"),
        event("v_place", "i_rep", "reported", "2025-11-27", place="e_other_city"),
        event("v_date", "i_rep", "reported", "2025-11-29"),
        event("v_orgs", "i_rep", "reported", "2025-11-27", orgs=("e_someone_else",)),
        event("v_same_item", "i_ann", "reported", "2025-11-27"),
    ]
    assert set(links([ann, *others]).values()) == {None}


def test_a_report_published_before_the_announcement_is_not_its_outcome():
    ann = event("v_a", "i_ann", "announced", "2025-11")
    rep = event("v_r", "i_old", "reported", "2025-11-27")
    assert links([ann, rep])["v_a"] is None


def test_each_event_links_once_to_its_best_twin():
    ann = event("v_a", "i_ann", "announced", "2025-11-27", orgs=("e_council", "e_committee"))
    weak = event("v_weak", "i_rep", "reported", "2025-11-27", place=None)
    strong = event("v_strong", "i_rep", "reported", "2025-11-27", orgs=("e_council", "e_committee"))
    got = links([ann, weak, strong])
    assert got == {"v_a": "v_strong", "v_weak": None, "v_strong": "v_a"}


def _every_pair(events: list[Event]) -> dict[str, str | None]:
    """The rule applied to every pair (what the bucketed lookup must equal)."""
    from communique.extract.link import _in_order, _score

    published = {it.id: it.published for it in ITEMS}
    pairs = [(s, a.id, r.id) for a in events if a.status == "announced" for r in events
             if r.status == "reported" and _in_order(a, r, published) and (s := _score(a, r)) is not None]
    linked: dict[str, str] = {}
    for _, a_id, r_id in sorted(pairs, key=lambda p: p[0], reverse=True):
        if a_id not in linked and r_id not in linked:
            linked[a_id], linked[r_id] = r_id, a_id
    return {e.id: linked.get(e.id) for e in events}


DATES = st.sampled_from([None, "2024", "2025", "2025-11", "2025-12", "2025-11-27", "2025-11-28", "2025-12-01",
                         "2026-01-15"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["announced", "reported"]), DATES, DATES,
                          st.sampled_from(["i_ann", "i_rep", "i_old"]), st.sampled_from(["meeting", "visit"])),
                max_size=12))
def test_the_bucketed_lookup_links_what_trying_every_pair_links(rows):
    events = [event(f"v_{k}", iid, status, date, type_=type_, date_end=end if status == "announced" else None)
              for k, (status, date, end, iid, type_) in enumerate(rows)]
    assert links(events) == _every_pair(events)
