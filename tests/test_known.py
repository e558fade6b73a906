"""Names known across the corpus, found again where an item writes them bare (extract.known)."""

from __future__ import annotations

import pytest

from communique.extract.known import KnownNames, add_known_names
from communique.extract.names import analyze
from communique.model import Item, Source, item_id
from communique.profiles import load_profiles


@pytest.fixture(scope="module")
def profile():
    return load_profiles()


def make_item(text: str) -> Item:
    return Item(item_id(None, text), None, text, None, (Source("file:///k.txt", 0),))


def people(analysis) -> list[str]:
    return [m.text for m in analysis.mentions if m.kind == "person"]


def test_a_full_name_known_elsewhere_is_a_person_where_it_is_written_bare(profile):
    a = analyze(make_item("The report was drafted by Oskar Velmintsev. Oskar Velmintsevich Fund paid."), profile)
    found = add_known_names(a, KnownNames({"Oskar Velmintsev"}), profile)
    # found where the name is written whole, not inside a longer word
    assert [m.start for m in found.mentions if m.text == "Oskar Velmintsev"] == [26]


def test_a_given_name_before_a_surname_the_item_uses_is_a_relative(profile):
    a = analyze(make_item("The Secretary General Omar Rahimov spoke. Later Nadia Rahimov and Rahimovich Co. met."),
                profile)
    found = add_known_names(a, KnownNames(set()), profile)
    assert "Nadia Rahimov" in people(found)
    assert not any("Rahimovich" in p for p in people(found))  # the surname must be written whole
