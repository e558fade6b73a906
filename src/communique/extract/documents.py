"""Documents that an item says were adopted, signed or issued.

    find_documents(analysis, profile) -> [DocumentDraft]

A document is a head noun from `doctypes.toml` ("Statement", "Decision", "Plan", "Treaty" ...)
with the name the page prints around it: capitalised words before it ("Astana Declaration",
"General Assembly resolution") and its complement after it ("of the Council ... on the
occasion of ...", "by the Ministers ... on ...", "to grant ...") up to the end of its clause.
It counts only with a cue that it was adopted: an adopting verb before it ("adopted a
Decision"), a passive after it ("... has been adopted"), a participle ("Program ..., adopted
in 2016"), its own date ("Agreements of November 9, 2020"), a heading or list bullet
("- STATEMENT by ..."), a head printed in capitals, or a list introduced by "documents were
adopted ..., including". A bare "the Statement expresses" or "the document notes" is no new
document. "it was decided to X" is a Decision to X.

The date is the document's own date, else the sentence's, else the item's first date.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from communique.extract.analysis import ItemAnalysis
from communique.extract.dates import anniversary_year, named_year, resolve_dates
from communique.extract.tokens import abbreviated
from communique.model import Mention, PartialDate

__all__ = ["DocumentDraft", "date_mentions", "document_spans", "find_documents", "item_anchor", "quoted",
           "rank", "sentences", "title_span", "words_regex"]


@dataclass(frozen=True)
class DocumentDraft:
    title: str
    kind: str  # statement | joint statement | declaration | decision | plan | agreement | other
    body: Mention | None  # the adopting body's mention
    date: PartialDate | None
    evidence: str  # the sentence that names it
    start: int  # the name's span in analysis.text
    end: int


# --- shared helpers (events.py uses them too) ------------------------------------------------


@lru_cache(maxsize=256)
def date_mentions(text: str, anchor: PartialDate | None) -> tuple[Any, ...]:
    """Every date expression in `text` (extract.dates.resolve_dates), cached per text and anchor."""
    return tuple(resolve_dates(text, anchor))


_FUTURE_YEAR = re.compile(r"(?i)\b(?:will|shall|next|upcoming|forthcoming|planned|scheduled|to be held)\b")


def item_anchor(analysis: ItemAnalysis) -> PartialDate | None:
    """The date relative expressions are read against: the item's anchor; for an item that prints
    no date at all, the year its names carry ("the exhibition X-2022"), else the year before the
    first year it names for what is still to come ("The next meetings will be held in 2023" was
    written in 2022), else the year of the anniversary it marks ("the 30th anniversary of the
    Treaty signed in 1992": 2022)."""
    if analysis.anchor is not None or analysis.item.published is not None:
        return analysis.anchor or analysis.item.published
    return (named_year(analysis.text) or _future_anchor(analysis.text, analysis.sentences)
            or anniversary_year(analysis.text))


@lru_cache(maxsize=64)
def _future_anchor(text: str, sentences: tuple[tuple[int, int], ...]) -> PartialDate | None:
    mentions = date_mentions(text, None)
    future = []
    for start, end in sentences:
        if _FUTURE_YEAR.search(text, start, end):
            future += [d.date.year for d in mentions if start <= d.start < end]
    return PartialDate(min(future) - 1) if future else None


def title_span(analysis: ItemAnalysis) -> tuple[int, int] | None:
    """The item title's span in analysis.text (full_text puts it first), or None."""
    title = analysis.item.title
    if title and analysis.text.startswith(title):
        return 0, len(title)
    return None


def quoted(text: str, pos: int) -> bool:
    """Is `pos` inside quotation marks opened on its line?"""
    before = text[text.rfind("\n", 0, pos) + 1:pos]
    opened = before.count("\u201c") + before.count("\u00ab") - before.count("\u201d") - before.count("\u00bb")
    return opened > 0 or before.count('"') % 2 == 1


def sentences(a: ItemAnalysis) -> list[tuple[int, int]]:
    """The item's sentences, the title first, a piece that goes on in lower case joined to the one
    before ("... on 28 April 2003. in the city of ...")."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(a.sentences)) or [(0, len(a.text))]:
        first = a.text[start:end].lstrip()[:1]
        if out and first.islower() and "\n" not in a.text[out[-1][1]:start]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    span = title_span(a)
    if span and not any(s == 0 for s, _ in out):
        out.insert(0, span)
    return out


def words_regex(phrases: list[str] | tuple[str, ...]) -> str:
    """An alternation of literal phrases, longest first, blanks matching any run of blanks."""
    alts = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alts)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    text = resources.files("communique.extract").joinpath("doctypes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=4096)
def names_a_document(phrase: str) -> bool:
    """Does a (capitalized) phrase hold a document kind's head noun ('Action Plan')?"""
    return _patterns()["head"].search(phrase) is not None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    adopt = words_regex(lex["adopt_verbs"])
    fill = words_regex(lex["fillers"])
    return {
        "head": re.compile(r"\b(?P<head>" + words_regex(list(lex["kinds"])) + r")\b", re.I),
        "adopt_before": re.compile(r"\b(?:" + adopt + r")\s+(?:(?:" + fill + r")\s+){0,4}$", re.I),
        "passive_after": re.compile(
            r"\s*(?:\([^)]{1,40}\)\s*)?,?\s*(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+)"
            r"(?:also\s+|\w+ly\s+)?(?:" + adopt + r")\b", re.I),
        "participle_after": re.compile(r"\s*,?\s*(?:" + adopt + r")\s+(?:in|on)\s", re.I),
        "complement": re.compile(r"\s*(?:" + words_regex(lex["complements"]) + r")\b", re.I),
        # (not ", and on B" of "statements on A, and on B": the list of what they are on)
        "stop_comma": re.compile(r",\s*(?:" + words_regex(lex["stops_after_comma"]) + "|" + adopt + r")\b(?!\s+on\s)",
                                 re.I),
        "future": re.compile(r"\b(?:will|shall|would|expected\s+to|to\s+be|is\s+to|are\s+to|plans?\s+to|"
                             r"intends?\s+to|going\s+to|ready\s+to|due\s+to)\s+(?:\w+\s+){0,1}$", re.I),
        # a clause of its own: "... the Action Plan for 2023-2025 and endorsed the Strategy"
        "stop": re.compile(r"\s(?:" + words_regex(lex["stops"]) + r")\b|[;:!?](?:\s|$)|\s[\u2013\u2014]\s"
                           r"|\sand\s+(?:also\s+)?(?i:" + adopt + r")\s"
                           # "... and submitted it to ...", "... and sent the text to ...": another verb's clause
                           r"|\sand\s+(?:also\s+)?[a-z]+ed\s+(?:it|them|the|a|an|its|their|this|these|to)\b"),
        "by_decision": re.compile(r"\b(?:" + words_regex(lex["by_decision"]) + r")\b[^,.;]{0,90}$", re.I),
        "list_cue": re.compile(r"\b(?:" + words_regex(lex["list_cues"]) + r")\b", re.I),
        # "it was decided to X", "an important decision was made in 1999 to X": a Decision to X
        "decided": re.compile(r"\b(?:" + words_regex(lex["decided"]) + r"|(?:an?|the)\s+(?:[\w-]+\s+)?decision\s+"
                              r"(?:was|has\s+been)\s+(?:taken|made|adopted)\s+(?:(?:in|on)\s+[^,;.]{1,25}?\s+)?to)"
                              r"\s+(?=[a-z])", re.I),
        "bullet": re.compile(r"\s*[-\u2013\u2014\u2022*\u00b7]\s*$"),
        # a document coordinated with the one before it shares its verb: "adopted a Declaration,
        # a Statement on X and Decisions on Y", "signed the Agreement as well as the Protocol"
        "coordinated": re.compile(r"^\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s(?:and|as\s+well\s+as)\s+)"
                                  r"(?:(?:" + fill + r")\s+){0,4}$", re.I),
        "next_document": re.compile(r"(?:,\s*(?:and\s+)?|\s+(?:and|as\s+well\s+as)\s+)(?:(?:" + fill
                                    + r")\s+){0,4}(?:(?-i:[A-Z][\w-]*)\s+){0,3}(?:" + words_regex(list(lex["kinds"]))
                                    + r")\b", re.I),
        "agent": re.compile(r"\s*(?:was|were|has\s+been|have\s+been)\s+(?:also\s+)?(?P<verb>" + adopt
                            + r")\s+(?:today\s+|yesterday\s+|(?-i:[a-z]+ly)\s+|on\s+(?-i:[A-Z][a-z]+day)\s+)?by\s+(?:the\s+)?", re.I),
    }


# --- the name around a head noun ----------------------------------------------------------

_MODIFIER = re.compile(r"(?:[A-Z\u0400-\u042f][\w\u2019'./-]*|\d+(?:/\d+)?)$")
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "these", "those"}
# Capitalised words that open a sentence or a title-case headline but are no part of a name:
# prepositions and conjunctions ("For Chairman's Statement ..."), and the adopting verbs
# ("African Union Signs Memorandum of Understanding").
_NOT_MODIFIERS = {"for", "in", "on", "at", "with", "by", "to", "from", "of", "and", "or", "as", "after",
                  "before", "during", "under", "about", "following", "see", "read", "download"}
