"""extract.events on items written for the tests, in several house styles (no page text copied).

Each test builds the ItemAnalysis by hand: sentences split on full stops, mentions found from a
tiny gazetteer given by the test, so the finder is tested on its own, without the name reader.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.extract.analysis import ItemAnalysis
from communique.extract.dates import first_full_date
from communique.extract.documents import find_documents
from communique.extract.events import EventDraft, find_events
from communique.model import Item, Mention, PartialDate


def analysis(text: str, *, title: str | None = None, published: str | None = None, people=(), orgs=(),
             places=()) -> ItemAnalysis:
    item = Item("i_test", title, text, PartialDate.parse_iso(published), ())
    full = item.full_text
    sentences = []
    for line in re.finditer(r"[^\n]+", full):
        start = line.start()
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c-])", line.group()):
            at = full.index(part, start)
            sentences.append((at, at + len(part)))
            start = at + len(part)
    mentions = []
    for kind, names in (("person", people), ("organization", orgs), ("place", places)):
        for name in names:
            mentions += [Mention(item.id, m.start(), m.end(), name, kind) for m in re.finditer(re.escape(name), full)]
    mentions.sort(key=lambda m: m.start)
    anchor = item.published or first_full_date(full)
    return ItemAnalysis(item, full, tuple(sentences), tuple(mentions), anchor)


def iso(e: EventDraft) -> str | None:
    return e.date.iso() if e.date else None


def names(mentions) -> list[str]:
    return [m.text for m in mentions]


def test_one_meeting_told_in_several_sentences():
    a = analysis(
        "On 14 March 2024, the Council of Interior Ministers of the Baltic Rim Forum held its 9th session "
        "in Tallinn. The session was chaired by Minister Anna Kask. The meeting was attended by Deputy "
        "Secretary General Piotr Nowak and experts of the Forum Secretariat.",
        people=["Anna Kask", "Piotr Nowak"], orgs=["Council of Interior Ministers", "Baltic Rim Forum", "Forum Secretariat"],
        places=["Tallinn"])
    [e] = find_events(a)
    assert (e.type, iso(e), e.status) == ("meeting", "2024-03-14", "reported")
    assert e.place is not None and e.place.text == "Tallinn"
    assert names(e.participants) == ["Anna Kask", "Piotr Nowak"]
    assert "Forum Secretariat" in names(e.organizations)


def test_announcement_in_the_future_is_announced():
    a = analysis("On May 20, joint command-staff exercises of the rapid reaction units will be held near Almaty.",
                 title="Announcement: regional drills to be held in Kazakhstan", published="2024-05-02",
                 places=["Almaty", "Kazakhstan"])
    [e] = find_events(a)
    assert (e.type, iso(e), e.status) == ("training", "2024-05-20", "announced")
    assert e.place is not None and e.place.text == "Almaty"


def test_background_events_are_their_own_events():
    a = analysis(
        "Yesterday the Union's foreign ministers met in Vilnius. The Charter of the Union was signed on "
        "3 June 1999 in Riga. On 12 May 2001, at the summit of heads of state in Vilnius, it was decided "
        "to create a permanent secretariat.",
        published="2024-09-12", places=["Vilnius", "Riga"])
    events = find_events(a)
    assert [(e.type, iso(e)) for e in events] == [("meeting", "2024-09-11"), ("other", "1999-06-03"),
                                                   ("meeting", "2001-05-12")]
    assert [e.place.text if e.place else None for e in events] == ["Vilnius", "Riga", "Vilnius"]


def test_a_speech_in_the_first_person_names_no_event():
    a = analysis("I am grateful for the invitation to take part in this conference. I am sure that today's "
                 "debate will be useful.")
    assert find_events(a) == []


def test_media_briefing_after_talks():
    a = analysis("On 3 July 2023, the foreign ministers held talks in Baku. After the talks, Minister Ilham "
                 "Rzayev briefed the media on the results.", people=["Ilham Rzayev"], places=["Baku"])
    events = find_events(a)
    assert [(e.type, iso(e)) for e in events] == [("meeting", "2023-07-03"), ("media", "2023-07-03")]
    assert names(events[1].participants) == ["Ilham Rzayev"]


def test_city_before_its_square():
    a = analysis("Yesterday, in Warsaw's Castle Square, a parade marking Independence Day was attended by "
                 "guards of honour of the member states.", published="2023-11-12",
                 places=["Warsaw", "Castle Square"])
    [e] = find_events(a)
    assert (e.type, iso(e)) == ("ceremony", "2023-11-11")
    assert e.place is not None and e.place.text == "Warsaw"


def test_a_message_from_someone_is_no_participation():
    a = analysis("The round table on water security opened in Dushanbe on 4 April 2022. Deputy Director Lena "
                 "Berg read out a message of greetings from Secretary General Tomas Varga.",
                 people=["Lena Berg", "Tomas Varga"], places=["Dushanbe"])
    [e] = find_events(a)
    assert e.type == "conference"
    assert names(e.participants) == ["Lena Berg"]


def test_two_indefinite_meetings_in_one_sentence_are_two():
    a = analysis("On 2 October 2022, a session of the Assembly was held in Sofia and a joint meeting of the "
                 "Budget Committee and the Audit Committee was held.",
                 orgs=["Assembly", "Budget Committee", "Audit Committee"], places=["Sofia"])
    events = find_events(a)
    assert [e.type for e in events] == ["meeting", "meeting"]


def test_the_format_of_a_meeting_is_the_same_meeting():
    a = analysis("On 9 June 2021, the Council met in Minsk. The meeting was held in a plenary session.",
                 orgs=["Council"], places=["Minsk"])
    assert len(find_events(a)) == 1


def test_a_date_no_trigger_claims_in_a_past_clause_is_a_background_event():
    a = analysis("The Secretariat was registered with the United Nations. This happened in December 2003.")
    [e] = find_events(a)
    assert (e.type, iso(e), e.status) == ("other", "2003-12", "reported")


def test_a_speaker_is_a_participant_of_the_main_event_not_of_what_he_recalls():
    a = analysis("On 5 May 2022, the defence ministers met in Bishkek. Minister Ivo Petrov noted that the "
                 "peacekeeping operation in the region had been completed in January of this year.",
                 people=["Ivo Petrov"], places=["Bishkek"])
    events = find_events(a)
    assert [(e.type, iso(e)) for e in events] == [("meeting", "2022-05-05"), ("operation", "2022-01")]
    assert names(events[0].participants) == ["Ivo Petrov"]
    assert events[1].participants == ()


def test_title_and_lead_are_one_event_and_the_lead_dates_it():
    a = analysis("Secretary General Mara Liu took part in the 12th conference on border management, held on "
                 "18 October 2021 in Geneva.", title="Secretary General attends border conference",
                 people=["Mara Liu"], places=["Geneva"])
    [e] = find_events(a)
    assert (e.type, iso(e)) == ("conference", "2021-10-18")
    assert names(e.participants) == ["Mara Liu"]


def test_an_abstract_noun_is_no_event():
    a = analysis("The intensity of combat training activities near the borders is increasing.")
    assert find_events(a) == []


def test_a_date_that_comes_right_after_opens_the_undated_event():
    a = analysis("The Secretary General briefed journalists on the agenda of this week's meeting of ministers. "
                 "On Thursday, ministers will discuss the budget.", published="2023-03-06")
    events = find_events(a)
    assert [(e.type, iso(e), e.status) for e in events] == [("media", "2023-03-06", "reported"),
                                                             ("meeting", "2023-03-09", "announced")]


def test_documents_name_no_event_inside_them():
    a = analysis("The Council adopted a Decision on awarding the participants of the rescue operation in "
                 "the mountains on 1 March 2020.", orgs=["Council"])
    assert [e.type for e in find_events(a)] == []


def test_a_first_person_report_of_a_past_call_is_an_event():
    a = analysis("I conveyed my concerns in a telephone conversation with Minister Omar Haddad.",
                 title="Statement by the Secretary General on the detention of a journalist", published="2020-03-02",
                 people=["Omar Haddad"])
    events = find_events(a)
    assert [e.type for e in events] == ["media", "meeting"]
    assert names(events[1].participants) == ["Omar Haddad"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["meeting", "Meetings", "the", "held", "was", "TALKS", "exercise", "x", "-", ",",
                                 " ", "  ", ".", "\n", "somemeeting", "event", "in the", "phone", "call", "_",
                                 "Operation", " \"", "Week", "week", "\u0130", "Vide\u00f3", "video conference"]),
                max_size=30))
def test_trigger_scan_finds_what_a_word_boundary_pattern_finds(words):
    """The item-wide scan (unanchored patterns, case folded where no pattern asks for case, and
    the text then lower-cased) finds exactly what each pattern's own finditer finds."""
    from communique.extract.events import _text_matches, _trigger_patterns, _unanchored, _word_matches

    text = "".join(words)
    expected = []
    for type_, strength, pat in _trigger_patterns():
        assert list(_word_matches(_unanchored(pat), text)) == [m.span() for m in pat.finditer(text)], pat.pattern
        if strength != "title":
            expected += [(*m.span(), type_, strength) for m in pat.finditer(text)]
    assert sorted(_text_matches(text)) == sorted(expected)


