"""Geometry of the dashboard's charts, drawn by templates as inline SVG.

The CSP forbids inline scripts and styles, so charts are plain SVG elements
whose positions are computed here; the template only loops over shapes, which
keeps every label under Jinja's autoescaping. Each bar carries the link to the
publications it counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

LEVEL_COLOURS = {
    "federal": "#2f6fdb", "regional": "#e07b39", "local": "#3a9d5d", "union": "#8e5ad6",
    "official": "#6b7280", "expert": "#b5a22c", "aggregator": "#c2410c", "unknown": "#a3a3a3",
}
COUNTRY_COLOURS = {"RU": "#d04a4a", "BY": "#3a9d5d", "union": "#8e5ad6", "other": "#6b7280", "unknown": "#a3a3a3"}


@dataclass(slots=True)
class Shape:
    x: float
    y: float
    w: float
    h: float
    fill: str = "#2f6fdb"
    title: str = ""
    href: str = ""
    cls: str = "bar"


@dataclass(slots=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 1.0
    title: str = ""
    href: str = ""


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.shapes and not self.lines


def volume_chart(volume: Sequence[dict[str, Any]], level_label: Callable[[str], str],
                 href: Callable[[str, str], str], width: int = 760, height: int = 240) -> Chart:
    """Stacked monthly bars by level (countries summed)."""
    months = sorted({str(v["month"]) for v in volume})
    levels = sorted({str(v["level"]) for v in volume}, key=lambda lv: list(LEVEL_COLOURS).index(lv)
                    if lv in LEVEL_COLOURS else 99)
    counts: dict[tuple[str, str], int] = {}
    for v in volume:
        key = (str(v["month"]), str(v["level"]))
        counts[key] = counts.get(key, 0) + int(v["n"])
    chart = Chart(width, height, legend=[(level_label(lv), LEVEL_COLOURS.get(lv, "#a3a3a3")) for lv in levels])
    if not months:
        return chart
    left, bottom, top = 44, 26, 10
    plot_h = height - bottom - top
    peak = max(sum(counts.get((m, lv), 0) for lv in levels) for m in months) or 1
    step = (width - left - 6) / len(months)
    bar_w = max(1.0, step * 0.8)
    for i, month in enumerate(months):
        x = left + i * step
        y = float(top + plot_h)
        for lv in levels:
            n = counts.get((month, lv), 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            chart.shapes.append(Shape(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1),
                                      LEVEL_COLOURS.get(lv, "#a3a3a3"), f"{month} · {level_label(lv)}: {n}",
                                      href(month, lv)))
        every = max(1, len(months) // 8)
        if i % every == 0:
            chart.labels.append(Label(round(x, 1), height - 8, month))
    chart.labels.append(Label(left - 6, top + 10, str(peak), "end"))
    chart.labels.append(Label(left - 6, top + plot_h, "0", "end"))
    chart.lines.append(Line(left - 2, top + plot_h, width - 4, top + plot_h))
    return chart


def hbar_chart(items: Sequence[tuple[str, float, str, str]], width: int = 520, row: int = 22,
               fill: str = "#2f6fdb", label_w: int = 190) -> Chart:
    """Horizontal bars: (label, value, title, href), scaled to the largest value."""
    chart = Chart(width, max(row, row * len(items) + 4))
    peak = max((v for _, v, _, _ in items), default=0) or 1
    for i, (label, value, title, href) in enumerate(items):
        y = i * row + 2
        w = (width - label_w - 110) * value / peak
        chart.labels.append(Label(label_w - 6, y + row * 0.65, label, "end"))
        chart.shapes.append(Shape(label_w, y + 3, round(max(w, 1.0), 1), row - 6, fill, title, href))
        chart.labels.append(Label(label_w + max(w, 1.0) + 4, y + row * 0.65, title.rsplit(": ", 1)[-1]))
    return chart


def ci_chart(items: Sequence[tuple[str, float | None, float | None, float | None, str, str]], width: int = 480,
             row: int = 24, label_w: int = 190, low: float = 0.0, high: float = 1.0, fill: str = "#2f6fdb") -> Chart:
    """Estimates with 95 % intervals on a fixed scale: (label, value, ci_low, ci_high, title, href)."""
    chart = Chart(width, row * len(items) + 22)
    span = width - label_w - 20

    def sx(v: float) -> float:
        return round(label_w + span * (min(max(v, low), high) - low) / (high - low), 1)

    for i, (label, value, lo, hi, title, href) in enumerate(items):
        y = i * row + 4
        mid = y + row / 2 - 2
        chart.labels.append(Label(label_w - 6, mid + 4, label, "end"))
        if value is None:
            continue
        if lo is not None and hi is not None:
            chart.lines.append(Line(sx(lo), mid, sx(hi), mid, 2.0, title, href))
        base = sx(max(low, 0.0)) if low < 0 < high else sx(low)
        x0, x1 = sorted((base, sx(value)))
        chart.shapes.append(Shape(x0, mid - 5, round(max(x1 - x0, 2.0), 1), 10, fill, title, href))
    axis_y = row * len(items) + 8
    chart.lines.append(Line(label_w, axis_y, label_w + span, axis_y))
    for tick in (low, (low + high) / 2, high):
        text = f"{tick:.0%}" if (low, high) == (0.0, 1.0) else f"{tick:+.1f}".replace("+0.0", "0")
        chart.labels.append(Label(sx(tick), axis_y + 13, text, "middle"))
    return chart


def network_chart(pairs: Sequence[dict[str, Any]], name: Callable[[str], str], href: Callable[[str, str], str],
                  width: int = 560, limit: int = 25) -> Chart:
    """Bipartite network: Russian regions left, Belarusian right, line width by co-mentions."""
    top = list(pairs)[:limit]
    ru = sorted({p["ru"] for p in top}, key=lambda c: -sum(p["n"] for p in top if p["ru"] == c))
    by = sorted({p["by"] for p in top}, key=lambda c: -sum(p["n"] for p in top if p["by"] == c))
    row = 20
    chart = Chart(width, max(len(ru), len(by), 1) * row + 10)
    if not top:
        return chart
    peak = max(p["n"] for p in top) or 1
    x_ru, x_by = 190, width - 190
    y_ru = {c: i * row + 12 for i, c in enumerate(ru)}
    y_by = {c: i * row + 12 for i, c in enumerate(by)}
    for p in top:
        chart.lines.append(Line(x_ru, y_ru[p["ru"]], x_by, y_by[p["by"]], round(1 + 7 * p["n"] / peak, 1),
                                f"{name(p['ru'])} — {name(p['by'])}: {p['n']}", href(p["ru"], p["by"])))
    for code, y in y_ru.items():
        chart.shapes.append(Shape(x_ru - 5, y - 5, 10, 10, COUNTRY_COLOURS["RU"], name(code), "", "node"))
        chart.labels.append(Label(x_ru - 9, y + 4, name(code), "end"))
    for code, y in y_by.items():
        chart.shapes.append(Shape(x_by - 5, y - 5, 10, 10, COUNTRY_COLOURS["BY"], name(code), "", "node"))
        chart.labels.append(Label(x_by + 9, y + 4, name(code)))
    return chart