_QUOTE = re.compile(r"\s*[\"\u201c\u00ab\u201e']([^\"\u201d\u00bb\u201c']{3,300})[\"\u201d\u00bb\u201c']")
_TOKEN_LEFT = re.compile(r"(\S+)\s*$")


def _left_edge(text: str, sent_start: int, head_start: int) -> int:
    """Extend a name to the left over capitalised modifiers ("Astana Declaration", "draft decision")."""
    start = head_start
    for _ in range(8):
        m = _TOKEN_LEFT.search(text, sent_start, start)
        if not m:
            break
        word = m.group(1)
        lower = word.lower()
        if lower in _DETERMINERS or lower in _NOT_MODIFIERS or lower in _adopting() \
                or not (_MODIFIER.match(word) or lower in _lexicon()["modifiers"]) \
                or word.endswith((",", ";", ":", ")", "\u201d")):
            break
        start = m.start(1)
    return start


@lru_cache(maxsize=1)
def _adopting() -> frozenset[str]:
    """The one-word adopting verbs, lower case."""
    return frozenset(v for v in _lexicon()["adopt_verbs"] if " " not in v)


def _clause_end(text: str, pos: int, end: int) -> int:
    """Where a complement starting at `pos` stops: the next clause opener or the sentence's end."""
    pats = _patterns()
    cut = end
    for pat in (pats["stop_comma"], pats["stop"], pats["next_document"], _DASHED_APPOSITION):
        m = pat.search(text, pos, end)
        if m and pat is pats["next_document"] and _BETWEEN.search(text, pos, m.start()):
            m = None  # "between the United Nations and the ... Treaty Organization": one complement
        if m and m.start() < cut:
            cut = m.start()
    for dot in _FULL_STOP.finditer(text, pos, cut):
        if not abbreviated(text, dot.start(), pos):  # "Statement of H.E. X" goes on
            return dot.start()
    return cut


