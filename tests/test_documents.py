"""extract.documents on sentences written for the tests (several house styles, no page text copied)."""

from __future__ import annotations

import re

from communique.extract.analysis import ItemAnalysis
from communique.extract.dates import first_full_date
from communique.extract.documents import find_documents
from communique.model import Item, Mention, PartialDate


def analysis(text: str, *, title: str | None = None, published: str | None = None, orgs=()) -> ItemAnalysis:
    item = Item("i_doc", title, text, PartialDate.parse_iso(published), ())
    full = item.full_text
    sentences = []
    for line in re.finditer(r"[^\n]+", full):
        start = line.start()
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c-])", line.group()):
            at = full.index(part, start)
            sentences.append((at, at + len(part)))
            start = at + len(part)
    mentions = sorted((Mention(item.id, m.start(), m.end(), name, "organization")
                       for name in orgs for m in re.finditer(re.escape(name), full)), key=lambda m: m.start)
    return ItemAnalysis(item, full, tuple(sentences), tuple(mentions), item.published or first_full_date(full))


def found(a: ItemAnalysis) -> list[tuple[str, str, str | None]]:
    return [(d.kind, d.title, d.date.iso() if d.date else None) for d in find_documents(a)]


def test_adopted_joint_statement_with_its_complement_and_no_more():
    a = analysis("On 2 June 2023, the ministers adopted a Joint Statement on maritime security in the Baltic Sea. "
                 "It expresses concern about the growing number of incidents.")
    assert found(a) == [("joint statement", "Joint Statement on maritime security in the Baltic Sea", "2023-06-02")]


def test_a_bulleted_declaration_in_capitals():
    a = analysis("The following documents were signed at the summit:\n"
                 "- DECLARATION of the Council of Heads of State on cooperation in the Arctic.\n"
                 "The Declaration stresses the role of science.", published="2021-09-30",
                 orgs=["Council of Heads of State"])
    [d] = find_documents(a)
    assert (d.kind, d.title) == ("declaration", "Declaration of the Council of Heads of State on cooperation in the Arctic")
    assert d.body is not None and d.body.text == "Council of Heads of State"
    assert d.date == PartialDate(2021, 9, 30)


def test_an_acronym_opening_a_documents_name_keeps_its_capitals():
    a = analysis("The Chairperson upholds the position expressed in the VALCOM communiqué issued on 29 October 2019.")
    assert [t for _, t, _ in found(a)] == ["VALCOM communiqué"]


def test_a_participle_gives_the_document_its_own_date():
    a = analysis("The experts reviewed the Programme of Cultural Exchange, adopted in 2015, and proposed changes.",
                 published="2020-02-01")
    assert found(a) == [("plan", "Programme of Cultural Exchange", "2015")]


def test_generic_mentions_are_no_documents():
    a = analysis("The document notes that trade has grown. The Statement expresses hope for peace. "
                 "Important political statements were adopted.")
    assert found(a) == []


def test_it_was_decided_is_a_decision():
    a = analysis("On 8 May 2019, at the session of the Council, it was decided to establish a joint fund for "
                 "disaster relief.", orgs=["Council"])
    assert found(a) == [("decision", "Decision to establish a joint fund for disaster relief", "2019-05-08")]


def test_a_list_after_including():
    a = analysis("Nine documents were signed during the visit, including the Agreement on visa-free travel "
                 "between the two states, the Memorandum of Understanding between the Chambers of Commerce, "
                 "and several decisions.", published="2018-04-04")
    assert [t for _, t, _ in found(a)] == ["Agreement on visa-free travel between the two states",
                                           "Memorandum of Understanding between the Chambers of Commerce"]


def test_draft_decisions_on_two_matters_are_two():
    a = analysis("The Board approved draft decisions of the Assembly on the budget and on the audit plan.",
                 orgs=["Board", "Assembly"])
    assert [t for _, t, _ in found(a)] == ["draft decision of the Assembly on the budget",
                                           "draft decision of the Assembly on the audit plan"]


def test_a_document_still_to_be_adopted_is_none_yet():
    a = analysis("The summit is expected to adopt a Declaration on the future of the region.")
    assert found(a) == []