def test_an_undated_item_dates_an_exercise_by_its_editions_year():
    a = analysis(
        "In the Lakeland district, the active phase of the joint rescue exercise \u201cHarbour-2021\u201d took "
        "place, with units of four member states. The units then returned to their bases.",
        orgs=["member states"], places=["Lakeland district"])
    [e] = find_events(a)
    assert (e.type, iso(e)) == ("training", "2021")


def test_an_editions_year_does_not_replace_the_items_date_nor_a_printed_one():
    text = ("The joint rescue exercise \u201cHarbour-2021\u201d took place on 3 June. Earlier, the "
            "\u201cHarbour-2019\u201d and \u201cDelta-2020\u201d exercises took place.")
    dated = find_events(analysis(text, published="2021-06-05"))
    assert [iso(e) for e in dated][0] == "2021-06-03"
    undated = find_events(analysis("The \u201cHarbour-2019\u201d and \u201cDelta-2020\u201d exercises took place."))
    assert [iso(e) for e in undated] == [None]  # two editions, two years: no one date


def test_an_undated_item_is_dated_by_the_anniversary_it_marks():
    a = analysis(
        "Today, a ceremony dedicated to the 60th anniversary of the founding of the Harbour League on "
        "2 May 1965 was held in Valmora.", orgs=["Harbour League"], places=["Valmora"])
    [e] = find_events(a)
    assert (e.type, iso(e)) == ("ceremony", "2025")