_FULL_STOP = re.compile(r"\.(?=\s|$)")
_DASHED_APPOSITION = re.compile(r"\s[-\u2013\u2014]\s+the\s")  # "... a regional organization - the CSTO, ..."
_BETWEEN = re.compile(r"\bbetween\b(?![^,;]*\band\b)")


def _org_after(analysis: ItemAnalysis, pos: int, limit: int = 6) -> Mention | None:
    for m in analysis.mentions:
        if m.kind == "organization" and pos <= m.start <= pos + limit:
            return m
    return None


def _name_end(analysis: ItemAnalysis, head_end: int, sent_end: int) -> tuple[int, str | None]:
    """The end of the name's complement and a quoted title, if the page prints one."""
    text, pats = analysis.text, _patterns()
    pos = head_end
    agent = pats["agent"].match(text, pos, sent_end)
    if agent:  # "the Decision was signed by the Council on awarding ..."
        org = _org_after(analysis, agent.end(), 2)
        after = org.end if org else agent.end()
        if pats["complement"].match(text, after, sent_end):
            end = _clause_end(text, after + 1, sent_end)
            return end, " " + text[after:end].strip()
        end = _clause_end(text, agent.end(), sent_end)
        if analysis.mentions_in(agent.end(), end, "person"):
            # a document with no name of its own, issued by a person, is known by its issuer
            # ("the press statement was issued today by Council President X (Y):")
            return end, f" {agent.group('verb').lower()} by {text[agent.end():end].strip()}"
        return head_end, None
    number = _NUMBER.match(text, pos, sent_end)
    if number:  # "resolution 2254 (2015)", "Decree No. 12/2019"
        pos = number.end()
    paren = re.match(r"\s*\(([^)]{1,200})\)", text[pos:sent_end])
    if paren and not pats["complement"].match(paren.group(1)):
        pos += paren.end()  # an acronym: "Treaty (CST)"
    elif paren:
        return pos + paren.end(), None  # "STATEMENT (concerning the OSCE actions)"
    quote = _QUOTE.match(text[pos:sent_end])
    if quote:
        return pos + quote.end(), quote.group(1)
    if not pats["complement"].match(text, pos, sent_end):
        return (pos, None) if number else (head_end, None)
    end = _clause_end(text, pos + 1, sent_end)
    if quoted(text, pos):  # a name inside quotation marks ends with them
        close = re.search(r"[\"\u201d\u00bb]", text[pos:end])
        end = pos + close.start() if close else end
    quote_after = re.search(r"[\"\u201c\u00ab][^\"\u201d\u00bb]{3,300}[\"\u201d\u00bb]", text[pos:end])
    if quote_after and quote_after.start() < 120 and re.fullmatch(
            r"\s*(?:of|by)\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s*(?:of\s+(?:the\s+)?)?){1,10}\s*",
            text[pos:pos + quote_after.start()]):
        # 'decision of the Council "On awarding ..."': the quote names the document itself, not a
        # thing its text speaks of ('decision of X to give the operation "Y" a status')
        return pos + quote_after.end(), quote_after.group(0)[1:-1]
    words = text[pos:end].split()
    if len(words) > 60:
        end = pos + len(" ".join(words[:60])) + 1
    return end, None


