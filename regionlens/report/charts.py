"""Charts from a section's `ChartSpec`: SVG for the HTML report, PNG for PDF and XLSX.

Drawn with matplotlib's object API on the Agg canvas (no pyplot state, safe in
a web worker) and DejaVu Sans, which matplotlib ships, so Cyrillic renders on
any machine. Output is byte-stable for the same input (fixed SVG hash salt, no
dates or software tags in metadata), which keeps reports diff-able.
Tick labels use the report's number rules (decimal comma, «%» spacing), and
codes (ECON, RU-SMO) are shown by name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from regionlens.analysis.result import ChartSpec  # noqa: E402
from regionlens.messages.numbers import fmt_date, fmt_month, fmt_number, fmt_percent  # noqa: E402
from regionlens.report.i18n import Strings, load_strings  # noqa: E402
from regionlens.report.tables import flat, is_share_name  # noqa: E402

FONT = "DejaVu Sans"
# Series differ in grey print too: colours alternate dark and light, bars carry hatches, lines and points
# carry their own marker and dash pattern.
PALETTE = ["#1f5a96", "#e0a526", "#5b5b5b", "#8fc1e3", "#c8553d", "#b8b8b8", "#4a9c6d", "#2f2f2f", "#d45087", "#7a5195"]
HATCHES = ["", "///", "...", "xxx", "\\\\", "+++", "ooo", "---"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
DASHES = ["-", "--", ":", "-."]
RC: Any = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.unicode_minus": True,
    "svg.fonttype": "none",  # text stays text: searchable, selectable and readable by screen readers
    "svg.hashsalt": "regionlens",
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class ChartError(ValueError):
    """The spec does not fit its table (missing table or column, nothing to draw)."""


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(RC):
        yield


def _title(spec: ChartSpec, lang: str) -> str:
    return spec.title_ru if lang == "ru" else (spec.title_en or spec.title_ru)


def _value_formatter(column: str, lang: str) -> FuncFormatter:
    if is_share_name(column.lower()):
        return FuncFormatter(lambda v, _pos: fmt_percent(v, lang, 0))
    return FuncFormatter(lambda v, _pos: fmt_number(v, lang, 0 if float(v).is_integer() else 2))


def _label(value: Any, strings: Strings) -> str:
    if isinstance(value, pd.Timestamp):
        return fmt_month(value, strings.lang)
    return str(strings.value(value))


def _horizontal(labels: list[str]) -> bool:
    """Long region names read better on a horizontal bar chart."""
    return len(labels) > 8 or max((len(s) for s in labels), default=0) > 14


def _need(df: pd.DataFrame, *columns: str | None) -> None:
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ChartError(f"в таблице нет столбцов: {', '.join(missing)}")


def _wide(df: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    return df.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", sort=False).fillna(0.0)


def _bars(ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings, *, stacked: bool) -> None:
    if spec.series:
        wide = _wide(df, spec.x, spec.series, spec.y)
    else:
        wide = df.groupby(spec.x, sort=False)[[spec.y]].sum()
    labels = [_label(v, strings) for v in wide.index]
    horizontal = _horizontal(labels)
    positions = np.arange(len(wide.index))
    n_series = len(wide.columns)
    width = 0.8 if stacked or n_series == 1 else 0.8 / n_series
    base = np.zeros(len(positions))
    for i, col in enumerate(wide.columns):
        values = wide[col].to_numpy(dtype=float)
        offset = 0.0 if stacked or n_series == 1 else (i - (n_series - 1) / 2) * width
        name = _label(col, strings) if spec.series else strings.column(spec.y)
        look: dict[str, Any] = {"hatch": HATCHES[i % len(HATCHES)] if n_series > 1 else None, "edgecolor": "#333333",
                                "linewidth": 0.4}
        if horizontal:
            ax.barh(positions + offset, values, height=width, left=base if stacked else None, label=name, **look)
        else:
            ax.bar(positions + offset, values, width=width, bottom=base if stacked else None, label=name, **look)
        if stacked:
            base = base + values
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
        ax.set_xlabel(strings.column(spec.y))
    else:
        ax.set_xticks(positions, labels, rotation=30 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
        ax.yaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
        ax.set_ylabel(strings.column(spec.y))
    if spec.series:
        ax.legend(title=strings.column(spec.series), fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _line(ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings) -> None:
    data = df.copy()
    x_values = data[spec.x]
    if isinstance(x_values.dtype, pd.PeriodDtype):
        data[spec.x] = x_values.dt.to_timestamp()
        x_values = data[spec.x]
    dated = pd.api.types.is_datetime64_any_dtype(x_values)
    if not dated and x_values.dtype == object:
        parsed = pd.to_datetime(x_values.astype(str), errors="coerce", format="mixed")
        if parsed.notna().all():
            data[spec.x] = parsed
            dated = True
    groups = data.groupby(spec.series, sort=False) if spec.series else [(None, data)]
    for i, (key, part) in enumerate(groups):
        part = part.sort_values(spec.x)
        label = _label(key, strings) if spec.series else strings.column(spec.y)
        ax.plot(part[spec.x], part[spec.y].astype(float), marker=MARKERS[i % len(MARKERS)], markersize=3,
                linestyle=DASHES[i % len(DASHES)], linewidth=1.6, label=label)
    if dated:
        stamps = pd.to_datetime(data[spec.x]).dropna()
        months = int(stamps.dt.to_period("M").nunique())
        if months >= 2:
            ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, -(-months // 8))))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_month(mdates.num2date(v), strings.lang)))
        else:
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_date(mdates.num2date(v), strings.lang)))
        for tick in ax.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")
    elif pd.api.types.is_integer_dtype(x_values):  # years, weeks: no «2021,5» ticks, no «2 021»
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: str(int(v))))
    ax.yaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
    ax.set_xlabel(strings.column(spec.x))
    ax.set_ylabel(strings.column(spec.y))
    ax.grid(axis="y", alpha=0.3)
    if spec.series:
        ax.legend(title=strings.column(spec.series), fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _heatmap(fig: Figure, ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings) -> None:
    value = spec.value or spec.series
    if value is None:
        wide = df.groupby([spec.y, spec.x], sort=False).size().unstack(fill_value=0)
        value_name = "n"
    else:
        _need(df, value)
        wide = _wide(df, spec.y, spec.x, value)
        value_name = value
    matrix = wide.to_numpy(dtype=float)
    image = ax.imshow(matrix, aspect="auto", cmap="Blues")
    ax.set_xticks(np.arange(len(wide.columns)), [_label(c, strings) for c in wide.columns], rotation=35, ha="right")
    ax.set_yticks(np.arange(len(wide.index)), [_label(r, strings) for r in wide.index])
    ax.spines[:].set_visible(False)
    share = is_share_name(value_name.lower())
    top = float(np.nanmax(matrix)) if matrix.size else 0.0
    if matrix.size <= 400:
        for (i, j), cell in np.ndenumerate(matrix):
            text = fmt_percent(cell, strings.lang, 0) if share else fmt_number(cell, strings.lang, 0 if float(cell).is_integer() else 1)
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if top and cell > top * 0.6 else "#222222")
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.ax.yaxis.set_major_formatter(_value_formatter(value_name, strings.lang))
    bar.set_label(strings.column(value_name))
    ax.set_xlabel(strings.column(spec.x))
    ax.set_ylabel(strings.column(spec.y))


def _network(ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings) -> None:
    """Bipartite layout: Russian regions on the left, Belarusian on the right, edge width = weight."""
    left_col, right_col = spec.x, spec.y
    if df[left_col].astype(str).str.startswith("BY").all() and df[right_col].astype(str).str.startswith("RU").all():
        left_col, right_col = right_col, left_col
    weight_col = spec.value
    edges = df.groupby([left_col, right_col], sort=False)[weight_col].sum() if weight_col else df.groupby([left_col, right_col], sort=False).size()
    edges = edges[edges > 0]
    if edges.empty:
        raise ChartError("нет связей для графа")
    left_strength = edges.groupby(level=0).sum().sort_values(ascending=False)
    right_strength = edges.groupby(level=1).sum().sort_values(ascending=False)

    def positions(nodes: pd.Index) -> dict[Any, float]:
        n = len(nodes)
        return {node: (1.0 - (i + 0.5) / n) for i, node in enumerate(nodes)}

    left_y, right_y = positions(left_strength.index), positions(right_strength.index)
    top = float(edges.max())
    for (a, b), w in edges.items():
        ax.plot([0.0, 1.0], [left_y[a], right_y[b]], color=PALETTE[0], alpha=0.55, linewidth=0.6 + 7.4 * float(w) / top, solid_capstyle="round")
    for nodes, ys, x, align in ((left_strength, left_y, 0.0, "right"), (right_strength, right_y, 1.0, "left")):
        sizes = 30 + 170 * nodes.to_numpy(dtype=float) / float(nodes.max())
        ax.scatter([x] * len(nodes), [ys[n] for n in nodes.index], s=sizes, color=PALETTE[1], zorder=3)
        for node in nodes.index:
            ax.text(x + (-0.04 if align == "right" else 0.04), ys[node], _label(node, strings), ha=align, va="center", fontsize=8)
    ax.set_xlim(-0.9, 1.9)
    ax.set_ylim(0.0, 1.0)
    ax.axis("off")
    ax.text(0.0, 1.02, strings.column(left_col), ha="center", va="bottom", fontsize=9, fontweight="bold", transform=ax.transData)
    ax.text(1.0, 1.02, strings.column(right_col), ha="center", va="bottom", fontsize=9, fontweight="bold", transform=ax.transData)


def _scatter(ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings) -> None:
    groups = df.groupby(spec.series, sort=False) if spec.series else [(None, df)]
    for i, (key, part) in enumerate(groups):
        ax.scatter(part[spec.x].astype(float), part[spec.y].astype(float), s=26, alpha=0.85,
                   marker=MARKERS[i % len(MARKERS)], edgecolors="#333333", linewidths=0.4,
                   label=_label(key, strings) if spec.series else None)
    ax.xaxis.set_major_formatter(_value_formatter(spec.x, strings.lang))
    ax.yaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
    ax.set_xlabel(strings.column(spec.x))
    ax.set_ylabel(strings.column(spec.y))
    ax.grid(alpha=0.3)
    if spec.series:
        ax.legend(title=strings.column(spec.series), fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _errorbar(ax: Axes, spec: ChartSpec, df: pd.DataFrame, strings: Strings) -> None:
    if spec.low is None or spec.high is None:
        raise ChartError("для интервальной диаграммы нужны столбцы low и high")
    groups = list(df.groupby(spec.series, sort=False)) if spec.series else [(None, df)]
    categories = list(dict.fromkeys(df[spec.x].tolist()))
    labels = [_label(c, strings) for c in categories]
    horizontal = _horizontal(labels)
    index = {c: i for i, c in enumerate(categories)}
    step = 0.8 / max(len(groups), 1)
    for g, (key, part) in enumerate(groups):
        pos = np.array([index[c] for c in part[spec.x]], dtype=float) + (g - (len(groups) - 1) / 2) * step
        y = part[spec.y].to_numpy(dtype=float)
        err = np.vstack([y - part[spec.low].to_numpy(dtype=float), part[spec.high].to_numpy(dtype=float) - y]).clip(min=0)
        label = _label(key, strings) if spec.series else None
        fmt = MARKERS[g % len(MARKERS)]
        if horizontal:
            ax.errorbar(y, pos, xerr=err, fmt=fmt, capsize=3, markersize=4, label=label)
        else:
            ax.errorbar(pos, y, yerr=err, fmt=fmt, capsize=3, markersize=4, label=label)
    ticks = np.arange(len(categories))
    if horizontal:
        ax.set_yticks(ticks, labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
        ax.set_xlabel(strings.column(spec.y))
    else:
        ax.set_xticks(ticks, labels, rotation=30 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
        ax.yaxis.set_major_formatter(_value_formatter(spec.y, strings.lang))
        ax.set_ylabel(strings.column(spec.y))
    ax.grid(alpha=0.3)
    if spec.series:
        ax.legend(title=strings.column(spec.series), fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _height(spec: ChartSpec, df: pd.DataFrame) -> float:
    if spec.kind == "network":
        nodes = max(df[spec.x].nunique(), df[spec.y].nunique())
        return min(max(3.5, 0.32 * nodes + 1.0), 14.0)
    if spec.kind in ("bar", "stacked_bar", "errorbar", "heatmap"):
        rows = df[spec.y if spec.kind == "heatmap" else spec.x].nunique()
        return min(max(3.6, 0.3 * rows + 1.2), 11.0)
    return 4.0


def build_figure(spec: ChartSpec, table: pd.DataFrame, lang: str = "ru") -> Figure:
    """The figure for one spec; raises ChartError when the spec does not match the table."""
    strings = load_strings(lang)
    df = flat(table)
    _need(df, spec.x, spec.y, spec.series, spec.low, spec.high, spec.value)
    if df.empty:
        raise ChartError("таблица пуста")
    fig = Figure(figsize=(8.0, _height(spec, df)), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if spec.kind in ("bar", "stacked_bar"):
        _bars(ax, spec, df, strings, stacked=spec.kind == "stacked_bar")
    elif spec.kind == "line":
        _line(ax, spec, df, strings)
    elif spec.kind == "heatmap":
        _heatmap(fig, ax, spec, df, strings)
    elif spec.kind == "network":
        _network(ax, spec, df, strings)
    elif spec.kind == "scatter":
        _scatter(ax, spec, df, strings)
    elif spec.kind == "errorbar":
        _errorbar(ax, spec, df, strings)
    else:
        raise ChartError(f"неизвестный вид диаграммы: {spec.kind}")
    title = _title(spec, lang)
    if title:  # the network chart labels its two columns just above the axes: its title goes higher
        ax.set_title(title, fontsize=11, loc="left", pad=22 if spec.kind == "network" else 6)
    return fig


def chart_svg(spec: ChartSpec, table: pd.DataFrame, lang: str = "ru") -> str:
    """An `<svg>` element (no XML prolog) to inline into HTML."""
    with _style():
        fig = build_figure(spec, table, lang)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def chart_png(spec: ChartSpec, table: pd.DataFrame, lang: str = "ru", dpi: int = 150) -> bytes:
    """PNG bytes for the PDF and XLSX versions."""
    with _style():
        fig = build_figure(spec, table, lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
