"""Tenures as Wikidata statements: QuickStatements (V1, tab separated), for review and upload.

    write_quickstatements(timelines, entities, pages, qids, path, retrieved) -> (written, unmapped)

Each tenure whose person and office are mapped in the user's MAP.csv (header `name,qid`; a
person by any alias, an office as "OFFICE of ORG", e.g. "Secretary General of CSTO") becomes
one line `Qperson P39 Qoffice`, with start time (P580) and end time (P582) only where a page
states them ("took office", "appointed", "since", "term ended"): dates only witnessed (the first
or last page that shows a holder, a successor's arrival) are never written. The reference is the
page address (S854) that states the dates, else the first that shows the holder, with its
retrieval date (S813). An acting holder is not written as holding the office (Wikidata keeps
acting holders apart); it is listed for review. The tenures left unmapped go to OUT.unmapped.csv, with the names to map,
so they can be reconciled (OpenRefine's Wikidata reconciliation reads that CSV) and the export run
again. Written by hand: QuickStatements V1 is a line of tab-separated fields, no library writes it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from communique.errors import CommuniqueError
from communique.model import Entity, PartialDate, normalize_text
from communique.resolve.tenures import STATED, Stint, Timeline

__all__ = ["QidMap", "read_qids", "time_value", "write_quickstatements"]

_QID = re.compile(r"^Q[1-9]\d*$")
UNMAPPED_COLUMNS = ["person", "person_qid", "office", "office_qid", "start", "start_how", "end", "end_how",
                    "acting", "page", "why"]


class QidMapError(CommuniqueError):
    """MAP.csv cannot be read as `name,qid` rows."""


@dataclass(frozen=True)
class QidMap:
    by_name: Mapping[str, str]  # normalized name -> Q id

    def get(self, *names: str) -> str | None:
        for n in names:
            q = self.by_name.get(normalize_text(n))
            if q:
                return q
        return None


def read_qids(path: Path) -> QidMap:
    """MAP.csv: a header `name,qid`, then one row per name (a Q id may repeat for aliases)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or {"name", "qid"} - {c.strip().lower() for c in reader.fieldnames}:
                raise QidMapError(f"{path}: the first line must be the header 'name,qid'")
            rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in reader]
    except OSError as exc:
        raise QidMapError(f"{path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise QidMapError(f"{path}: not a UTF-8 CSV file ({exc})") from exc
    out = {}
    for n, r in enumerate(rows, start=2):
        if not r.get("name") and not r.get("qid"):
            continue
        qid = r.get("qid", "").upper()
        if not _QID.match(qid):
            raise QidMapError(f"{path}, line {n}: {r.get('qid')!r} is not a Wikidata id (Q followed by digits)")
        out[normalize_text(r["name"])] = qid
    return QidMap(out)


def time_value(d: PartialDate) -> str:
    """A Wikidata time with its precision: /11 a day, /10 a month, /9 a year."""
    if d.day is not None:
        return f"+{d.year:04d}-{d.month:02d}-{d.day:02d}T00:00:00Z/11"
    if d.month is not None:
        return f"+{d.year:04d}-{d.month:02d}-00T00:00:00Z/10"
    return f"+{d.year:04d}-00-00T00:00:00Z/9"


def _names(e: Entity | None) -> list[str]:
    return [e.name, *e.aliases] if e is not None else []


def _url(uri: str) -> str:
    """A page address as a QuickStatements string: characters that would end the field escaped."""
    return '"' + quote(uri, safe=":/?#[]@!$&'()*+,;=%~-._") + '"'


def _page(s: Stint, pages: Mapping[str, str]) -> str | None:
    """The page that states the dates (start, then end), else the first that shows the holder."""
    wanted = [d.date for d in (s.start, s.end) if d.how == STATED]
    for e in s.evidence:
        if e.date in wanted and e.item_id in pages:
            return pages[e.item_id]
    return next((pages[e.item_id] for e in s.evidence if e.item_id in pages), None)


def write_quickstatements(tls: Iterable[Timeline], entities: Sequence[Entity], pages: Mapping[str, str],
                          qids: QidMap, path: Path, retrieved: Mapping[str, PartialDate]) -> tuple[int, int]:
    """Write the mapped tenures to `path` and the others to `path`.unmapped.csv; returns both counts.
    `pages`: item id -> page address; `retrieved`: page address -> the date it was read."""
    by_id = {e.id: e for e in entities}
    lines, unmapped = [], []
    for tl in tls:
        org_names = _names(by_id.get(tl.organization or ""))
        office_names = [f"{tl.office} of {n}" for n in org_names] + [f"{tl.office} of the {n}" for n in org_names]
        office_qid = qids.get(*office_names)
        for s in tl.holders:
            person = by_id.get(s.person)
            person_qid = qids.get(*_names(person))
            page = _page(s, pages)
            start = s.start.date if s.start.how == STATED else None
            end = s.end.date if s.end.how == STATED else None
            if person_qid and office_qid and not s.acting:
                fields = [person_qid, "P39", office_qid]
                if start:
                    fields += ["P580", time_value(start)]
                if end:
                    fields += ["P582", time_value(end)]
                if page:
                    fields += ["S854", _url(page)]
                    if page in retrieved:
                        fields += ["S813", time_value(retrieved[page])]
                lines.append("\t".join(fields))
                continue
            short = min(org_names, key=len) if org_names else ""
            unmapped.append({
                "person": person.name if person else s.person, "person_qid": person_qid or "",
                "office": f"{tl.office} of {short}" if short else tl.office, "office_qid": office_qid or "",
                "start": s.start.date.iso() if s.start.date else "", "start_how": s.start.how,
                "end": s.end.date.iso() if s.end.date else "", "end_how": s.end.how,
                "acting": "yes" if s.acting else "", "page": page or "",
                "why": "; ".join(w for w, missing in (("person not mapped", not person_qid),
                                                      ("office not mapped", not office_qid),
                                                      ("acting holder: not written as the office", s.acting))
                                 if missing)})
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    side = unmapped_path(path)
    if unmapped:
        with side.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, UNMAPPED_COLUMNS)
            w.writeheader()
            w.writerows(unmapped)
    elif side.exists():
        side.unlink()  # left from an earlier run: everything is mapped now
    return len(lines), len(unmapped)


def unmapped_path(path: Path) -> Path:
    return path.with_name(path.name + ".unmapped.csv")