# A name in quotation marks within a document's complement: "Chairman's Statement of the Summit,
# “Our People, Our Future”".
_QUOTED_NAME = re.compile(r"[\"\u201c\u00ab](?:[A-Z][\w'\u2019-]*[\s,]+){1,}[A-Z][\w'\u2019-]*[\"\u201d\u00bb]")


# A document's number right after its head noun: "resolution 2254", "Decree No. 12/2019",
# "Decision No 5"; a year may follow in parentheses ("resolution 2254 (2015)").
_NUMBER = re.compile(r"\s+(?:No\.?\s*|Nos\.?\s*|number\s+)?\d+(?:[/.-]\d+)*\b(?:\s*\((?P<year>\d{4})\))?")


def _clean(title: str) -> str:
    title = " ".join(title.replace("\u00a0", " ").split()).strip(" ,;:-\u2013\u2014\"\u201c\u201d()")
    title = re.sub(r"\s*\(\s*", " ", title).replace(")", "")
    title = re.sub(r"\.+$", "", title)
    words = title.split()
    if words and words[0].isupper() and words[0].lower() in _lexicon()["kinds"]:
        words[0] = words[0].capitalize()  # "STATEMENT of the Ministers"; not an acronym ("ECOWAS communiqué")
    if len(words) > 1 and words[0] == "Joint" and words[1].isupper():
        words[1] = words[1].capitalize()
    title = " ".join(words)
    return title + "\u201d" if title.count("\u201c") > title.count("\u201d") else title  # the quote stripped above


# --- cues ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    head: str
    title: str
    kind: str
    specific: bool  # names more than the bare head noun
    sentence: tuple[int, int]
    own_date_at: int | None = None  # where the document's own date starts, if it has one
    # "adopted": the text says it was adopted, signed or issued; "named": the text only names it,
    # by its number or with its own date ("resolution 2254 (2015)"); "mention": neither, kept
    # only to name a later bare "the draft Agreement" in full
    status: str = "adopted"
    borrowed: bool = False  # a bare name given the full name found elsewhere in the item


def _kind(head: str, title: str) -> str:
    kinds = _lexicon()["kinds"]
    kind = kinds.get(" ".join(head.lower().split()), "other")
    if kind == "statement" and re.match(r"(?i)joint\s+statement", title):
        return "joint statement"
    return kind


def _own_date(analysis: ItemAnalysis, pos: int, limit: int = 24) -> int | None:
    """A date printed right after the name ("of November 9, 2020", "adopted in 2016", "signed on ...")."""
    for d in date_mentions(analysis.text, item_anchor(analysis)):
        if pos <= d.start <= pos + limit:
            gap = analysis.text[pos:d.start]
            if "\n" not in gap and re.fullmatch(  # a heading's name does not run into the line under it
                    r"\s*(?:,\s*)?(?:(?:was|were)\s+)?(?:(?!(?:for|to|until|till|through|by|beyond)\s)\w+\s+)?"
                    r"(?:of|dated|in|on|from)?\s*", gap):  # "Plan for 2023-2025" is the period it covers
                return d.start
    return None


