"""A deterministic synthetic corpus of organizations' news pages, for benchmarks and tests.

    python benchmarks/make_corpus.py --pages 10000 --out /tmp/corpus [--seed 7]
        [--near-dup-rate 0.05] [--listing-rate 0.2]

Writes DIR/pages/NNN/pNNNNNN.html (1000 pages a folder), DIR/manifest.json (what was planted:
rates, counts, every near-duplicate pair) and DIR/gold.json (the distinct news items in
`../shared/eval/GOLD_FORMAT.md`'s format, with the people and organizations named).

The pages look like an intergovernmental organization's site: fictional organizations with
bodies, offices and officials, real cities, and sentences from templates (meetings,
conferences, exercises, visits, interviews, documents adopted). Three kinds of page:

- article: one news item in full (title, date, lead, paragraphs), menus and footer around it;
- listing: ten teasers (title, date, the lead's opening words and "..."); consecutive
  listings overlap by half, so most teasers are printed twice (exact duplicates), and each
  teaser is the lead of an article printed elsewhere (before or after it in input order)
  or of a story that has no article page;
- reprint: an article printed again with a few words changed and another title: a planted
  near-duplicate (MinHash Jaccard about 0.9), exactly round(pages x near-dup-rate) of them.

Everything is drawn from random.Random seeded by (seed, what, index): the same arguments give
byte-identical files, and 100k pages take well under a minute or two.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PER_LISTING = 10
LISTING_STEP = 5  # consecutive listings share half their teasers
TEASER_WORDS = 24
STARTS_WITH_WORDS = 18  # the gold's probe: long enough to tell apart stories with one opening
PAGES_PER_DIR = 1000

ORGS = [
    ("Northern Cooperation Council", "NCC"), ("Eurasian Security Compact", "ESC"),
    ("Caspian Partnership Organization", "CPO"), ("Steppe Economic Community", "SEC"),
    ("Black Sea Dialogue Forum", "BSDF"), ("Sahel Regional Security Union", "SRSU"),
    ("Mountain States Treaty Organization", "MSTO"), ("Silk Road Parliamentary Assembly", "SRPA"),
]
BODIES = [
    ("Council of Foreign Ministers", "CFM"), ("Council of Defence Ministers", "CDM"),
    ("Committee of Secretaries of Security Councils", "CSSC"), ("Permanent Council", "PC"),
    ("Parliamentary Assembly", "PA"), ("Council of Heads of State", "CHS"),
    ("Working Group on Border Security", "WGBS"), ("Coordination Council on Emergency Response", "CCER"),
    ("Committee on Information Security", "CIS-C"), ("Joint Staff", "JS"),
]
OFFICES = [
    "Secretary General", "Deputy Secretary General", "Chief of the Joint Staff", "Director of the Secretariat",
    "Special Representative", "Chairperson of the Permanent Council", "Head of the Information Department",
    "Deputy Chief of the Joint Staff",
]
FIRST = [
    "Aibek", "Nurlan", "Timur", "Arman", "Sergei", "Andrei", "Vladimir", "Elena", "Olga", "Marina", "Gulnara",
    "Dilnoza", "Rustam", "Farrukh", "Bakhtiyar", "Karim", "Amina", "Leyla", "Giorgi", "Nino", "Tigran", "Anush",
    "Oleksandr", "Iryna", "Mikhail", "Natalia", "Dmitri", "Yerlan", "Askar", "Zarina", "Ibrahim", "Fatou",
    "Moussa", "Aissata", "Kwame", "Ngozi", "Pierre", "Claire", "Johannes", "Ingrid", "Mehmet", "Ayse",
]
LAST = [
    "Abdrakhmanov", "Serikbayev", "Tokhtarov", "Karimov", "Rakhimov", "Nazarov", "Petrenko", "Volkov", "Sokolova",
    "Ivanova", "Kuznetsov", "Orlov", "Beridze", "Kapanadze", "Hakobyan", "Sargsyan", "Aliyev", "Mammadova",
    "Yusupov", "Sharipova", "Tursunov", "Ermekov", "Zhumabekov", "Baitursynov", "Diallo", "Traore", "Keita",
    "Mensah", "Okafor", "Dubois", "Laurent", "Lindqvist", "Hansen", "Yilmaz", "Demir", "Kovalenko", "Moroz",
    "Tkachenko", "Borisov", "Gromov", "Lebedev", "Pavlova", "Nurmagambetov", "Ismailov", "Kadyrova", "Usmonov",
]
CITIES = [
    ("Astana", "Kazakhstan"), ("Almaty", "Kazakhstan"), ("Bishkek", "Kyrgyzstan"), ("Dushanbe", "Tajikistan"),
    ("Tashkent", "Uzbekistan"), ("Yerevan", "Armenia"), ("Minsk", "Belarus"), ("Moscow", "Russia"),
    ("Baku", "Azerbaijan"), ("Tbilisi", "Georgia"), ("Ashgabat", "Turkmenistan"), ("Vienna", "Austria"),
    ("Geneva", "Switzerland"), ("Ankara", "Turkey"), ("Abuja", "Nigeria"), ("Dakar", "Senegal"),
    ("Bamako", "Mali"), ("Niamey", "Niger"), ("Ulaanbaatar", "Mongolia"), ("Samarkand", "Uzbekistan"),
    ("Osh", "Kyrgyzstan"), ("Brest", "Belarus"), ("Gyumri", "Armenia"), ("Aktau", "Kazakhstan"),
]
TOPICS = [
    "countering international terrorism", "border security", "drug trafficking", "illegal migration",
    "information security", "cyber threats", "crisis response", "peacekeeping training", "military cooperation",
    "the situation in Afghanistan", "regional stability", "emergency preparedness", "biological safety",
    "arms control", "energy security", "the protection of critical infrastructure", "youth exchanges",
    "cultural cooperation", "trade facilitation", "transport corridors", "food security", "water management",
    "climate adaptation", "public health", "customs cooperation", "financial monitoring", "mine clearance",
    "the training of military personnel", "joint air defence", "the fight against extremism",
]
CONFERENCES = [
    "International Conference on Regional Security", "Forum on Digital Cooperation", "Round Table on Border Management",
    "Scientific Conference on Crisis Response", "Expert Seminar on Counter-Terrorism", "Summer School on Diplomacy",
    "Conference on Water and Climate", "Forum of Young Diplomats", "Seminar on Humanitarian Demining",
]
EXERCISES = ["Frontier", "Interaction", "Search", "Echelon", "Cobalt", "Thunder", "Shield", "Steppe Eagle", "Rubezh"]
MEDIA = ["the national news agency", "a television channel", "the International Affairs journal", "a radio station",
         "the daily newspaper Vestnik", "an online news portal"]
DOC_KINDS = ["Statement", "Declaration", "Joint Statement", "Decision", "Action Plan", "Memorandum of Understanding"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ORDINAL = {1: "st", 2: "nd", 3: "rd"}
# (phrase, replacement): the edits that turn an article into its planted near-duplicate.
EDITS = [("took part in", "participated in"), ("discussed", "considered"), ("noted", "stressed"),
         ("representatives", "delegates"), ("cooperation", "interaction"), ("agreed", "decided"),
         ("held", "conducted"), ("important", "significant"), ("the parties", "the sides")]


@dataclass(frozen=True)
class Story:
    key: str
    org: tuple[str, str]
    title: str
    day: date
    paragraphs: tuple[str, ...]
    people: tuple[str, ...]
    bodies: tuple[str, ...]


def _rng(seed: int, what: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{what}:{index}")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, 'th')}"


def _long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _short_date(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def _us_date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


class _Slots(dict):
    """Template slots filled lazily from one story's random draws."""

    def __init__(self, rng: random.Random, org: tuple[str, str], day: date):
        super().__init__()
        self.rng, self.org, self.day = rng, org, day
        self.people: list[str] = []
        self.bodies: list[str] = []

    def person(self) -> str:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        self.people.append(name)
        return name

    def body(self) -> str:
        name = self.rng.choice(BODIES)[0]
        self.bodies.append(name)
        return name

    def _later(self) -> str:
        later = self.day + timedelta(days=self.rng.randint(20, 160))
        return f"{MONTHS[later.month - 1]} {later.year}"

    def __missing__(self, key: str) -> str:
        r = self.rng
        value = _DRAWS[key](self, r)
        self[key] = value
        return value