def test_the_body_is_who_adopted_it():
    a = analysis("On 1 December 2024, the Council of Ministers adopted a Decision on the budget of the Union.",
                 orgs=["Council of Ministers", "Union"])
    [d] = find_documents(a)
    assert d.body is not None and d.body.text == "Council of Ministers"
    assert d.title == "Decision on the budget of the Union"


def test_a_dated_agreement_named_in_passing():
    a = analysis("The parties remain committed to the Quadrilateral Accords of March 3, 2011.")
    assert found(a) == [("agreement", "Quadrilateral Accords of March 3, 2011", "2011-03-03")]


def test_a_statement_heading_an_item():
    a = analysis("I condemn the attack on the journalists.", title="Statement by the Secretary General on the "
                 "attack in the capital", published="2019-05-05")
    assert found(a) == [("statement", "Statement by the Secretary General on the attack in the capital",
                         "2019-05-05")]


def test_the_same_decision_told_twice_is_one():
    a = analysis('The Council signed the Decision "On awarding medals to the rescuers of the flood". Today the '
                 "Decision was signed by the Council on awarding medals to the flood rescuers.",
                 published="2022-07-07", orgs=["Council"])
    assert [t for _, t, _ in found(a)] == ["On awarding medals to the rescuers of the flood"]


def test_documents_coordinated_after_one_verb_are_each_a_document():
    a = analysis("On 4 May 2021 the Ministerial Board adopted a declaration, a statement on regional water "
                 "security and decisions on the budget for 2022.", orgs=["Ministerial Board"])
    assert found(a) == [("declaration", "Declaration of the Ministerial Board", "2021-05-04"),
                        ("statement", "statement on regional water security", "2021-05-04"),
                        ("decision", "decisions on the budget for 2022", "2021-05-04")]


def test_a_kind_alone_and_a_full_date_closing_the_next_name():
    a = analysis("The Summit of the Union adopted the Declaration and Statement on Digital Cooperation in the "
                 "Region 14.03.2019", published="2023-01-10", orgs=["Summit of the Union"])
    assert found(a) == [("declaration", "Declaration of the Summit of the Union", "2019-03-14"),
                        ("statement", "Statement on Digital Cooperation in the Region", "2019-03-14")]


def test_a_quote_inside_the_complement_is_not_the_title():
    a = analysis("On 9 July 2020 the Board approved the decision of the Board to give the programme \"Clean Rivers\" "
                 "the status of a regional project.", orgs=["Board"])
    assert [t for _, t, _ in found(a)] == [
        "decision of the Board to give the programme \"Clean Rivers\" the status of a regional project"]


def test_a_title_goes_on_past_an_honorific_and_an_initial():
    title = "Statement of H.E. Jane R. Doe Head of the Observer Mission on the elections in Freedonia"
    item = Item("i_doc", title, "", PartialDate(2019, 4, 2), ())
    a = ItemAnalysis(item, item.full_text, ((0, len(title)),), (), item.published)
    assert found(a) == [("statement", title, "2019-04-02")]


def test_a_title_case_headline_verb_is_no_part_of_the_name():
    a = analysis("", title="Union Signs Memorandum of Understanding with the Guild of Surveyors", published="2021-03-04")
    assert found(a) == [("agreement", "Memorandum of Understanding with the Guild of Surveyors", "2021-03-04")]


def test_a_numbered_document_only_named_keeps_its_own_date_or_none():
    a = analysis("The envoy recalled Council resolution 1999 (2011) and the Presidential Decree No. 7/2020 of "
                 "3 March 2020 dissolving parliament, and said that talks would go on.", published="2023-05-05")
    assert found(a) == [("decision", "Council resolution 1999 2011", "2011"),
                        ("decision", "Presidential Decree No. 7/2020 of 3 March 2020 dissolving parliament", "2020-03-03")]
    a = analysis("The envoy recalled resolution 1999 and called for calm.", published="2023-05-05")
    assert found(a) == [("decision", "resolution 1999", None)]


def test_a_bare_name_takes_the_full_name_the_item_gives_elsewhere():
    a = analysis("The commission considered the question \u201cOn the draft Agreement on mutual recognition of "
                 "diplomas\u201d. The draft Agreement was approved and sent to the Council.")
    assert found(a) == [("agreement", "draft Agreement on mutual recognition of diplomas", None)]