def _has_cue(analysis: ItemAnalysis, sent: tuple[int, int], start: int, head: re.Match[str], end: int) -> bool:
    text, pats = analysis.text, _patterns()
    before = text[sent[0]:start]
    if head.group("head").isupper() and len(head.group("head")) > 3:
        return True
    if pats["bullet"].match(before) or (sent[0] == 0 and title_span(analysis) and not before.strip()):
        return True
    adopt = pats["adopt_before"].search(before)
    if adopt and not pats["future"].search(before, 0, adopt.start()):
        return True
    if pats["by_decision"].search(before):
        return True
    if pats["passive_after"].match(text, end, sent[1]) or pats["passive_after"].match(text, head.end(), sent[1]):
        return True
    if pats["participle_after"].match(text, end, sent[1]):
        return True
    if _under_adopting_lead(text, start):
        return True
    cue = pats["list_cue"].search(text, sent[0], start)
    return bool(cue and re.search(r"(?i)\b(?:adopted|signed|approved)\b", text[sent[0]:sent[1]]))


_LIST_MARK = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[a-z][.)]|[-\u2013\u2014\u2022*\u00b7])[ \t]*")
_ADOPTING_LEAD = re.compile(r"(?i)\b(?:adopted|signed|approved|endorsed|ratified|issued)\b[^\n]*:[ \t]*$")


def _under_adopting_lead(text: str, start: int) -> bool:
    """An item of a list that a line ending in a colon says was adopted ("The Council adopted the
    following decisions:" over "1. Decision No. 3/2024 ...;")."""
    line = text.rfind("\n", 0, start) + 1
    if not _LIST_MARK.fullmatch(text, line, start):
        return False
    while line > 0:
        above = text.rfind("\n", 0, line - 1) + 1
        if _LIST_MARK.match(text, above) and text[above:line - 1].strip():
            line = above  # another item of the list
            continue
        return bool(_ADOPTING_LEAD.search(text, above, line - 1))
    return False


def _candidates(analysis: ItemAnalysis, sent: tuple[int, int]) -> list[_Found]:
    text, pats = analysis.text, _patterns()
    found: list[_Found] = []
    for head in pats["head"].finditer(text, sent[0], sent[1]):
        if found and head.start() < found[-1].end:
            continue  # inside the name just read
        start = _left_edge(text, sent[0], head.start())
        end, quoted = _name_end(analysis, head.end(), sent[1])
        end, trailing = _date_cut(analysis, head.end(), end)
        own = trailing or _own_date(analysis, end) or _own_date(analysis, head.end())
        plural = head.group("head").lower().endswith("s") and not head.group("head").lower().endswith("ss") \
            and head.group("head").lower() not in _PLURALE_TANTUM
        capital = head.group("head")[0].isupper() or start < head.start()
        shared = bool(found and found[-1].sentence == sent and found[-1].end <= start and found[-1].status == "adopted"
                      and pats["coordinated"].match(text[found[-1].end:start]))
        number = _NUMBER.match(text, head.end(), end)
        if own is None and number and number.group("year"):
            own = next((d.start for d in date_mentions(text, item_anchor(analysis)) if d.start == number.start("year")), None)
        elif own is None and number:
            own = _own_date(analysis, number.end())  # "Decree No. 12/2019 of 28 October 2019"
        specific = end > head.end() or start < head.start() or quoted is not None
        if shared or _has_cue(analysis, sent, start, head, end):
            status = "adopted"
        elif (own is not None and capital) or number or (capital and _QUOTED_NAME.search(text, head.end(), end)):
            status = "named"  # by its number, its own date, or the name it is given in quotation marks
        elif specific and capital and not plural:
            status = "mention"
        else:
            continue
        if plural and not (capital or (shared and end > head.end()) or _PLURAL_OK.match(text, head.end(), end)
                           or _ON_AND_ON.match(text, head.end(), end)):
            continue
        if quoted and quoted.lower().startswith(("on ", "about ")):
            title = quoted  # 'Decision "On awarding ..."' is known by its quoted name
        else:
            title = text[start:head.end()] + " " + quoted if quoted else text[start:end]
        found.extend(_split_plural(_Found(start, end, head.group("head"), _clean(title),
                                          _kind(head.group("head"), _clean(title)), specific, sent, own, status), plural))
    found.extend(_decided(analysis, sent))
    return found


def _date_cut(analysis: ItemAnalysis, head_end: int, end: int) -> tuple[int, int | None]:
    """A full date written after a name, with no word joining it, is the document's date, not its
    words ("Statement on X 02.12.2020"); "Accords of March 3, 2011" and "Plan for 2017-2018" keep theirs."""
    for d in date_mentions(analysis.text, item_anchor(analysis)):
        if head_end < d.start < end and not analysis.text[d.end:end].strip(" .,;") and rank(d.date) == 2 \
                and not re.search(r"(?i)\b(?:of|dated|from|for|in|on|to|until|of\s+the)\s*$", analysis.text[head_end:d.start]):
            return len(analysis.text[:d.start].rstrip(" ,(")), d.start
    return end, None


