"""What extraction knows about one item before resolution: sentences and mentions."""

from __future__ import annotations

from dataclasses import dataclass

from communique.model import Item, Mention, PartialDate


@dataclass(frozen=True)
class ItemAnalysis:
    item: Item
    text: str  # item.full_text: the coordinates of every span below
    sentences: tuple[tuple[int, int], ...]  # (start, end) spans into `text`
    mentions: tuple[Mention, ...]  # person, organization, place, office mentions
    anchor: PartialDate | None  # the item's published date, or the first full date in its text

    def sentence_at(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return 0, len(self.text)

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and (kind is None or m.kind == kind)]