def test_a_document_issued_by_a_person_is_known_by_its_issuer():
    item = Item("i_doc", None, "A Board press statement was released on Monday by Board President Ann Lee "
                "(Norway):", None, ())
    full = item.full_text
    at = full.index("Ann Lee")
    a = ItemAnalysis(item, full, ((0, len(full)),), (Mention(item.id, at, at + 7, "Ann Lee", "person"),), None)
    assert found(a) == [("statement", "Board press statement released by Board President Ann Lee Norway", None)]


def test_a_headings_document_does_not_take_the_date_opening_the_text_under_it():
    title = "The Council adopted the Declaration on the Formation of a Fair Order"
    text = "On 2 December 2020, a session of the Council took place in Valmora."
    item = Item("i_doc", title, text, PartialDate(2020, 12, 3), ())
    full = item.full_text
    a = ItemAnalysis(item, full, ((0, len(title)), (len(title) + 1, len(full))), (), item.published)
    [d] = find_documents(a)
    assert d.title == "Declaration on the Formation of a Fair Order"
    from communique.extract.documents import document_spans
    assert document_spans(a)[0][2] is None  # the body's date is the session's, not the document's own


def test_adopted_by_consensus_and_a_complement_between_two_organizations():
    a = analysis("On 2 December 2021, the General Assembly adopted by consensus a resolution on cooperation between "
                 "the United Nations and the Harbour Treaty Organization.")
    assert found(a) == [("decision", "resolution on cooperation between the United Nations and the Harbour Treaty "
                         "Organization", "2021-12-02")]


def test_a_document_given_a_name_in_quotation_marks_counts_undated():
    a = analysis("For the Chairman\u2019s Statement of the 9th Harbour Summit, \u201cShared Seas, Shared Future\u201d "
                 "please click here.", published="2013-04-26")
    assert found(a) == [("statement", "Chairman\u2019s Statement of the 9th Harbour Summit, \u201cShared Seas, Shared "
                         "Future\u201d", None)]


def test_a_second_adopting_verb_opens_a_clause_of_its_own():
    a = analysis("The ministers approved the Action Plan for 2024-2026 and endorsed the Strategy for Coastal "
                 "Resilience.", published="2023-11-20")
    assert found(a) == [("plan", "Action Plan for 2024-2026", "2023-11-20"),
                        ("other", "Strategy for Coastal Resilience", "2023-11-20")]


def test_a_name_stops_at_a_comma_before_particularly():
    a = analysis("The Council adopted the Declaration on Maritime Safety, particularly to protect the fisheries.",
                 published="2023-03-04")
    assert [d.title for d in find_documents(a)] == ["Declaration on Maritime Safety"]


def test_a_name_stops_before_and_another_verbs_clause():
    a = analysis("The ministers approved the draft Declaration of the Council and submitted it to the heads of state. "
                 "They signed the Agreement on trade and related matters.", published="2023-03-04")
    assert [d.title for d in find_documents(a)] == ["draft Declaration of the Council",
                                                    "Agreement on trade and related matters"]


def test_a_document_of_an_undated_item_takes_the_year_the_items_names_carry():
    a = analysis("The Council adopted a Declaration on the lessons of the exercise Harbour-2023.")
    [d] = find_documents(a)
    assert d.date == PartialDate(2023)


def test_a_decision_taken_to_do_something_is_a_decision_to_do_it():
    a = analysis("In a spirit of unity, an important decision was made in 1999 to turn the Valmora Pact into a "
                 "standing union - the VPU, which today unites nine states.", published="2023-03-14")
    assert found(a) == [("decision", "Decision to turn the Valmora Pact into a standing union", "1999")]
    b = analysis("The decision was taken to open an office in Ostin.", published="2023-03-14")
    assert found(b) == [("decision", "Decision to open an office in Ostin", "2023-03-14")]


def test_amendments_made_to_a_named_text_are_a_decision():
    a = analysis("Amendments were made to the Register of controlled goods of the Union.", published="2023-03-14")
    assert found(a) == [("decision", "Amendments to the Register of controlled goods of the Union", "2023-03-14")]
    assert found(analysis("Several changes were made to the schedule.", published="2023-03-14")) == []