_PLURALE_TANTUM = {"conclusions"}  # "the Council adopted conclusions on X": one text
_ON_AND_ON = re.compile(r"\s+on\s[^;]{3,200}?,?\s+and\s+on\s")  # "statements on A and on B": one on each
_PLURAL_OK = re.compile(r"\s+(?:of|by)\s+[^,;]{3,120}?\s(?:on|concerning|granting|approving)\s")


def _split_plural(doc: _Found, plural: bool) -> list[_Found]:
    """'draft decisions of X on A and on B' are two documents: '... of X on A' and '... of X on B'."""
    parts = re.split(r",?\s+and\s+(?=on\s)", doc.title)
    if not plural or len(parts) < 2:
        return [doc]
    first = re.match(r"(.*?)\s+on\s", parts[0])
    stem = _singular(first.group(1)) if first else _singular(doc.title)
    out = [_Found(doc.start, doc.end, doc.head, stem + " " + parts[0][len(first.group(1)) + 1:] if first else doc.title,
                  doc.kind, True, doc.sentence, doc.own_date_at, doc.status)]
    out += [_Found(doc.start, doc.end, doc.head, stem + " " + p, doc.kind, True, doc.sentence, doc.own_date_at, doc.status)
            for p in parts[1:]]
    return out


def _singular(phrase: str) -> str:
    return re.sub(r"(?i)\b(decision|statement|declaration|agreement|resolution|plan)s\b", r"\1", phrase, count=1)


# "Amendments were made to the List of X": Amendments to the List of X (a decision).
_AMENDED = re.compile(r"\b(?:amendments|changes|additions)\s+(?:were|have\s+been)\s+(?:also\s+)?"
                      r"(?:made|introduced|adopted|approved)\s+to\s+(?=(?:the\s+)?(?-i:[A-Z]))", re.I)  # a named text


def _decided(analysis: ItemAnalysis, sent: tuple[int, int]) -> list[_Found]:
    """'it was decided to reorganize X into Y' -> a Decision to reorganize X into Y; 'amendments
    were made to the List of X' -> Amendments to the List of X."""
    text = analysis.text
    out = []
    for pattern, name in ((_patterns()["decided"], "Decision to "), (_AMENDED, "Amendments to ")):
        m = pattern.search(text, sent[0], sent[1])
        if not m:
            continue
        end = _clause_end(text, m.end(), sent[1])
        title = _clean(name + text[m.end():end])
        # the name is what was decided: the date and the verb before it are the sentence's, not the name's
        out.append(_Found(m.end(), end, "decision", title, "decision", True, sent))
    return out


# --- body, date, and the whole item ----------------------------------------------------------


def _body(analysis: ItemAnalysis, doc: _Found) -> Mention | None:
    text = analysis.text
    of_by = re.match(r"\s*(?:\([^)]*\)\s*)?(?:of|by)\s+(?:the\s+)?", text[doc.start:doc.end][len(doc.head):] or "")
    orgs = analysis.mentions_in(doc.sentence[0], doc.sentence[1], "organization")
    if of_by:
        head_at = text.find(doc.head, doc.start, doc.end)
        anchor = (head_at if head_at >= 0 else doc.start) + len(doc.head) + of_by.end()
        inside = [o for o in orgs if anchor <= o.start <= anchor + 2]
        if inside:
            return inside[0]
    verb = re.search(r"(?i)\b(?:" + words_regex(_lexicon()["adopt_verbs"]) + r")\b", text[doc.sentence[0]:doc.start])
    if verb:
        before = [o for o in orgs if o.end <= doc.sentence[0] + verb.start()]
        if before:
            return before[0]
    agent = re.search(r"(?i)\bby\s+(?:the\s+)?", text[doc.end:doc.sentence[1]])
    if agent:
        after = [o for o in orgs if o.start == doc.end + agent.end()]
        if after:
            return after[0]
    by_decision = _patterns()["by_decision"].search(text, doc.sentence[0], doc.start)
    if by_decision:
        inside = [o for o in orgs if by_decision.start() <= o.start < doc.start]
        if inside:
            return inside[0]
    return None