_DRAWS = {
    "org": lambda s, r: s.org[0], "acr": lambda s, r: s.org[1], "person": lambda s, r: s.person(),
    "person2": lambda s, r: s.person(), "office": lambda s, r: r.choice(OFFICES),
    "office2": lambda s, r: r.choice(OFFICES), "body": lambda s, r: s.body(),
    "city": lambda s, r: r.choice(CITIES)[0], "country": lambda s, r: r.choice(CITIES)[1],
    "city2": lambda s, r: r.choice(CITIES)[0], "topic": lambda s, r: r.choice(TOPICS),
    "topic2": lambda s, r: r.choice(TOPICS), "conf": lambda s, r: r.choice(CONFERENCES),
    "exercise": lambda s, r: f"{r.choice(EXERCISES)}-{s.day.year}", "media": lambda s, r: r.choice(MEDIA),
    "doc": lambda s, r: r.choice(DOC_KINDS), "n": lambda s, r: str(r.randint(3, 60)),
    "m": lambda s, r: str(r.randint(2, 12)), "nth": lambda s, r: _ordinal(r.randint(2, 70)),
    "date": lambda s, r: _long_date(s.day), "us_date": lambda s, r: _us_date(s.day),
    "later": lambda s, r: s._later(), "org2": lambda s, r: r.choice(ORGS)[0],
    "hours": lambda s, r: str(r.randint(2, 9)), "percent": lambda s, r: str(r.randint(5, 95)),
}


