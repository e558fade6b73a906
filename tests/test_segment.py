"""Segmentation on the bundled sample pages and on pages written in other styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.model import PartialDate
from communique.segment import segment_text
from communique.segment.lines import Kind, classify

PAGES = Path(__file__).parent / "pages" / "segment"


def seg(name: str):
    return segment_text((PAGES / name).read_text(encoding="utf-8"), name)


def test_dated_listing_gives_one_item_per_date_with_titles_and_drops_navigation():
    items = seg("listing_dated.txt")
    assert [it.published for it in items] == [PartialDate(2024, 3, 3), PartialDate(2024, 3, 2), PartialDate(2024, 2, 28)]
    assert items[0].title is None and items[0].text.startswith("The Council of Ministers")
    assert items[2].title.startswith("Announcement: Summit")
    assert "They will also discuss" in items[2].text  # the article keeps all its paragraphs
    assert all("Go back" not in it.text and "Back to" not in it.text for it in items)


def test_article_keeps_salutations_and_unpunctuated_sentences_but_not_the_contact_footer():
    (item,) = seg("article_with_footer.txt")
    assert item.title == "Regional Forum on Water Security opens in Tashkent"
    assert item.published == PartialDate(2023, 9, 11)
    assert "Ladies and gentlemen," in item.text
    assert "transboundary rivers remains the key" in item.text
    assert "Speakers also discussed" in item.text
    assert "Press Office" not in item.text and "E-mail" not in item.text and "+998" not in item.text


def test_datelines_open_press_releases_and_heading_blocks_give_one_title():
    items = seg("press_releases.txt")
    assert [it.title for it in items] == ["Ministerial meeting concludes in Vienna",
                                          "Special envoy appointed for the Danube region"]
    assert [it.published for it in items] == [PartialDate(2021, 5, 4), PartialDate(2021, 4, 30)]
    assert "The Chair thanked" in items[0].text


def test_untitled_teasers_split_but_continuations_stay():
    items = seg("untitled_teasers.txt")
    assert len(items) == 3
    assert "joint patrols" in items[0].text  # "The participants ..." continues the teaser above


def test_offsets_point_at_the_item_in_the_page():
    text = (PAGES / "listing_dated.txt").read_text(encoding="utf-8")
    for item in segment_text(text, "x"):
        off = item.sources[0].offset
        first = (item.title or item.text).split("\n")[0]
        assert text[off:].lstrip().startswith(first[:20]) or text[off:].startswith(str(item.published.day).zfill(2))


@pytest.mark.parametrize(
    "line,kind",
    [
        ("05.12.2025", Kind.DATE),
        ("14 Feb. 2017", Kind.DATE),
        ("Secretary General 21 February 2019 Strasbourg", Kind.DATE),
        ("Read More", Kind.LABEL),
        ("+7-495-795-27-10", Kind.NOISE),
        ("E-mail: press@example.org", Kind.CONTACT),
        ("______________", Kind.SEP),
        ("Ministers meet in Minsk to discuss regional security", Kind.TITLE),
        ("The ministers met in Minsk.", Kind.PARA),
        ("Dear colleagues,", Kind.PARA),
    ],
)
def test_line_kinds(line, kind):
    assert classify(line)[0] is kind


def test_sample_pages_give_the_expected_number_of_items(samples):
    counts = {p.name[:3]: len(segment_text(p.read_text(encoding="utf-8"), p.name)) for p in sorted(samples.iterdir())}
    assert counts["000"] == 6 and counts["001"] == 4 and counts["002"] == 5 and counts["004"] == 3


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_every_item_line_comes_from_the_page(text):
    for item in segment_text(text, "x"):
        for line in item.text.split("\n") + ([item.title] if item.title else []):
            if line:
                assert " ".join(line.split()) in " ".join(text.split())


def test_an_article_page_cut_short_still_gives_its_item():
    page = ("URL: https://example.org/news/one/\n\n\n\n"
            "The Secretary General took part in the joint session of the Council and the Assembly\n\n\n"
            "On 3 March 2022, the Secretary General of the Organization Ivan Orlov\n")
    items = segment_text(page)
    assert len(items) == 1
    assert items[0].title.startswith("The Secretary General took part")
    assert items[0].text.startswith("On 3 March 2022, the Secretary General")


def test_an_article_page_whose_text_runs_on_unpunctuated_gives_its_item():
    page = ("The Secretary General called for new tools against terrorism\n\n\n"
            "The Secretary General Ivan Orlov said in an interview that the attack on the city was a clear act of\n")
    items = segment_text(page)
    assert [i.title for i in items] == ["The Secretary General called for new tools against terrorism"]


def test_a_teaser_list_cut_down_to_bare_headings_gives_nothing():
    page = "Council met in Minsk\n\nSecretary General visits Astana\n\nExercise ends in Tajikistan\n"
    assert segment_text(page) == []


def test_meta_line_of_a_name_with_joining_words_dates_its_teaser():
    assert classify("Board of Governors 3 march 2021 Lisbon") == (Kind.DATE, PartialDate(2021, 3, 3))
    assert classify("Board of Governors met on 3 March 2021 in Lisbon")[0] is not Kind.DATE


def test_teasers_ended_by_a_repeated_link_line_are_one_item_each():
    page = ("Fisheries board reviews the quota rules for the coming season\n\n"
            "Board of Governors 3 March 2021 Lisbon\n\n"
            "The board reviewed the quota rules and asked the secretariat for a report.\n\nContinue reading\n\n"
            "Secretariat opens a regional office in the northern provinces\n\n\n"
            "The secretariat opened its regional office with a ceremony attended by local officials.\n\n"
            "Continue reading\n")
    items = segment_text(page)
    assert [it.title for it in items] == ["Fisheries board reviews the quota rules for the coming season",
                                          "Secretariat opens a regional office in the northern provinces"]
    assert items[0].published == PartialDate(2021, 3, 3) and items[1].published is None


def test_heading_printed_again_with_a_date_takes_it_and_a_run_of_bare_dates_dates_nothing():
    page = ("04.05.2023\n\n\n03.05.2023\n\n\n"
            "Ministers of transport discussed the corridor project at their meeting in Baku\n\n"
            "Ministers of transport discussed the corridor project at their meeting in Baku 12.04.2021\n\n"
            "The ministers agreed on the schedule of the works.\n")
    items = segment_text(page)
    assert len(items) == 1 and items[0].published == PartialDate(2021, 4, 12)
    assert items[0].text == "The ministers agreed on the schedule of the works."
    stack = "05.06.2024\n\n\n04.06.2024\n\n\nThe secretariat held consultations of the heads of the press services\n"
    items = segment_text(stack)
    assert len(items) == 1 and items[0].published is None


def test_a_page_cut_down_to_one_long_line_is_that_line_and_a_short_one_gives_nothing():
    page = ("URL: https://example.org/news/concern\n\n\n"
            "The Secretary General Ivan Orlov raises serious concerns about the renewed fighting along the border on Octo\n")
    [item] = segment_text(page)
    assert item.title.startswith("The Secretary General Ivan Orlov raises") and item.published is None
    assert segment_text("Page not found\n\nHome\n") == []


def test_a_heading_cut_with_an_ellipsis_heads_the_text_under_it():
    page = ("\u201cThe Road Home\u201d, a project that ...\n\n\n"
            "As part of the project, the museum of the armed forces handed over soil from the memorials to the "
            "delegations of the member states who came to the\n")
    [item] = segment_text(page)
    assert item.title == "\u201cThe Road Home\u201d, a project that ..."
    assert item.text.startswith("As part of the project")


def test_a_date_line_run_into_the_text_dates_the_cut_article():
    page = ("The Defence Ministries discussed the situation in the region and the actions of the peacekeeping forces\n"
            "11.02.2023On February 11, 2023, under the supervision of the Joint\n")
    [item] = segment_text(page)
    assert item.title.startswith("The Defence Ministries") and item.published == PartialDate(2023, 2, 11)


def test_untitled_paragraphs_that_go_on_the_story_are_one_item():
    page = ("H.E. Ana Lindqvist, Secretary-General of the Council, briefed the diplomatic community on the summit.\n"
            "SG Lindqvist also highlighted the progress on the three pillars.\n"
            "During the meeting, the envoys asked about the budget.\n"
            "In conclusion, the parties agreed to meet again.\n\n"
            "On May 3, 2024, the Working Group on Water met in Geneva.\n")
    items = segment_text(page)
    assert len(items) == 2
    assert items[0].text.endswith("the parties agreed to meet again.")
    assert items[1].text.startswith("On May 3, 2024")


def test_untitled_teasers_that_introduce_their_people_stay_apart():
    page = ("On 4 May, the Chief of the Joint Staff Pavel Orlov visited the training centre in Osh.\n"
            "On 3 May, Deputy Secretary General Anna Berg took part in the conference in Vienna.\n"
            "Secretary General Ivan Petrov met the Ambassador of Mongolia, Bat Erdene.\n")
    assert len(segment_text(page)) == 3


def test_a_label_among_untitled_teasers_and_leads_that_announce_a_statement():
    page = ("The following Board statement came out on Monday from its President Ann Lee (Norway):\n"
            "Now at headquarters\n"
            "Flooding in the delta has displaced thousands of families, the envoy told the Board today.\n"
            "The following Board statement came out on Monday from its President Ann Lee (Norway):\n"
            "The Board heard today that the ceasefire is holding in most districts of the region.\n"
            "The following Board statement came out on Monday from its President Omar Said (Egypt):\n")
    items = segment_text(page)
    assert all(it.title is None for it in items)  # "Now at headquarters" titles nothing
    texts = [it.text for it in items]
    assert texts[1].startswith("Flooding in the delta")
    assert texts[2].startswith("The following Board statement")  # not folded into the teaser above
    assert texts[-1].endswith("Omar Said (Egypt):")
    # the lead is printed twice: the listing cut each statement after its colon, so the
    # paragraph under the second one is the next teaser, not the statement's text
    assert texts[2].endswith("Ann Lee (Norway):")
    assert texts[3].startswith("The Board heard today")


def test_a_lead_printed_once_keeps_the_statement_under_it():
    page = ("The following Board statement came out on Monday from its President Ann Lee (Norway):\n"
            "The Board condemns the attack on the convoy and calls for restraint.\n")
    assert len(segment_text(page)) == 1


def test_a_date_line_with_the_time_of_day():
    page = ("The Council met the Ambassador of Moldova\n\n30.06.2021 12:45\n\n"
            "On 29 June, the Council met the Ambassador of Moldova. The sides discussed cooperation.\n")
    (item,) = segment_text(page)
    assert item.published == PartialDate(2021, 6, 30)


def test_a_heading_stamped_with_a_numeric_date_is_dated_by_it():
    body = "On 29 June, the Council met the Ambassador of Moldova. The sides discussed cooperation."
    for heading in ("The Council met the Ambassador of Moldova (30.06.2021)",
                    "The Council met the Ambassador of Moldova - 30.06.2021",
                    "30.06.2021 | The Council met the Ambassador of Moldova"):
        (item,) = segment_text(f"{heading}\n\n{body}\n")
        assert item.published == PartialDate(2021, 6, 30)
        assert item.title == "The Council met the Ambassador of Moldova"
    # a date written in words ends many a heading that names its day: no stamp
    (item,) = segment_text(f"Council to meet the Ambassador on 12 May 2023\n\n{body}\n")
    assert item.published is None and item.title.endswith("12 May 2023")
    # a listing of stamped headings: each opens its item
    page = (f"Council met the Ambassador of Moldova (30.06.2021)\n\n{body}\n\n"
            f"Council met the Ambassador of Serbia (01.07.2021)\n\n{body.replace('Moldova', 'Serbia')}\n")
    assert [it.published for it in segment_text(page)] == [PartialDate(2021, 6, 30), PartialDate(2021, 7, 1)]


def test_a_paragraph_naming_bodies_named_above_by_their_head_alone_goes_on_the_story():
    page = ("The meeting was attended by members of the Commission on Fisheries and experts.\n"
            "The Chairperson of the Commission, Anna Berg, opened and chaired the meeting.\n"
            "The Trade Council of the Union met in Valmora to discuss tariffs.\n")
    texts = [it.text for it in segment_text(page)]
    assert len(texts) == 2 and texts[0].endswith("chaired the meeting.")


def test_a_single_article_dated_by_the_date_line_under_it():
    body = "On 29 June, the Council met the Ambassador of Moldova. The sides discussed cooperation."
    (item,) = segment_text(f"The Council met the Ambassador of Moldova\n\n{body}\n\n30.06.2021\n")
    assert item.published == PartialDate(2021, 6, 30)
    # an article dated above keeps that date
    page = f"The Council met the Ambassador of Moldova\n\n29.06.2021\n\n{body}\n\n30.06.2021\n"
    assert [it.published for it in segment_text(page)] == [PartialDate(2021, 6, 29)]


@pytest.mark.parametrize("line", ["12 May 2012 (updated 13 May 2012)", "12.05.2012 | 1234 views", "12.05.2012 | 5 comments",
                                  "Posted on May 12, 2012 by Press Office", "Last updated: 12 May 2012 14:35"])
def test_a_meta_line_with_a_revision_or_a_counter_is_a_date_line(line):
    assert classify(line) == (Kind.DATE, PartialDate(2012, 5, 12))
    assert classify("From 12 May 2012 to 13 May 2012")[0] is Kind.TITLE  # a period, no revision
    assert classify("Council to meet on 12 May 2012")[0] is Kind.TITLE  # a headline naming its day


_TEASERS = [("The Council met the Ambassador of Moldova",
             "On 29 June, the Council met the Ambassador of Moldova. The sides discussed trade."),
            ("The Secretary General took part in a forum in Valmora",
             "On 1 July, the Secretary General spoke at the forum in Valmora on cyber threats."),
            ("Exercise of the rapid reaction forces began",
             "The joint exercise of the rapid reaction forces began at the Ostin range.")]
_DAYS = ["30.06.2021", "02.07.2021", "06.07.2021"]
_DATED = [PartialDate(2021, 6, 30), PartialDate(2021, 7, 2), PartialDate(2021, 7, 6)]


@pytest.mark.parametrize("with_titles", [True, False])
def test_a_listing_that_prints_each_date_under_its_teaser(with_titles):
    blocks = [(f"{t}\n\n{b}" if with_titles else b) + f"\n\n{d}" for (t, b), d in zip(_TEASERS, _DAYS, strict=True)]
    items = segment_text("\n\n".join(blocks) + "\n")
    assert [it.published for it in items] == _DATED  # each its own date, none the next one's
    assert [it.text for it in items] == [b for _, b in _TEASERS]
    # dates under headings, with the text below them, stay the headings' dates
    page = "\n\n".join(f"{t}\n\n{d}\n\n{b}" for (t, b), d in zip(_TEASERS, _DAYS, strict=True))
    assert [it.published for it in segment_text(page)] == _DATED


def test_a_list_of_dated_headlines_without_text():
    below = "\n\n".join(f"{t}\n{d}" for (t, _), d in zip(_TEASERS, _DAYS, strict=True))
    stamped = "\n\n".join(f"{d} {t}" for (t, _), d in zip(_TEASERS, _DAYS, strict=True))
    for page in (below, stamped):
        items = segment_text(page + "\n")
        assert [(it.title, it.published) for it in items] == list(zip([t for t, _ in _TEASERS], _DATED, strict=True))


def test_a_numeric_date_stamped_on_a_teasers_first_line_dates_it():
    page = "\n\n".join(f"{d} {b}" for (_, b), d in zip(_TEASERS, _DAYS, strict=True))
    assert [it.published for it in segment_text(page + "\n")] == _DATED
    # a date written in words opening a sentence is the sentence's, not a stamp
    (item,) = segment_text("On 29 June 2021 the Council met the Ambassador of Moldova in Valmora.\n")
    assert item.published is None


_HEADING = "The Committee of Secretaries discussed measures against new threats at its meeting in Valmora"
_SIDEBAR = "24.04.2024\n\n24.04.2024\n\n22.04.2024\n\n"  # a run of other items' dates above the article
_STORY = "On 17 June, the Committee met in Valmora under the chairmanship of the Secretary. The sides discussed threats."


@pytest.mark.parametrize("heading, again", [
    (_HEADING, f"{_HEADING} 17.06.2022"),  # the heading printed again with its date stamped on it
    (f"{_HEADING}.", f"{_HEADING}. 17.06.2022"),  # a heading set as a sentence
    (f"{_HEADING[:60]}...", f"{_HEADING} 17.06.2022"),  # the first print cut short
    (_HEADING, f"{_HEADING.replace('Secretaries', 'the Secretaries')} 17.06.2022"),  # a word written differently
    (_HEADING, f"17.06.2022 {_HEADING}"),  # the stamp before the heading
    ("Valmora Day", "Valmora Day 17.06.2022"),  # a short heading
    (_HEADING, "17.06.2022"),  # the date line under the heading
])
def test_an_articles_heading_takes_its_date_under_a_run_of_other_dates(heading, again):
    (item,) = segment_text(f"{_SIDEBAR}{heading}\n\n{again}\n\n{_STORY}\n")
    assert item.published == PartialDate(2022, 6, 17)
    assert item.title.startswith(heading.rstrip(".")[:11]) and item.text == _STORY
    # with nothing to date it, the heading under the run stays undated
    (item,) = segment_text(f"{_SIDEBAR}{_HEADING}\n\n{_STORY}\n")
    assert item.published is None


def test_a_lead_between_a_heading_and_its_dated_reprint_is_text():
    lead = "Approved the plan to give the joint measures the status of a regional operation"
    (item,) = segment_text(f"{_SIDEBAR}{_HEADING}\n\n{lead}\n\n{_HEADING} 17.06.2022\n\n{_STORY}\n")
    assert item.published == PartialDate(2022, 6, 17) and item.title == _HEADING
    assert item.text.startswith(lead)


@pytest.mark.parametrize("printed, day", [("17.06.22", PartialDate(2022, 6, 17)), ("06/17/2022", PartialDate(2022, 6, 17)),
                                          ("31.12.99", PartialDate(1999, 12, 31))])
def test_two_digit_years_and_the_month_first_where_no_other_reading_is_a_date(printed, day):
    from communique.dates import parse_date

    assert parse_date(printed) == day
    assert parse_date("1.12.33") is None and parse_date("12.05.23.4") is None  # numbers of versions and sections


@pytest.mark.parametrize("page", [
    f"{_HEADING}17.06.2022\n\n{_STORY}\n",  # the stamp glued to the heading
    f"17.06.2022{_HEADING}\n\n{_STORY}\n",  # ... or before it
    f"{_HEADING}\n\n17.06.2022{_STORY}\n",  # the date line run into the text
    f"{_HEADING}17.06.2022{_STORY}\n",  # heading, date and text on one line
    f"{_SIDEBAR}{_HEADING}\n\n{_HEADING}17.06.2022{_STORY}\n",  # the heading printed again, run into its text
    f"{_HEADING}\n\n{_STORY}17.06.2022\n",  # the text run into the date line under it
])
def test_a_date_line_run_together_with_the_lines_around_it(page):
    (item,) = segment_text(page)
    assert item.published == PartialDate(2022, 6, 17)
    assert item.title == _HEADING and item.text.endswith(_STORY[-30:])


def test_a_long_line_of_digits_is_read_in_linear_time():
    line = "Report 12.05.2023 " + "1.2.3 12.05.23 " * 20000 + "\n"
    assert len(segment_text(line * 3)) <= 3  # returns (the bound is the test's own timeout)


def test_an_image_file_name_run_into_a_paragraph_is_dropped():
    (item,) = segment_text(f"{_HEADING}\n\n17.06.2022\n\nIMG-20220617-WA0012.jpg{_STORY}\n")
    assert item.text == _STORY


def test_a_date_with_a_count_of_views_after_it_is_a_date_line():
    assert classify("17.06.2022 1234") == (Kind.DATE, PartialDate(2022, 6, 17))
    assert classify("12 2022") == (Kind.NOISE, None)  # bare numbers, no date
    (item,) = segment_text(f"{_HEADING}\n\n{_HEADING} 17.06.2022 1234\n\n{_STORY}\n")
    assert item.published == PartialDate(2022, 6, 17) and item.title == _HEADING


def test_an_articles_one_date_printed_under_its_lead():
    lead = "The Committee approved the plan to give the joint measures the status of a regional operation."
    more = "The next meeting of the Committee will be held in Ostin in the autumn."
    (item,) = segment_text(f"{_HEADING}\n\n{lead}\n\n17.06.2022\n\n{_STORY}\n\n{more}\n")
    assert item.published == PartialDate(2022, 6, 17) and item.text.startswith(lead) and item.text.endswith(more)
    # on a page of several dates, a date line under a paragraph opens the next item
    items = segment_text(f"{_HEADING}\n\n{lead}\n\n17.06.2022\n\n{_STORY}\n\n18.06.2022\n\n{more}\n")
    assert [it.published for it in items] == [None, PartialDate(2022, 6, 17), PartialDate(2022, 6, 18)]


def test_a_date_line_without_its_year_takes_the_year_of_the_nearest_full_date_on_the_page():
    page = (f"Valmora Envoy takes office\n\nEnvoy 18 September 2024 Ostin\n\nRead more\n\n"
            f"Exchange of views on trade in the Council\n\n25 September Ostin\n\n{_STORY}\n\nRead more\n")
    items = segment_text(page)
    assert [it.published for it in items] == [PartialDate(2024, 9, 18), PartialDate(2024, 9, 25)]
    # a page that prints no year anywhere leaves the day undated
    (item,) = segment_text(f"Exchange of views on trade in the Council\n\n25 September Ostin\n\n{_STORY}\n")
    assert item.published is None


def test_teasers_dated_without_a_year_under_a_month_heading_take_its_year():
    page = ("Newsroom\n\nJuly 2023\n\nEnvoy meets the Ambassador of Valmora\n12 July\n"
            "The Envoy received the Ambassador of Valmora in Ostin on Tuesday and discussed trade.\n\n"
            "Council to meet in Ostin\n10 July\nThe Council of the Union will meet in Ostin next year, the "
            "Secretariat announced.\n")
    items = segment_text(page)
    assert [(it.title, it.published) for it in items] == [
        ("Envoy meets the Ambassador of Valmora", PartialDate(2023, 7, 12)),
        ("Council to meet in Ostin", PartialDate(2023, 7, 10))]


def test_a_paragraph_that_plainly_goes_on_the_story_goes_on_it_whatever_the_spacing():
    page = ("On 17 April, the Secretariat hosted a meeting between the Secretary-General and the Envoy of Valmora.\n\n"
            "The meeting participants exchanged opinions on cooperation in trade and transport.\n"
            "The Secretary-General briefed the Envoy on the main areas of cooperation.\n"
            "Both sides discussed joint events in education and culture.\n")
    (item,) = segment_text(page)
    assert item.text.count("\n") == 3


def test_a_link_prompt_under_a_story_is_part_of_it():
    page = (f"{_STORY}\n\nThe ministers also agreed on a schedule of consultations for the year.\n\n"
            "For the Chairman's Statement of the meeting, please click here.\n")
    (item,) = segment_text(page)
    assert item.text.endswith("please click here.")


def test_a_fact_row_with_a_date_and_a_list_under_a_colon_are_text_of_the_page():
    page = ("Republic of Valmora\n\nDate of accession to the Union Treaty: 15.05.1992\n\n"
            "Valmora signed the Union Treaty in Ostin and ratified the Charter of the Union in 2003.\n\n"
            "Heads of State:\nAnna Kelm - President of Valmora (1991-2019)\nMarek Dovlat - President of Valmora "
            "(since 2019)\n\nValmora hosted the sessions of the Council of the Union in Ostin in 2010 and 2016.\n")
    (item,) = segment_text(page)
    assert (item.title, item.published) == ("Republic of Valmora", None)
    assert "Marek Dovlat - President of Valmora (since 2019)" in item.text and item.text.endswith("2010 and 2016.")


def test_a_staff_list_is_text_of_its_page_not_headings():
    page = ("Council of the Coastal States\n\nThe Secretariat of the Council was established in Ostin in 1998 "
            "and serves as its executive body.\n\nDirector General: Marek Dovlat\nDeputy Director General: "
            "Anna Kelm\nHead of Communications: Ivan Petrovski\n\nThe Presidency passes to Valmora in July.\n")
    (item,) = segment_text(page)
    assert "Director General: Marek Dovlat" in item.text and item.text.endswith("in July.")


def test_an_article_signed_and_dated_at_its_foot_takes_that_date():
    page = (f"Council of the Union approved the budget\n\n{_STORY}\n\nThe ministers also agreed on a schedule of "
            "consultations.\n\nPress service of the Secretariat\n02.06.2015\n")
    (item,) = segment_text(page)
    assert (item.title, item.published) == ("Council of the Union approved the budget", PartialDate(2015, 6, 2))


def test_date_lines_with_a_section_a_dotted_dash_dateline_and_an_announced_days_line():
    (a,) = segment_text(f"Council adopts its budget\n\n14 February 2024 | Press release\n\n{_STORY}\n")
    assert a.published == PartialDate(2024, 2, 14)
    (b,) = segment_text("Andean ministers meet\n\nOSTIN, Valmora, 15 May 2024.- The ministers of trade of the "
                        "Union held a meeting today and agreed on a common tariff.\n")
    assert b.published == PartialDate(2024, 5, 15)
    (c,) = segment_text("Events\n\nUpcoming: 12-14 June 2024, Ostin\n\nGlobal Summit on Water 2024\n\n"
                        f"{_STORY}\n\nPosted: 15 April 2024\n")
    assert (c.title, c.published) == ("Global Summit on Water 2024", PartialDate(2024, 4, 15))


def test_a_statement_signed_at_its_foot_keeps_the_signature():
    page = (f"Statement of the Secretariat on the floods\n\n12.03.2024\n\n{_STORY}\n\nThe Secretariat expresses its "
            "condolences to the families of the victims.\n\nSecretary General of the Union Marek Dovlatyan\n")
    (item,) = segment_text(page)
    assert item.text.endswith("Secretary General of the Union Marek Dovlatyan")
    (plain,) = segment_text(f"Council adopts its budget\n\n12.03.2024\n\n{_STORY}\n\nBack to the news list\n")
    assert "Back to" not in plain.text