def _date(analysis: ItemAnalysis, doc: _Found, names: list[tuple[int, int]]) -> PartialDate | None:
    dates = date_mentions(analysis.text, item_anchor(analysis))
    own = next((d.date for d in dates if d.start == doc.own_date_at), None) if doc.own_date_at is not None else None
    if own is not None and (own.precision != "year" or doc.status != "adopted"):
        return own
    if doc.status != "adopted":
        return None  # a document only named here was adopted some other day
    relative = RELATIVE_CLAUSE.search(analysis.text, doc.end, doc.sentence[1]) \
        or _NEXT_VERB.search(analysis.text, doc.end, doc.sentence[1])
    # ", which today unites ...", "... and agreed to recommend X for adoption in November": another clause's day
    stop = relative.start() if relative else doc.sentence[1]
    in_sentence = [d for d in dates if doc.sentence[0] <= d.start < stop and d.start != doc.own_date_at
                   and not any(s <= d.start < e for s, e in names) and not quoted(analysis.text, d.start)]
    if in_sentence:
        best = max(in_sentence, key=lambda d: (rank(d.date), -d.start)).date
        return best if own is None or best.year == own.year else own
    if own is not None:  # "resolution 2779 (2025)" adopted today: the day, when it is in that year
        day = _event_date(analysis, _CLOSING.search(analysis.text, *doc.sentence) is not None, doc.start)
        return day if day is not None and day.year == own.year else own
    return _event_date(analysis, _CLOSING.search(analysis.text, *doc.sentence) is not None, doc.start)


# "At the close of the session, the Assembly adopted ...": the last day of the session.
_CLOSING = re.compile(r"(?i)\b(?:at\s+the\s+(?:close|end|conclusion)\s+of|(?:during|at)\s+(?:its|the)\s+"
                      r"(?:final|closing|concluding)\s+(?:meeting|sitting|session)s?)\b")


# A relative clause's opening: what follows is the clause's own (its day, its tense). Events use it too.
RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\s")
# Another verb's clause coordinated after the document ("... and agreed to present X in November").
_NEXT_VERB = re.compile(r",?\s+and\s+(?:also\s+)?(?:[a-z]+ed|agreed|decided)\s+(?:to|on|that|the|a|an)\b")
_COUNTED = re.compile(r"(?i)(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|"
                      r"a\s+number\s+of)\s+(?:[\w-]+\s+)?[\w-]+s")


_EVENTS: list[tuple[ItemAnalysis, list[Any]]] = []  # the last item's events: its documents ask one after another


def knowing_events(analysis: ItemAnalysis, events: list[Any]) -> None:
    """The item's events, found already (the pipeline reads them first): its documents' dates
    ask them, and would otherwise read the item's events again."""
    _EVENTS[:] = [(analysis, list(events))]


def _events_of(analysis: ItemAnalysis) -> list[Any]:
    from communique.extract.events import find_events  # events reads documents: import here

    cached = _EVENTS[0] if _EVENTS else None  # (another thread may have replaced it since: compared below)
    if cached is not None and cached[0] is analysis:
        return cached[1]
    found = find_events(analysis)
    _EVENTS[:] = [(analysis, found)]
    return found


def _event_date(analysis: ItemAnalysis, closing: bool = False, at: int | None = None) -> PartialDate | None:
    """The date of the happening that adopted it: the item's first event, or, when that is no
    meeting (an interview), the last meeting told in a sentence before ("The session was held on
    23 November in Minsk. The heads of state adopted the Declaration ..." in an interview of February);
    its last day when the document was adopted at its close; else the item's date."""
    # a document adopted was adopted at a happening reported, not at one the item announces
    told = [e for e in _events_of(analysis) if e.type != "other" and e.status == "reported" and e.date is not None]
    before = [e for e in told if at is not None and e.end <= at]  # told in a sentence before the document's
    first = next(iter(told), None)
    if before and before[-1].type == "meeting" and (first is None or first.type != "meeting"):
        first = before[-1]  # an interview's item: the session it recalls, not the interview
    if first is not None and first.date is not None:
        return first.date_end if closing and first.date_end is not None else first.date
    return item_anchor(analysis)  # the item's date, else the year its names or anniversaries give


def rank(date: PartialDate) -> int:
    """day 2, month 1, year 0."""
    return {"day": 2, "month": 1, "year": 0}[date.precision]


def item_date(analysis: ItemAnalysis) -> PartialDate | None:
    """The item's own date: its first date expression outside the title, else its anchor."""
    span = title_span(analysis)
    body_from = span[1] if span else 0
    for d in date_mentions(analysis.text, item_anchor(analysis)):
        if d.start >= body_from and not quoted(analysis.text, d.start):
            return d.date
    return analysis.item.published or analysis.anchor