LEADS = [
    ("meeting", "On {date}, {city} hosted the {nth} meeting of the {body} of the {acr}, chaired by {office} {person}, "
                "with delegations of the member states and experts on {topic}."),
    ("meeting", "{person}, {office} of the {org}, held talks in {city} on {date} with {person2}, {office2} of the "
                "{org2}, on {topic} and the preparation of joint events for the coming year."),
    ("conference", "On {us_date}, a delegation of the {acr} Secretariat led by {office} {person} took part in the "
                   "{conf} held in {city}, devoted to {topic} and {topic2}."),
    ("training", "From {date}, the joint exercise \"{exercise}\" of the {acr} collective forces was held at a training "
                 "ground near {city}, with {n} units practising {topic}."),
    ("visit", "On {date}, {office} of the {acr} {person} paid a working visit to {city} and met the leadership of "
              "{country} to discuss {topic} and the work of the {body}."),
    ("media", "In an interview with {media} published on {date}, {office} of the {acr} {person} spoke about {topic} "
              "and the priorities of the Organization until {later}."),
    ("document", "On {date}, the {body} of the {org} adopted a {doc} on {topic} at its {nth} session in {city}, "
                 "following a report by {office} {person}."),
    ("ceremony", "A ceremony marking the {nth} anniversary of the {body} of the {acr} took place in {city} on {date}, "
                 "attended by {office} {person} and veterans of {topic} missions."),
]
SENTENCES = [
    "The participants discussed {topic} and agreed to prepare joint proposals on {topic2}.",
    "{person2}, {office2} of the {acr}, noted the important role of the {body} in {topic}.",
    "The parties agreed to hold the next meeting in {city2} in {later}.",
    "Representatives of {m} member states, the {org2} and international experts took part in the work.",
    "Following the discussion, the {body} adopted {m} documents, including a {doc} on {topic2}.",
    "The event brought together more than {n} participants from {m} countries.",
    "According to {person2}, {topic} remains a priority for the Organization in {later}.",
    "Particular attention was paid to the exchange of information between the competent authorities.",
    "The sides discussed the results of the previous year and the plan of joint activities.",
    "The {office2} stressed that about {percent} percent of the planned measures had already been carried out.",
    "During the {hours}-hour session the experts examined practical cases of {topic2}.",
    "The delegation also visited the training centre and held consultations with the host side.",
    "It was noted that cooperation with the {org2} in {topic2} has become more intensive.",
    "The meeting was also attended by {person2}, {office2} of the {acr}.",
    "The results of the work will be reported to the {body} at its next session.",
    "The participants expressed their gratitude to the host country for the excellent organization of the event.",
    "A joint communique on {topic} was signed at the end of the talks.",
    "In {city2}, the delegation laid flowers at the memorial to the victims of {topic2}.",
]
TITLES = {
    "meeting": ["{body} of the {acr} met in {city}", "Talks on {topic} held in {city}",
                "The {nth} meeting of the {body} in {city}"],
    "conference": ["{acr} at the {conf} in {city}", "The {conf} discussed {topic}"],
    "training": ["Joint exercise \"{exercise}\" near {city}", "Exercise \"{exercise}\" of the {acr} forces"],
    "visit": ["{office} of the {acr} visits {city}", "Working visit of the {acr} delegation to {country}"],
    "media": ["Interview of the {acr} {office} to {media}", "{person} on {topic}"],
    "document": ["{body} adopts a {doc} on {topic}", "New {doc} of the {acr} on {topic}"],
    "ceremony": ["Anniversary of the {body} of the {acr} in {city}", "{acr} marks the {nth} anniversary of the {body}"],
}


