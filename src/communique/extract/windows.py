"""A long item read in bounded windows, so that reading it costs time linear in its length.

    split(item) -> [Window]              one window, the item itself, when it is short enough
    placed(item, windows, found) -> each window's analysis and drafts in the item's coordinates

Many of the rules look, for each sentence, at the whole item (its mentions, its dates, the
quotation marks before a position): fine for a news item, quadratic for a statement printed as
one paragraph of half a megabyte (issue 17: 0.5 MB took three minutes, 1 MB more than ten). An
item longer than WINDOW_CHARS is therefore cut, between two of the rules' own sentences
(names._sentences), into windows of at most WINDOW_CHARS; each window is read (names, the model,
events, documents) as an item of its own with the item's id, date and anchor, and its reading is
then placed in the item (offsets shifted into the item's text) as one of the item's readings. The title opens the first
window, the contact line closes the last. Items up to WINDOW_CHARS (every item of the samples,
seeds and development sets) are read whole, as before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from communique.extract.names import Analysis, _sentences
from communique.model import Item, Mention, PartialDate

__all__ = ["WINDOW_CHARS", "Window", "anchored", "placed", "shifted", "split"]

# Above every item of the samples, seeds and development sets (the longest: 7.8k characters). The
# rules' per-window cost grows faster than the window: at 0.25 MB, 20k-character windows took 6 s
# of CPU, 10k ones 4 s.
WINDOW_CHARS = 10_000


@dataclass(frozen=True)
class Window:
    """`piece` is what is read: an Item whose full_text is item.full_text[offset:offset + len]."""

    item: Item
    offset: int
    piece: Item


def split(item: Item, size: int | None = None) -> list[Window]:
    """The item's windows, in order, each at most `size` (default WINDOW_CHARS) characters long
    unless a single sentence and the title or contact line beside it are longer."""
    size = size or WINDOW_CHARS
    text = item.full_text
    if len(text) <= size:
        return [Window(item, 0, item)]
    lo = len(item.title) + 1 if item.title else 0  # the text's span in full_text
    hi = lo + len(item.text)
    cuts = _cuts(text, [s for s, _ in _sentences(text)], lo, hi, size)
    if not cuts:
        return [Window(item, 0, item)]
    bounds = [0, *cuts, len(text)]
    out = []
    for k in range(len(cuts) + 1):
        a, b = bounds[k], bounds[k + 1]
        first, last = k == 0, k == len(cuts)
        piece = replace(item, title=item.title if first else None, text=text[lo if first else a:hi if last else b],
                        contact=item.contact if last else None)
        out.append(Window(item, a, piece))
    return out


def _cuts(text: str, starts: list[int], lo: int, hi: int, size: int) -> list[int]:
    """Where windows begin: the last sentence start that keeps a window within `size`; inside a
    sentence longer than that, the last space; cuts only inside the text (lo, hi), so the title
    stays with the first window and the contact line with the last."""
    starts = sorted(s for s in starts if lo < s < hi)
    cuts: list[int] = []
    w = 0
    while len(text) - w > size:
        k = bisect_right(starts, w + size) - 1
        if k >= 0 and starts[k] > w:
            cut = starts[k]
        else:
            space = text.rfind(" ", w + 1, min(w + size, hi))
            cut = space + 1 if space > w else min(w + size, hi - 1)
        if not w < cut < hi:
            break
        cuts.append(cut)
        w = cut
    return cuts


def anchored(analysis: Analysis, anchor: PartialDate | None) -> Analysis:
    """A window's analysis with the whole item's anchor (its date, or the first date of its text)."""
    return analysis if analysis.anchor == anchor else replace(analysis, anchor=anchor)


def placed(item: Item, windows: Sequence[Window], found: Sequence[tuple[Analysis, list, list]]) -> list[tuple[Analysis, list, list]]:
    """The windows' analyses and event and document drafts in the whole item's coordinates: each
    analysis holds the item and its whole text, and its window's sentences and mentions, shifted.
    The corpus-wide steps take a long item's windows as consecutive readings of one item, so that
    what they do per reading (an organization named in full elsewhere in it, the mention just
    before an office) stays bounded too."""
    if len(windows) == 1:
        return list(found)
    text = item.full_text
    out = []
    for w, (a, events, documents) in zip(windows, found, strict=True):
        analysis = replace(
            a, item=item, text=text,
            sentences=tuple(_shift(s, w.offset) for s in a.sentences),
            mentions=tuple(shifted(m, w.offset) for m in a.mentions),
            org_refs=tuple((_shift(span, w.offset), shifted(ref, w.offset)) for span, ref in a.org_refs),
            unread=tuple(_shift(s, w.offset) for s in a.unread),
        )
        out.append((analysis, [shifted(d, w.offset) for d in events], [shifted(d, w.offset) for d in documents]))
    return out


def _shift(span: tuple[int, int], offset: int) -> tuple[int, int]:
    return span[0] + offset, span[1] + offset


# The fields of the drafts and references that hold offsets into their analysis's text.
_OFFSETS = frozenset({"start", "end"})
_SPANS = frozenset({"defined_by", "sentence"})


def shifted(value: Any, offset: int) -> Any:
    """A Mention, draft or reference with its offsets moved by `offset`: Mentions inside it (alone
    or in tuples and lists), int fields named start/end, span fields (defined_by, sentence)."""
    if isinstance(value, Mention):
        return replace(value, start=value.start + offset, end=value.end + offset)
    if isinstance(value, tuple | list):
        return type(value)(shifted(v, offset) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        v = getattr(value, f.name)
        if f.name in _OFFSETS and isinstance(v, int) and not isinstance(v, bool):
            changes[f.name] = v + offset
        elif f.name in _SPANS and isinstance(v, tuple) and len(v) == 2:
            changes[f.name] = _shift(v, offset)
        elif isinstance(v, Mention | tuple | list):
            changes[f.name] = shifted(v, offset)
    return replace(value, **changes) if changes else value
