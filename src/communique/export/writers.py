"""Write an export to disk: communique/1 JSON, JSON lines (one record per line), CSV tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from communique.errors import ExportError
from communique.export.communique1 import SCHEMA, build_export
from communique.model import Item, Knowledge

SECTIONS = ("items", "entities", "events", "roles", "documents")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_export(items: Sequence[Item], knowledge: Knowledge, path: Path, fmt: str) -> int:
    doc = build_export(items, knowledge)
    try:
        if fmt == "json":
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        elif fmt == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                for section in SECTIONS:
                    for record in doc[section]:
                        fh.write(json.dumps({"schema": SCHEMA, "section": section, **record}, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            path.mkdir(exist_ok=True)  # the folder, not its parents: a mistyped path is an error
            for section in SECTIONS:
                rows = doc[section]
                columns = list(rows[0]) if rows else ["id"]
                with (path / f"{section}.csv").open("w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(columns)
                    for row in rows:
                        writer.writerow([_cell(row.get(c)) for c in columns])
        else:
            raise ExportError(f"unknown export format {fmt!r} (json, jsonl, csv)")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(doc["items"])