def make_story(seed: int, k: int) -> Story:
    """Story k of the corpus: the same (seed, k) gives the same story."""
    r = _rng(seed, "story", k)
    org = ORGS[r.randrange(len(ORGS))]
    day = date(2015, 1, 1) + timedelta(days=r.randrange(11 * 365))
    slots = _Slots(r, org, day)
    kind, lead = r.choice(LEADS)
    lead_text = lead.format_map(slots)
    title = r.choice(TITLES[kind]).format_map(slots)
    rest = r.sample(SENTENCES, r.randint(4, 9))
    paragraphs = [lead_text]
    while rest:
        size = r.randint(1, 3)
        chunk, rest = rest[:size], rest[size:]
        for key in ("person2", "office2", "topic2", "city2", "m", "n"):  # fresh slots per paragraph
            slots.pop(key, None)
        paragraphs.append(" ".join(s.format_map(slots) for s in chunk))
    title = title[0].upper() + title[1:]
    return Story(f"s{k}", org, title, day, tuple(paragraphs), tuple(dict.fromkeys(slots.people)),
                 tuple(dict.fromkeys(slots.bodies)))


def near_duplicate(story: Story, seed: int, k: int) -> tuple[str, tuple[str, ...]]:
    """A reprint's title and paragraphs: two phrases of the body changed (lead kept)."""
    r = _rng(seed, "reprint", k)
    body = list(story.paragraphs)
    edits = [(i, a, b) for i in range(1, len(body)) for a, b in EDITS if a in body[i]]
    r.shuffle(edits)
    done = 0
    for i, a, b in edits:
        if a in body[i] and done < 2:
            body[i] = body[i].replace(a, b, 1)
            done += 1
    if done < 2:
        body[-1] += " The press service of the Organization reported this."
    return f"{story.title} (reprint)", tuple(body)


# --- HTML ------------------------------------------------------------------------------------

_STYLE = ("body{font-family:Arial,sans-serif;margin:0}.main-menu a{padding:4px 10px;color:#0b3d6e}"
          ".news-item{border-bottom:1px solid #ddd;margin:12px 0}.date{color:#777;font-size:13px}"
          "aside{float:right;width:240px}footer{background:#0b3d6e;color:#fff;padding:20px}") * 3