def test_a_count_of_documents_names_none():
    assert found(analysis("The Committee adopted 41 decisions at the meeting.", published="2024-09-20")) == []
    assert found(analysis("The ministers signed three agreements.", published="2024-09-20")) == []


def test_a_date_in_a_where_clause_after_the_document_is_that_clauses_own():
    a = analysis("The ministers adopted a Statement on border security, where they recall that the Union "
                 "was founded in 1994.", published="2023-05-12")
    assert found(a) == [("statement", "Statement on border security", "2023-05-12")]


def test_a_document_dated_by_the_items_events_takes_a_reported_one_not_one_announced():
    a = analysis("The Council of the Valmoran League concluded yesterday its 40th ordinary session in Ostin. The "
                 "Council adopted a resolution on water security. The ministers approved the agenda of the "
                 "next summit, to be held in Ostin in May 2024.", published="2023-03-16")
    assert ("decision", "resolution on water security", "2023-03-15") in found(a)


def test_a_document_adopted_at_the_close_of_a_session_takes_its_last_day():
    a = analysis("The 12th Session of the Assembly was held from 15 to 16 February 2025 in Ostin. At the close of "
                 "the session, the Assembly adopted the Ostin Declaration.", published="2025-02-17")
    assert found(a) == [("declaration", "Ostin Declaration", "2025-02-16")]


def test_the_year_in_a_documents_number_gives_way_to_the_day_it_was_adopted():
    a = analysis("The Council today adopted resolution 2801 (2025) on the situation in Ostin.", published="2025-04-30")
    assert [d[2] for d in found(a)] == ["2025-04-30"]
    b = analysis("The parties recalled resolution 2254 (2015) of the Council.", published="2025-04-30")
    assert [d[2] for d in found(b)] in ([], ["2015"])


def test_documents_named_by_their_kind_and_what_they_are_on():
    a = analysis("The Council adopted conclusions on the engagement with the Great Lakes and a decision prolonging "
                 "the restrictive measures against Ostin. It also adopted statements on the anniversary of the Union "
                 "and its founding, and on supporting free trade. The Security Council adopted a presidential "
                 "statement on the situation in the region. Ostin signed a grant agreement for the harbour project.",
                 published="2025-03-17")
    assert [(d[0], d[1]) for d in found(a)] == [
        ("other", "conclusions on the engagement with the Great Lakes"),
        ("decision", "decision prolonging the restrictive measures against Ostin"),
        ("statement", "statement on the anniversary of the Union and its founding"),
        ("statement", "statement on supporting free trade"),
        ("statement", "presidential statement on the situation in the region"),
        ("agreement", "grant agreement for the harbour project")]


def test_a_document_an_interview_recalls_takes_the_day_of_the_session_told_before_it():
    a = analysis("The Secretary General gave an interview to the Ostin Daily newspaper.\nThe central "
                 "event of last year was the session of the Council held on November 23, 2023 in Ostin. The heads of "
                 "state adopted the Declaration of the Council on strategic partnership.", published="2024-02-14")
    assert [d[2] for d in found(a)] == ["2023-11-23"]


def test_a_numbered_list_under_an_adopting_lead_is_adopted():
    a = analysis("The Council of the Union met in Ostin on 24 June 2024.\nThe Council adopted the following "
                 "decisions:\n1. Decision No. 3/2024 approving the budget for 2025;\n2. Decision No. 4/2024 on the "
                 "appointment of the Deputy Secretary-General, by which Ms Anna Kelm is appointed.",
                 published="2024-06-25")
    assert found(a) == [("decision", "Decision No. 3/2024 approving the budget for 2025", "2024-06-24"),
                        ("decision", "Decision No. 4/2024 on the appointment of the Deputy Secretary-General",
                         "2024-06-24")]


def test_a_date_in_a_coordinated_clause_after_the_document_is_that_clauses():
    a = analysis("The Ministers met in Ostin on 16 May 2023. The Ministers endorsed the Water Plan and agreed to "
                 "present the Charter for adoption at the summit in November.", published="2023-05-17")
    assert ("plan", "Water Plan", "2023-05-16") in found(a)
