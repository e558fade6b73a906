"""What extraction knows about one item before resolution: sentences and mentions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from communique.model import Item, Mention, PartialDate


@dataclass(frozen=True)
class ItemAnalysis:
    item: Item
    text: str  # item.full_text: the coordinates of every span below
    sentences: tuple[tuple[int, int], ...]  # (start, end) spans into `text`
    mentions: tuple[Mention, ...]  # person, organization, place, office mentions
    anchor: PartialDate | None  # the item's published date, or the first full date in its text

    def sentence_at(self, offset: int) -> tuple[int, int]:
        starts = self._sentence_starts
        if starts is None:  # not in order: the first that holds the offset, by a scan
            return next(((s, e) for s, e in self.sentences if s <= offset < e), (0, len(self.text)))
        k = bisect_right(starts, offset) - 1
        if k >= 0 and offset < self.sentences[k][1]:
            return self.sentences[k]
        return 0, len(self.text)

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[Mention]:
        starts = self._mention_starts
        lo, hi = (0, len(self.mentions)) if starts is None else (bisect_left(starts, start), bisect_right(starts, end))
        return [m for m in self.mentions[lo:hi] if start <= m.start and m.end <= end and (kind is None or m.kind == kind)]

    # Per-sentence look-ups by bisection where the spans are in order (analyze sorts them): a scan
    # of every sentence or mention for each sentence was quadratic in a long item's length.
    @cached_property
    def _sentence_starts(self) -> list[int] | None:
        starts = [s for s, _ in self.sentences]
        ordered = all(self.sentences[k][1] <= starts[k + 1] for k in range(len(starts) - 1))
        return starts if ordered else None

    @cached_property
    def _mention_starts(self) -> list[int] | None:
        starts = [m.start for m in self.mentions]
        return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None