_STOP = {"the", "of", "and", "on", "by", "a", "an", "in", "to", "for", "with", "at"}


def _topic(title: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return {w for w in words if w not in _STOP}


_SUBJECT = re.compile(r"(?i)(?:^|\s)(?:on|concerning|about|regarding|to)\s+(.*)$")


def _subject(title: str) -> set[str]:
    """The words of what a document is about: 'Statement by X on Y' -> Y."""
    m = _SUBJECT.search(title)
    return _topic(m.group(1)) if m else set()


def _same(a: _Found, b: _Found) -> bool:
    """Two mentions of one document: same kind and (nearly) the same words."""
    if a.kind != b.kind:
        return False
    sa, sb = _subject(a.title), _subject(b.title)
    if sa and sb:
        return len(sa & sb) / len(sa | sb) >= 0.4
    ta, tb = _topic(a.title), _topic(b.title)
    if not ta or not tb:
        return False
    return len(ta & tb) / len(ta | tb) >= 0.5 or (ta <= tb and len(ta) > 1) or (tb <= ta and len(tb) > 1)


def _dedup(found: list[_Found]) -> list[_Found]:
    specific = [f for f in found if f.specific]
    kinds = {f.kind for f in specific}
    kept: list[_Found] = []
    for f in found:
        if not f.specific and f.kind in kinds:
            continue  # "the Statement" when the item names the Statement in full
        twin = next((k for k in kept if _same(k, f)), None)
        if twin is None:
            kept.append(f)
        elif (not _subject(twin.title) and _subject(f.title)) or (twin.borrowed and not f.borrowed):
            kept[kept.index(twin)] = f  # the name in full replaces a shorter mention
    return kept


def _collect(analysis: ItemAnalysis) -> list[_Found]:
    found: list[_Found] = []
    for sent in sentences(analysis):
        found.extend(_candidates(analysis, sent))
    return found


def _bare(doc: _Found) -> bool:
    """Is the document named by its kind alone ("the Declaration", "the draft Agreement")?"""
    return not _topic(doc.title) - {_singular(doc.head.lower()), doc.head.lower()} - set(_lexicon()["modifiers"])


def _named_in_full(doc: _Found, found: list[_Found]) -> _Found:
    """A bare "the draft Agreement was approved" takes the full name the item gives the same
    document elsewhere ('On the draft Agreement on X'), the nearest before it first."""
    if not _bare(doc):
        return doc
    head = _singular(doc.head.lower())
    fuller = [f for f in found if f.kind == doc.kind and f.start != doc.start and not _bare(f)
              and _singular(f.head.lower()) == head]
    if not fuller:
        return doc
    name = min(fuller, key=lambda f: (f.start > doc.start, abs(f.start - doc.start)))
    return replace(doc, title=name.title, specific=True, borrowed=True)


def _listed(analysis: ItemAnalysis) -> list[_Found]:
    """The documents adopted or named in the item, repeats included, bare names given in full."""
    found = _collect(analysis)
    return [_named_in_full(f, found) for f in found if f.status != "mention"]


def document_spans(analysis: ItemAnalysis) -> list[tuple[int, int, int | None]]:
    """(start, end, own date's start or None) of every document name in the item, repeats included."""
    return [(f.start, f.end, f.own_date_at) for f in _listed(analysis)]


def find_documents(analysis: ItemAnalysis, profile: object | None = None) -> list[DocumentDraft]:
    """The documents the item says were adopted, signed or issued, or names by number or date, once each, in text order."""
    found = _listed(analysis)
    out = []
    names = [(f.start, f.end) for f in found]
    for doc in sorted(_dedup(found), key=lambda f: f.start):
        if len(doc.title) < 4 or _COUNTED.fullmatch(doc.title):
            continue  # "adopted 41 decisions": how many, not which
        evidence = " ".join(analysis.text[doc.sentence[0]:doc.sentence[1]].split())
        body = _body(analysis, doc)
        title = doc.title
        if not doc.specific and body is not None and not _topic(title) - {_singular(doc.head.lower())}:
            # a document named by its kind alone is known by the body that adopted it
            # ("the Council adopted the Declaration": "Declaration of the Council")
            title = f"{title[:1].upper()}{title[1:]} of the " + re.sub(r"^(?:the|The)\s+", "", " ".join(body.text.split()))
        out.append(DocumentDraft(title, doc.kind, body, _date(analysis, doc, names), evidence, doc.start, doc.end))
    return out
