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


def test_the_gazetteer_adds_every_country_the_hand_list_lacks_with_its_capital():
    p = load_profiles()
    zimbabwe = p.state("Zimbabwe")
    assert zimbabwe is not None and zimbabwe.capital == "Harare" and "Republic of Zimbabwe" in zimbabwe.aliases
    assert p.state_of_city("Harare") == "Zimbabwe" and p.state_of_city("Moroni") == "Comoros"
    assert p.state("Ecuador").capital == "Quito" and p.state("Rwanda") is not None
    # ISO's inverted short names are written as text writes them, and common names lead
    assert p.state("Tanzania").aliases[:1] == ("United Republic of Tanzania",)
    assert p.state("Democratic Republic of the Congo") is not None
    assert p.state("Brunei Darussalam").aliases == ("Brunei",)
    assert p.state("Holy See") is not None
    lex = lexicon(p)
    assert [e.target for e in lex.matches("Comoros", ("state",))] == ["Comoros"]
    assert [e.target for e in lex.matches("Harare", ("city",))] == ["Harare"]


def test_the_hand_list_leads_and_the_gazetteer_adds_no_second_state_for_it():
    p = load_profiles()
    belarus = p.state("Belarus")
    assert belarus.adjectives == ("Belarusian", "Belarussian") and belarus.capital == "Minsk"
    names = [s.name for s in p.states]
    assert len(names) == len(set(names))
    # ISO's names of hand-listed states ("Iran, Islamic Republic of", "Palestine, State of",
    # "Korea, Republic of") find the hand-written state, and no state is added under them
    for iso in ("Iran", "Islamic Republic of Iran", "State of Palestine", "Republic of Korea", "Viet Nam", "Czechia"):
        assert [e.target for e in lexicon(p).matches(iso, ("state",))] in (["Iran"], ["Palestine"], ["South Korea"],
                                                                            ["Vietnam"], ["Czech Republic"])
    assert p.state("Andorra").capital == "Andorra la Vella"  # a hand-listed state without one gets its capital


def test_the_gazetteer_skips_words_shared_names_and_capitals_that_are_names():
    p = load_profiles()
    assert p.state("Jersey") is None and p.state("Antarctica") is None and p.state("Congo") is None
    assert p.state("Republic of the Congo").capital == "Brazzaville"  # the next form leads
    assert p.state("Seychelles").capital is None  # "Victoria" is a given name
    assert p.state("Jamaica").capital is None  # "Kingston" is two countries' capital
    assert p.state("Singapore").capital is None  # a city-state's capital is its own name
    assert p.state("Palestine").capital is None  # "East Jerusalem" is skipped
    assert p.state_of_city("Victoria") is None


def test_iso_names_are_written_as_text_writes_them():
    from communique.profiles.gazetteer import _form

    assert _form("Congo, The Democratic Republic of the") == "Democratic Republic of the Congo"
    assert _form("Micronesia, Federated States of") == "Federated States of Micronesia"
    assert _form("Virgin Islands, British") == "British Virgin Islands"
    assert _form("Holy See (Vatican City State)") == "Holy See"
    assert _form("the State of Eritrea") == "State of Eritrea"
    assert _form("Taiwan, Province of China") is None  # a gloss, not an inversion
    assert _form("Bonaire, Sint Eustatius and Saba") is None  # a list


def test_a_profile_may_skip_gazetteer_forms():
    from communique.profiles.gazetteer import with_gazetteer

    own = parse_profile({"name": "x", "gazetteer_skip": ["Zimbabwe", "Republic of Zimbabwe"],
                         "states": [{"name": "Belarus", "adjectives": ["Belarusian"]}]})
    p = with_gazetteer(own)
    assert p.state("Zimbabwe") is None and p.state("Comoros") is not None
    assert p.state("Belarus").adjectives == ("Belarusian",) and p.state("Belarus").capital == "Minsk"


def test_the_regional_rapid_deployment_forces_are_not_the_rapid_reaction_forces():
    from communique.profiles import load_profiles
    from communique.profiles.lexicon import lexicon
    lex = lexicon(load_profiles())
    deployment = {h.target for h in lex.matches("Collective Rapid Deployment Forces", ("org",))}
    reaction = {h.target for h in lex.matches("Collective Rapid Reaction Forces", ("org",))}
    assert deployment and reaction and not deployment & reaction