def test_anniversaries_that_disagree_date_nothing():
    from communique.extract.dates import anniversary_year
    assert anniversary_year("the 80th anniversary of the end of the war of 1941-1945") == PartialDate(2025)
    assert anniversary_year("the 30th anniversary of the Treaty (1992) and the 75th anniversary of 1945") is None
    assert anniversary_year("the anniversary of the Treaty of 1992") is None


def test_counted_weeks_ago_date_an_event_and_a_period_is_no_event():
    a = analysis("The visit comes after her election two weeks ago at the 12th Ordinary Session of the Assembly "
                 "in Dakar. The board also recommended an audit of the accounts from March 2019 to 30 June 2021.",
                 published="2021-06-30", places=["Dakar"])
    [e] = find_events(a)
    assert (e.type, iso(e)) == ("meeting", "2021-06-16")


def test_meeting_with_its_object_is_a_verb():
    a = analysis("The forum examined ways of meeting the needs of coastal states.", title="Forum on the oceans",
                 published="2022-03-03")
    assert [e.type for e in find_events(a)] == ["conference"]


def test_an_undated_item_reads_a_day_and_month_in_the_year_its_editions_carry():
    a = analysis(
        "On 19 October, the meeting of the Commission will be held in Valmora. It will take place during "
        "the exhibition \u201cSECUREX-2022\u201d, which will be held on October 18-20.", places=["Valmora"])
    assert "2022-10-19" in [iso(e) for e in find_events(a)]


