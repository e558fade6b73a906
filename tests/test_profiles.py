"""Profiles are data: TOML files merged with the common data, and a user adds one with a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.profiles import builtin_names, load_profile, load_profiles, merge_profiles, parse_profile
from communique.profiles.lexicon import fold_key, lexicon


def test_builtin_profiles_are_listed():
    names = builtin_names()
    assert "csto" in names and "sco" in names and "common" not in names


def test_csto_profile_knows_its_organization_and_the_common_data():
    p = load_profile("csto")
    assert p.home == "Collective Security Treaty Organization"
    org = p.organization("Collective Security Treaty Organization")
    assert "CSTO" in org.acronyms and "Armenia" in org.member_states
    cfm = p.organization("Council of Foreign Ministers")
    assert cfm.parent == org.name and "CFM" in cfm.acronyms and "Ministerial Council" in cfm.aliases
    assert {"CSSC", "CSCS"} <= set(p.organization("Committee of Secretaries of Security Councils").acronyms)
    assert p.office("Secretary General").single_seat
    assert not p.office("Deputy Secretary General").single_seat
    assert p.state("Belarus").aliases == ("Republic of Belarus",)
    assert p.organization("United Nations") is not None  # from common.toml


def test_top_organization_walks_up_from_a_body():
    p = load_profiles()
    assert p.top_organization("CSTO Joint Staff").name == "Collective Security Treaty Organization"
    # a structure that is an organization in its own right stays itself
    rats = "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization"
    assert p.top_organization(rats).name == rats
    assert [o.name for o in p.ancestors("SCO RATS Executive Committee")][-1] == "Shanghai Cooperation Organization"


def test_load_profiles_merges_everything_and_none_means_all():
    everything = load_profiles()
    assert everything.organization("Shanghai Cooperation Organization") is not None
    assert everything.organization("Collective Security Treaty Organization") is not None
    assert load_profile(None).organizations == everything.organizations


def test_unknown_profile_says_what_exists():
    with pytest.raises(LookupError, match="csto"):
        load_profile("no-such-org")


USER_PROFILE = """
name = "gulf"
[organization]
name = "Gulf Maritime Council"
acronyms = ["GMC"]
member_states = ["Oman", "Qatar"]
[[bodies]]
name = "GMC Coast Guard Board"
aliases = ["Coast Guard Board"]
[[offices]]
name = "Commodore General"
owned = true
"""


def test_a_user_adds_an_organization_with_a_file(tmp_path: Path):
    path = tmp_path / "gulf.toml"
    path.write_text(USER_PROFILE, encoding="utf-8")
    p = load_profile(str(path))
    assert p.home == "Gulf Maritime Council"
    assert p.organization("GMC Coast Guard Board").parent == "Gulf Maritime Council"
    assert p.office("Commodore General").organizations == ("Gulf Maritime Council",)
    assert p.state("Oman") is not None  # merged with the common data


def test_user_profile_directory_joins_load_profiles(tmp_path: Path, monkeypatch):
    (tmp_path / "gulf.toml").write_text(USER_PROFILE, encoding="utf-8")
    monkeypatch.setenv("COMMUNIQUE_PROFILE_PATH", str(tmp_path))
    assert load_profiles().organization("Gulf Maritime Council") is not None
    assert load_profile("gulf").home == "Gulf Maritime Council"


def test_merge_unites_aliases_and_keeps_the_first_home():
    a = parse_profile({"organization": {"name": "X Org", "aliases": ["Xo"]}})
    b = parse_profile({"organizations": [{"name": "X Org", "aliases": ["The X"], "acronyms": ["XO"]}]})
    merged = merge_profiles(a, b)
    assert merged.home == "X Org"
    assert set(merged.organization("X Org").aliases) == {"Xo", "The X"}
    assert merged.organization("X Org").acronyms == ("XO",)


def test_fold_key_folds_spellings():
    assert fold_key("the Organisation for Security and Co-operation") == fold_key("Organization for Security and Cooperation")
    assert fold_key("Anti-Terrorism Centre") == fold_key("Antiterrorism Center")
    assert fold_key("Council of Defence Ministers") == fold_key("council of defense ministers")


def test_lexicon_reads_acronyms_in_their_case_and_compounds():
    lex = lexicon(load_profile("csto"))
    assert [e.target for e in lex.matches("CSTO CFM", ("org",))] == ["Council of Foreign Ministers"]
    assert [e.target for e in lex.matches("CFM CSTO", ("org",))] == ["Council of Foreign Ministers"]
    assert lex.matches("csto", ("org",)) == []  # an acronym only in capitals
    assert lex.matches("Republic of Tajikistan", ("state",))[0].target == "Tajikistan"
    assert lex.matches("Kyrgyz", ("adjective",))[0].target == "Kyrgyzstan"
    # "Chief of the Joint Staff" is read as a title and a body, not as one word
    assert lex.matches("Chief of the Joint Staff", ("office",)) == []
    assert lex.matches("Chief", ("office",))
