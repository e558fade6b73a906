"""A site's worth of news pages for the crash and concurrency tests, generated from a seed.

    write_corpus(folder, pages=40, seed=7) -> list[Path]

Articles (full text, text and HTML), listing pages of teasers (each teaser the lead of an
article, some listed before their article is read and some after), and planted duplicates:
exact copies under another name, near-copies (a word changed, a sentence added) and the
same teaser on two listings. File names sort in the order the reader meets them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

_ORGS = ["the Council", "the Secretariat", "the Parliamentary Assembly", "the Committee of Ministers",
         "the Permanent Council", "the Joint Staff", "the Working Group", "the Executive Committee"]
_PEOPLE = ["Secretary General Anna Novak", "Deputy Secretary General Ivan Petrov", "Chair Maria Lopez",
           "Ambassador Lars Holm", "Director Kenji Sato", "Minister Olga Ivanova", "President Tomas Berg"]
_PLACES = ["Vienna", "Geneva", "Minsk", "Strasbourg", "Almaty", "Brussels", "Warsaw", "Yerevan", "Dushanbe"]
_VERBS = ["discussed", "reviewed", "adopted", "welcomed", "considered", "endorsed", "examined", "noted"]
_TOPICS = ["regional security", "the budget for the coming year", "border cooperation", "cyber threats",
           "the peacekeeping mandate", "drug trafficking routes", "the training programme",
           "humanitarian assistance", "the rule of law", "election observation", "counter-terrorism plans",
           "the annual report", "youth exchanges", "media freedom", "climate risks to security"]
_EXTRA = ["Delegations from all member states took part in the discussion.",
          "The participants agreed to meet again before the end of the year.",
          "A joint statement was published after the meeting.",
          "Experts presented their findings to the delegations.",
          "The chair thanked the host country for its hospitality.",
          "Observers from partner organizations also attended."]


@dataclass
class Article:
    title: str
    date: str  # DD.MM.YYYY
    paragraphs: list[str]

    def lead(self, words: int) -> str:
        return " ".join(self.paragraphs[0].split()[:words]) + " ..."

    def text(self) -> str:
        return "\n\n".join([self.title, self.date, *self.paragraphs]) + "\n"

    def html(self) -> str:
        paras = "".join(f"<p>{p}</p>" for p in self.paragraphs)
        return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>News</title></head><body>"
                "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
                f"<main><article><h1>{self.title}</h1><p class='date'>{self.date}</p>{paras}</article></main>"
                "<footer><p>Copyright the Organization</p></footer></body></html>")


def _sentence(rnd: random.Random) -> str:
    return (f"{rnd.choice(_ORGS).capitalize()} {rnd.choice(_VERBS)} {rnd.choice(_TOPICS)} with "
            f"{rnd.choice(_PEOPLE)} in {rnd.choice(_PLACES)} and {rnd.choice(_VERBS)} {rnd.choice(_TOPICS)}.")


def _article(rnd: random.Random, n: int) -> Article:
    day, month, year = rnd.randint(1, 28), rnd.randint(1, 12), rnd.choice([2021, 2022, 2023, 2024])
    place, topic = rnd.choice(_PLACES), rnd.choice(_TOPICS)
    title = f"{rnd.choice(_ORGS).capitalize()} meets in {place} on {topic} (session {n})"
    first = (f"On {day:02d}.{month:02d}.{year} {rnd.choice(_ORGS)} held its session number {n} in {place}, "
             f"chaired by {rnd.choice(_PEOPLE)}, and {rnd.choice(_VERBS)} {topic} at length.")
    paragraphs = [first] + [" ".join(_sentence(rnd) for _ in range(rnd.randint(2, 4))) for _ in range(rnd.randint(2, 5))]
    return Article(title, f"{day:02d}.{month:02d}.{year}", paragraphs)


def _listing(articles: list[Article]) -> str:
    blocks = [f"{a.title}\n{a.date}\n{a.lead(24)}" for a in articles]
    return "News\n\n" + "\n\n\n".join(blocks) + "\n\nRead more\n\nContact: press@example.org\n"


def write_corpus(folder: Path, pages: int = 40, seed: int = 7) -> list[Path]:
    """About `pages` files in `folder` (created); returns them in reading order."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_articles = max(4, pages * 2 // 3)
    articles = [_article(rnd, i) for i in range(n_articles)]
    files: dict[str, str] = {}
    for i, a in enumerate(articles):
        name = f"b_article_{i:03d}." + ("html" if i % 3 == 0 else "txt")
        files[name] = a.html() if name.endswith("html") else a.text()
    # Listings of teasers: some read before their articles (a_), some after (z_).
    per = 5
    for k in range(0, n_articles, per):
        group = articles[k: k + per]
        prefix = "a" if (k // per) % 2 == 0 else "z"
        files[f"{prefix}_listing_{k // per:02d}.txt"] = _listing(group)
    # Planted duplicates.
    for i in rnd.sample(range(n_articles), 3):  # the same article under another name
        files[f"c_copy_{i:03d}.txt"] = articles[i].text()
    for i in rnd.sample(range(n_articles), 3):  # a near-copy: one word changed, one sentence added
        a = articles[i]
        paras = list(a.paragraphs)
        words = paras[-1].split()
        words[len(words) // 2] = "also"
        paras[-1] = " ".join(words) + " " + rnd.choice(_EXTRA)
        files[f"d_near_{i:03d}.txt"] = Article(a.title, a.date, paras).text()
    files["y_listing_again.txt"] = _listing(rnd.sample(articles, 4))  # teasers seen on two listings
    i = next(i for i in range(n_articles) if i % 3)  # a text article again, as an HTML page
    files[f"e_as_html_{i:03d}.html"] = articles[i].html()
    names = sorted(files)[: max(pages, 1)] if len(files) > pages else sorted(files)
    out = []
    for name in names:
        path = folder / name
        path.write_text(files[name], encoding="utf-8")
        out.append(path)
    return out