def test_bodies_that_discussed_something_met():
    a = analysis("On 9 January 2022, under the supervision of the Council, the situation in the region was reviewed.",
                 title="The Defence Ministries have discussed the situation in the region")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2022-01-09")]
    a = analysis("The ministers met in Valmora on 3 May 2021. They discussed trade and exchanged views on transport.",
                 places=["Valmora"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2021-05-03")]


def test_an_election_with_its_own_date_is_a_happening_beside_the_meeting():
    a = analysis("The Council supports the decisions of the 12th session of the Assembly, in particular to keep the "
                 "government formed after the parliamentary elections of 10 March 2019 until the presidential "
                 "election on 24 November 2019.", published="2019-10-30")
    found = {(e.type, iso(e)) for e in find_events(a)}
    assert ("other", "2019-03-10") in found and ("other", "2019-11-24") in found


def test_addressing_an_assembly_is_a_meeting():
    a = analysis("\u201cWe need peace,\u201d said Anna Berg, President of the Board, when addressing the "
                 "Parliamentary Assembly.", published="2024-10-02")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2024-10-02")]


def test_telling_a_council_or_a_council_hearing_is_a_meeting():
    a = analysis("The crisis is deepening, an envoy told the Council on Monday.")
    assert [e.type for e in find_events(a)] == ["meeting"]
    a = analysis("Funding is falling short, the Board heard from two envoys on Monday.")
    assert [e.type for e in find_events(a)] == []  # a board is no council, assembly, parliament or committee
    a = analysis("Funding is falling short, the Council heard from two envoys on Monday.")
    assert [e.type for e in find_events(a)] == ["meeting"]


def test_each_of_two_meetings_takes_the_date_its_verb_of_happening_gives():
    a = analysis("The members set out the order of business for the joint meeting with the Trade Commission of "
                 "the Regional Economic Council that is to be held on 29 March 2017, and for the ordinary meeting "
                 "of the Board of Permanent Delegates of the Statutory Organs of the Union scheduled for "
                 "18 April 2017.", published="2017-02-07")
    assert sorted((e.type, iso(e)) for e in find_events(a)) == [("meeting", "2017-03-29"), ("meeting", "2017-04-18")]


def test_held_says_when_a_named_happening_is_and_is_no_meeting_of_its_own():
    a = analysis("They backed Anna Berg as head of the observer team at the elections to the National Assembly of "
                 "Moldova, due to be held on 9 April 2017.", published="2017-02-07")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("other", "2017-04-09")]


def test_a_pronoun_carries_the_occasion_of_the_event_told_before_on():
    a = analysis("The Secretary General will visit Valmora on 17 January 2002. The journey belongs to a series of "
                 "journeys. Trade will top the agenda.\nHe will meet with the President, Mr. Ivan Orlov.",
                 places=["Valmora"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("visit", "2002-01-17"), ("meeting", "2002-01-17")]
    # a sentence that names someone else as its subject opens an occasion of its own
    a = analysis("The Secretary General will visit Valmora on 17 January 2002. The President will meet with "
                 "the Prime Minister.", places=["Valmora"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("visit", "2002-01-17"), ("meeting", None)]


def test_a_delegation_that_will_arrive_is_a_visit():
    a = analysis("On 5 May, the delegation will arrive in Valmora.", published="2023-03-20", places=["Valmora"])
    assert [(e.type, iso(e), e.status) for e in find_events(a)] == [("visit", "2023-05-05", "announced")]


def test_receiving_a_visitor_is_a_meeting_receiving_an_award_is_not():
    a = analysis("On 3 April 2023, the Secretary General received the Ambassador of Moldova, Ion Rusnac.",
                 published="2023-04-05", people=["Ion Rusnac"])
    assert [e.type for e in find_events(a)] == ["meeting"]
    a = analysis("The Secretary General received a delegation of the Academy on 3 April 2023.", published="2023-04-05")
    assert [e.type for e in find_events(a)] == ["meeting"]
    a = analysis("On 3 April 2023, the officer received the Order of Friendship.", published="2023-04-05")
    assert [e.type for e in find_events(a)] == ["other"]


def test_the_session_of_a_conference_told_on_is_no_meeting_of_its_own():
    a = analysis("On 12 May 2023, the Secretary General took part in the international conference in Valmora. "
                 "Speaking at the plenary session, he noted the importance of cooperation.",
                 published="2023-05-13", places=["Valmora"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("conference", "2023-05-12")]


def test_a_demonstrative_types_the_happening_the_sentence_before_dated():
    a = analysis("The allies helped Moldova restore order in January 2022. Drawing on this peacekeeping "
                 "operation, the leaders decided to strengthen the forces.")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("operation", "2022-01")]


def test_a_happening_told_in_the_past_is_reported_whatever_else_will_be():
    a = analysis("What the parties decide now will shape the region, the envoy told the Council today.")
    assert [(e.type, e.status) for e in find_events(a)] == [("meeting", "reported")]
    a = analysis("The Board's schedule for May will include a debate, its chair announced at a press "
                 "conference today.")
    assert [(e.type, e.status) for e in find_events(a)] == [("conference", "announced"), ("media", "reported")]
    a = analysis("The minister will speak at the conference.")
    assert [(e.type, e.status) for e in find_events(a)] == [("conference", "announced")]


def test_warning_a_council_is_a_meeting():
    a = analysis("Further fighting would be a disaster, the envoy warned the Security Council on Monday.")
    assert [e.type for e in find_events(a)] == ["meeting"]


def test_a_press_statement_issued_is_both_a_document_and_a_media_event():
    a = analysis("Two Board press statements were issued today by Board President Ann Lee (Norway):",
                 published="2024-10-02")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("media", "2024-10-02")]
    assert [d.kind for d in find_documents(a)] == ["statement"]


def test_a_video_conference_as_the_means_of_taking_part_is_no_meeting_of_its_own():
    a = analysis("On 28 June 2021, the conference opened in Valmora. The delegation was headed by Anna Berg, who "
                 "made a presentation via videoconferencing. The review is also being held in a video conference "
                 "format.", published="2021-06-30", places=["Valmora"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("conference", "2021-06-28")]


def test_a_headline_statement_of_concern_is_a_media_event():
    a = analysis("The Secretary General called on the parties to stop the fighting.",
                 title="The Secretary General Ivan Orlov raises major concerns over the fighting on the border")
    assert [e.type for e in find_events(a)] == ["media"]
    a = analysis("The Council met in Valmora.", title="Council condemns the attack on the convoy", places=["Valmora"])
    assert "media" in [e.type for e in find_events(a)]


def test_a_ceremonial_transfer_is_a_ceremony():
    a = analysis("The museum held a ceremonial transfer of capsules with soil from the memorials to the delegations.")
    assert [e.type for e in find_events(a)] == ["ceremony"]


def test_saying_something_in_an_interview_is_giving_one():
    a = analysis("The Secretary General said in an interview with the agency that the attack was an act of terror.")
    assert [e.type for e in find_events(a)] == ["media"]


def test_a_sentences_one_date_after_a_verb_of_happening_is_its_one_events_however_far():
    a = analysis("The active phase of the command-staff exercise with the units of the Joint Rapid Reaction Forces "
                 "of the member states started in the Lakeland district on September 1.",
                 published="2023-09-02", places=["Lakeland district"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("training", "2023-09-01")]


def test_a_comment_of_a_secretariat_heading_its_item_is_a_statement():
    a = analysis("The Secretariat is following the situation on the border closely.",
                 title="Comment of the Secretariat in connection with the victims of the clashes on the border")
    assert [e.type for e in find_events(a)] == ["media"]


def test_a_dateline_places_the_statement_made_under_it():
    a = analysis("Port Louis, 4 March 2023: The Secretary General expresses concern about the floods in Madagascar "
                 "and calls for restraint.", title="Statement of the Secretary General on the floods in Madagascar",
                 published="2023-03-04", places=["Port Louis", "Madagascar"])
    (statement, *_) = [e for e in find_events(a) if e.type == "media"]
    assert statement.place.text == "Port Louis"  # not Madagascar, what it speaks of


def test_a_visit_announced_under_a_dateline_is_not_made_there():
    a = analysis("Valmora, 2 April 2004 - Next week the Chairman sets off on a tour of the region.",
                 published="2004-04-02", places=["Valmora"])
    (visit,) = find_events(a)
    assert visit.type == "visit" and visit.place is None


def test_an_arrival_to_take_part_in_a_meeting_is_a_visit_beside_the_meeting():
    a = analysis("The Chairperson arrived in Valmora today to take part in the Summit of the Union.",
                 published="2011-05-03", places=["Valmora"], orgs=["Union"])
    assert sorted(e.type for e in find_events(a)) == ["meeting", "visit"]
    b = analysis("The Chairperson visited Valmora and took part in the Summit of the Union.",
                 published="2011-05-03", places=["Valmora"], orgs=["Union"])
    assert [e.type for e in find_events(b)] == ["meeting"]  # a visit told with its meeting is the meeting's


def test_a_past_relative_clause_in_a_sentence_about_the_future_tells_its_own_happening():
    a = analysis("On Saturday the Envoy intends to fly on to Valmora, which joined the Union in April last year.",
                 published="2004-04-02", places=["Valmora"])
    got = sorted((e.date.iso(), e.status) for e in find_events(a) if e.date is not None)
    assert ("2003-04", "reported") in got
    # without the relative clause, the future sentence's date is the announced one only
    b = analysis("In April next year the Envoy intends to fly on to Valmora.", published="2004-04-02", places=["Valmora"])
    assert all(e.status == "announced" for e in find_events(b))


def test_speaking_at_a_bodys_sitting_on_a_day_of_its_own_is_a_meeting():
    a = analysis("The Envoy spoke at the Permanent Council in Valmora on 15 January 2004.", published="2004-04-02",
                 places=["Valmora"])
    assert [(e.type, e.date.iso()) for e in find_events(a)] == [("meeting", "2004-01-15")]
    b = analysis("The Envoy spoke at the Permanent Council about the crisis.", published="2004-04-02")
    assert find_events(b) == []  # no day of its own: no sitting told


def test_a_headline_naming_someone_by_a_new_title_is_taking_office():
    a = analysis("", title="Pavel Orlin, new Secretary General", published="2024-09-18", people=["Pavel Orlin"])
    assert [(e.type, e.date.iso()) for e in find_events(a)] == [("other", "2024-09-18")]
    b = analysis("Pavel Orlin met journalists.", title="Pavel Orlin, new Secretary General, meets the press",
                 published="2024-09-18", people=["Pavel Orlin"])
    assert [e.type for e in find_events(b)] == ["meeting"]  # the headline tells another happening


def test_an_exchange_of_views_is_a_meeting():
    a = analysis("On 25 September, the Board held an exchange of views on fishing quotas.", published="2024-09-26")
    assert [(e.type, e.date.iso()) for e in find_events(a)] == [("meeting", "2024-09-25")]


def test_a_dated_verb_said_of_a_session_is_that_session():
    a = analysis("The Council concluded yesterday its 40th ordinary session in Ostin.", published="2023-03-16")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2023-03-15")]


def test_the_happening_named_again_by_its_noun_is_the_one_told_of_so_not_the_last_of_its_type():
    a = analysis("The summit was held on 17 May in Ostin. The Council of Ministers met on 14 May. Following the "
                 "summit, the leaders held a press conference.", published="2025-05-20")
    assert [(e.type, iso(e)) for e in find_events(a)] == [
        ("meeting", "2025-05-17"), ("meeting", "2025-05-14"), ("media", "2025-05-17")]


def test_a_dateline_of_a_city_alone_or_with_its_state_places_the_happening_reported_under_it():
    a = analysis("OSTIN – The Assembly of the Union today held its annual session.", published="2023-03-04",
                 places=["OSTIN"], orgs=["Assembly of the Union"])
    assert [e.place.text for e in find_events(a)] == ["OSTIN"]
    b = analysis("Port Louis, Mauritius, March 4, 2023 - The Council of the Union held a meeting today.",
                 published="2023-03-04", places=["Port Louis", "Mauritius"], orgs=["Council of the Union"])
    assert [e.place.text for e in find_events(b)] == ["Port Louis"]


def test_a_deciding_body_that_adopted_something_on_a_day_sat_that_day():
    a = analysis("The Assembly of the Union today adopted resolution 41 (2025) on water. Following the meeting, "
                 "the President briefed journalists.", published="2025-05-20", orgs=["Assembly of the Union"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2025-05-20"), ("media", "2025-05-20")]


def test_a_body_that_will_take_place_is_its_sitting_and_an_interview_is_media():
    a = analysis("The next Council of the Union will take place in Ostin on 14 April.", published="2025-03-18",
                 orgs=["Council of the Union"], places=["Ostin"])
    assert [(e.type, iso(e), e.status) for e in find_events(a)] == [("meeting", "2025-04-14", "announced")]
    b = analysis("A meeting of the Council of the Union took place in Ostin on 14 March.", published="2025-03-18",
                 orgs=["Council of the Union"], places=["Ostin"])
    assert [(e.type, iso(e)) for e in find_events(b)] == [("meeting", "2025-03-14")]
    c = analysis("The Secretary General answered questions from a correspondent of the Ostin Daily news agency.",
                 published="2025-03-18")
    assert [e.type for e in find_events(c)] == ["media"]


def test_a_listings_stamp_opening_a_teaser_is_no_happenings_date():
    a = analysis("27.08.2014 The Deputy Secretary General delivered a lecture to the students of the Academy on "
                 "August 26.", published="2014-08-27")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("conference", "2014-08-26")]


def test_what_a_sentence_places_beside_the_happening_just_told_happened_that_day():
    a = analysis("The Council of the Union met in Ostin on Monday. On the margins of the Council, the meeting of "
                 "the Valmora Association Council took place. After the meeting, the President held a press "
                 "conference.", published="2025-03-18", orgs=["Council of the Union", "Valmora Association Council"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [
        ("meeting", "2025-03-17"), ("meeting", "2025-03-17"), ("media", "2025-03-17")]


def test_sessions_named_in_the_plural_with_two_days_are_two_and_a_coarser_mention_is_one_of_them():
    a = analysis("Valmora hosted the sessions of the Council of the Union in Ostin on 20 December 2010 and in "
                 "Ostin on 14 October 2016. At the Ostin session of 2016 the heads of state adopted the Strategy.",
                 orgs=["Council of the Union"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2010-12-20"), ("meeting", "2016-10-14")]


def test_a_date_between_a_named_session_and_a_verb_that_only_dates_is_the_sessions():
    a = analysis("The Secretariat recalls that the Council of the Union, at its session in Ostin on November 23, "
                 "2022, adopted the Statement on terrorism.", published="2024-03-23", orgs=["Council of the Union"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2022-11-23")]


def test_a_date_after_a_verb_is_not_the_verb_of_the_next_clause():
    a = analysis("The secretaries reviewed the decisions of the Council of the Union adopted in Ostin on 14 June "
                 "2011 and approved the Regulation on the operation.", published="2011-09-16",
                 orgs=["Council of the Union"], places=["Ostin"])
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2011-06-14")]


def test_a_body_named_forum_that_met_held_a_meeting():
    a = analysis("Foreign Ministers of the Coastal Islands Forum met in Ostin on 14 May 2023.", published="2023-05-17")
    assert [(e.type, iso(e)) for e in find_events(a)] == [("meeting", "2023-05-14")]