_SCRIPT = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());document.addEventListener('DOMContentLoaded',function(){"
           "var m=document.querySelectorAll('.main-menu a');for(var i=0;i<m.length;i++){m[i].onclick=null}});") * 3
_HEAD = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>\n'
         '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
         f'<style>{_STYLE}</style>\n<script>{_SCRIPT}</script>\n</head>\n<body>\n'
         '<header><div class="logo"><a href="/"><img src="/logo.png" alt="logo"></a></div>\n'
         '<nav class="main-menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a> '
         '<a href="/structure">Structure</a> <a href="/documents">Documents</a> <a href="/media">Media</a> '
         '<a href="/contacts">Contacts</a></nav>\n<div class="breadcrumbs"><a href="/">Home</a> / '
         '<a href="/news">News</a></div></header>\n<main>\n')
_ASIDE = ('<aside class="sidebar"><h4>Member states</h4><ul>'
          + "".join(f'<li><a href="/members/{c.lower()}">{c}</a></li>' for c in sorted({c for _, c in CITIES}))
          + '</ul><h4>Sections</h4><ul><li><a href="/news">News</a></li><li><a href="/events">Events</a></li>'
          '<li><a href="/documents">Documents</a></li><li><a href="/photo">Photo gallery</a></li></ul></aside>\n')
_FOOT = ('</main>\n' + _ASIDE + '<footer><p>&copy; {year} {org}. All rights reserved.</p>'
         '<p>Press service: press@{slug}.example.org</p><p><a href="/sitemap">Sitemap</a> | '
         '<a href="/privacy">Privacy policy</a></p></footer>\n</body></html>\n')


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _slug(org: tuple[str, str]) -> str:
    return org[1].lower()


def render_article(story: Story, title: str, paragraphs: tuple[str, ...], date_style: int) -> str:
    shown = (_long_date, _short_date, _us_date)[date_style % 3](story.day)
    body = "".join(f"<p>{_e(p)}</p>\n" for p in paragraphs)
    return (_HEAD.replace("{title}", _e(title)) + f'<article>\n<h1>{_e(title)}</h1>\n<p class="date">{shown}</p>\n'
            + body + "</article>\n" + _FOOT.format(year=story.day.year, org=_e(story.org[0]), slug=_slug(story.org)))


def teaser_text(story: Story) -> str:
    words = story.paragraphs[0].split()
    return " ".join(words[:TEASER_WORDS]) + " ..."


def render_listing(stories: list[Story], page_no: int) -> str:
    blocks = []
    for s in stories:
        blocks.append(f'<div class="news-item">\n<h3><a href="/news/{s.key}">{_e(s.title)}</a></h3>\n'
                      f'<span class="date">{_short_date(s.day)}</span>\n<p>{_e(teaser_text(s))}</p>\n</div>\n')
    org = stories[0].org
    pager = f'<div class="pager"><a href="?page={page_no}">Previous</a> <a href="?page={page_no + 2}">Next</a></div>\n'
    return (_HEAD.replace("{title}", "News") + "<h1>News</h1>\n" + "".join(blocks) + pager
            + _FOOT.format(year=2025, org=_e(org[0]), slug=_slug(org)))


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    pages: int
    n_article: int
    n_listing: int
    n_reprint: int
    n_stories: int
    specs: tuple[tuple[str, int], ...]  # (kind, index) in page order


def make_plan(pages: int, seed: int, near_dup_rate: float, listing_rate: float) -> Plan:
    n_reprint = round(pages * near_dup_rate)
    n_listing = round(pages * listing_rate)
    n_article = pages - n_reprint - n_listing
    if n_article < max(n_reprint, 1):
        raise ValueError("too few article pages for these rates")
    n_stories = max(n_article, n_listing * LISTING_STEP + PER_LISTING if n_listing else 0)
    specs = [("article", k) for k in range(n_article)] + [("listing", j) for j in range(n_listing)]
    specs += [("reprint", j) for j in range(n_reprint)]
    random.Random(f"{seed}:order").shuffle(specs)
    return Plan(pages, n_article, n_listing, n_reprint, n_stories, tuple(specs))


def reprinted_story(plan: Plan, seed: int) -> list[int]:
    """Which article each reprint copies: distinct articles, drawn once."""
    return random.Random(f"{seed}:reprints").sample(range(plan.n_article), plan.n_reprint)


