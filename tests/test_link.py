"""extract.link: an announced event and the later report of the same happening point at each other."""

from __future__ import annotations

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
