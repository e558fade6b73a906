"""Charts drawn on the server as inline SVG (no script): the offices-over-time strip of a
person page and the bar charts of the timeline. These return geometry; the templates
write the elements, so every label is escaped by the template engine."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from communique.model import PartialDate, Tenure

WIDTH, LABEL_W, ROW_H, AXIS_H = 760, 250, 22, 22


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    title: str
    href: str | None = None
    cls: str = ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    label_w: int = LABEL_W


def _year_fraction(d: PartialDate, end: bool) -> float:
    """A partial date as a fractional year: its first day, or its last day when `end`."""
    if d.month is None:
        return d.year + (1.0 if end else 0.0)
    days = calendar.monthrange(d.year, d.month)[1]
    day = d.day if d.day is not None else (days if end else 1)
    doy = sum(calendar.monthrange(d.year, m)[1] for m in range(1, d.month)) + day - (0 if end else 1)
    return d.year + doy / (366 if calendar.isleap(d.year) else 365)


def gantt(tenures: list[Tenure], org_names: dict[str, str]) -> Chart | None:
    """One row per tenure, a bar from its first to its last date; a thin mark when only one is known."""
    spans = []
    for r in tenures:
        a = _year_fraction(r.start, False) if r.start else None
        b = _year_fraction(r.end, True) if r.end else None
        if a is None and b is None:
            continue
        spans.append((r, a if a is not None else b, b if b is not None else a))
    if not spans:
        return None
    lo = int(min(s[1] for s in spans))
    hi = int(max(s[2] for s in spans)) + 1
    plot = WIDTH - LABEL_W - 24
    scale = plot / max(hi - lo, 1)
    bars = []
    for i, (r, a, b) in enumerate(spans):
        org = org_names.get(r.organization or "", "")
        label = f"{r.office}, {org}" if org else r.office
        when = f"{r.start or '?'} – {r.end or '?'}"
        x = LABEL_W + (a - lo) * scale
        bars.append(Bar(x, AXIS_H + i * ROW_H + 3, max((b - a) * scale, 4.0), ROW_H - 6, label, f"{label}: {when}",
                        cls="conflict" if r.conflict else ""))
    step = max(1, (hi - lo) // 8)
    ticks = [Tick(LABEL_W + (y - lo) * scale, str(y)) for y in range(lo, hi + 1, step)]
    return Chart(WIDTH, AXIS_H + len(spans) * ROW_H + 4, bars, ticks)


def bar_chart(buckets: list, height: int = 160) -> Chart:
    """Vertical bars, one per bucket (timeline zoom levels), labelled below."""
    n = max(len(buckets), 1)
    top = max((b.count for b in buckets), default=0) or 1
    slot = (WIDTH - 20) / n
    bars = []
    for i, b in enumerate(buckets):
        h = (height - 40) * b.count / top
        bars.append(Bar(10 + i * slot + slot * 0.1, height - 20 - h, slot * 0.8, h, b.label,
                        f"{b.key}: {b.count} event(s)", b.href, "empty" if not b.count else ""))
    return Chart(WIDTH, height, bars, [], 0)