def listing_stories(j: int, n_stories: int) -> list[int]:
    return [(j * LISTING_STEP + i) % n_stories for i in range(PER_LISTING)]


def page_path(index: int) -> Path:
    return Path("pages") / f"{index // PAGES_PER_DIR:03d}" / f"p{index:06d}.html"


def generate(out: Path, pages: int, seed: int = 7, near_dup_rate: float = 0.05, listing_rate: float = 0.2) -> dict:
    """Write the corpus under `out`; returns the manifest (also written to manifest.json)."""
    plan = make_plan(pages, seed, near_dup_rate, listing_rate)
    copies = reprinted_story(plan, seed)
    cache: dict[int, Story] = {}

    def story(k: int) -> Story:
        if k not in cache:
            cache[k] = make_story(seed, k)
        return cache[k]

    seen: dict[int, list[str]] = {}
    near_pairs: list[dict] = []
    article_page: dict[int, str] = {}
    reprint_page: dict[int, str] = {}
    total_bytes = 0
    for index, (kind, i) in enumerate(plan.specs):
        rel = page_path(index)
        if kind == "article":
            s = story(i)
            text = render_article(s, s.title, s.paragraphs, i)
            article_page[i] = rel.as_posix()
            keys = [i]
        elif kind == "reprint":
            k = copies[i]
            s = story(k)
            title, paragraphs = near_duplicate(s, seed, i)
            text = render_article(s, title, paragraphs, k + 1)
            reprint_page[k] = rel.as_posix()
            keys = [k]
        else:
            keys = listing_stories(i, plan.n_stories)
            text = render_listing([story(k) for k in keys], i)
        for k in keys:
            seen.setdefault(k, []).append(rel.as_posix())
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total_bytes += len(data)
        if len(cache) > 50_000:
            cache.clear()
    for k, page in sorted(reprint_page.items()):
        near_pairs.append({"story": f"s{k}", "original": article_page[k], "reprint": page})
    manifest = {
        "seed": seed, "pages": pages, "near_dup_rate": near_dup_rate, "listing_rate": listing_rate,
        "counts": {"article": plan.n_article, "listing": plan.n_listing, "reprint": plan.n_reprint,
                   "stories_seen": len(seen), "teasers": plan.n_listing * PER_LISTING},
        "bytes": total_bytes, "near_duplicates": near_pairs,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (out / "gold.json").write_text(json.dumps(gold(seen, story), indent=1), encoding="utf-8")
    return manifest


def _starts_with(story: Story) -> str:
    return " ".join(re.sub(r"[\"“”]", "", story.paragraphs[0]).split()[:STARTS_WITH_WORDS])


def gold(seen: dict[int, list[str]], story) -> dict:
    """The distinct news items (one per story printed anywhere), with people and organizations."""
    items, people, bodies = [], {}, {}
    for k in sorted(seen):
        s = story(k)
        items.append({"key": s.key, "starts_with": _starts_with(s), "published": s.day.isoformat(),
                      "pages": [Path(p).name for p in seen[k]]})
        for p in s.people:
            people.setdefault(p, {"name": p, "aliases": []})
        bodies.setdefault(s.org[0], {"name": s.org[0], "aliases": [s.org[1]]})
    for name, acr in BODIES:
        bodies.setdefault(name, {"name": name, "aliases": [acr]})
    return {"corpus": "synthetic (benchmarks/make_corpus.py)", "pages": sorted({Path(p).name for v in seen.values() for p in v}),
            "items": items, "events": [], "roles": [], "people": list(people.values()),
            "organizations": list(bodies.values()), "documents": []}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--near-dup-rate", type=float, default=0.05)
    ap.add_argument("--listing-rate", type=float, default=0.2)
    args = ap.parse_args(argv)
    started = time.monotonic()
    m = generate(args.out, args.pages, args.seed, args.near_dup_rate, args.listing_rate)
    took = time.monotonic() - started
    print(f"{args.pages} pages ({m['bytes'] / 1e6:.1f} MB) in {args.out} in {took:.1f}s: {m['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
