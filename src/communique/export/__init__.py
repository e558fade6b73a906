"""Exports of the knowledge base: `communique/1` JSON (../shared/eval/EXPORT.md), JSONL, CSV."""

from communique.export.communique1 import SCHEMA, build_export

__all__ = ["SCHEMA", "build_export"]
