"""A report's chart in the terminal: a `ChartSpec` drawn as bars by textual-plotext (plotext pinned below 6).

This is the one place the project speaks plotext, so a change of chart library (or of plotext's API) touches
this file only. The layout is worked out here, not left to plotext: which way the bars run (sideways, with
readable labels, when the labels are too long to stand under their bars; then only the top groups that fit
the rows are drawn and the title says "top N of M": the table below has them all), labels shortened to the
room they have, value ticks at round numbers and each label on rows of its own, so what is drawn is readable
at 80x24 and the same for the same spec and size (snapshot-stable). Colours come from the app's theme.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

from plotext import _utility as plotext_utility
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from pipeline_tui.core.report_tables import ChartSpec
from pipeline_tui.widgets.literal import literal, plain


def _in_order_without_duplicates(data) -> list:  # noqa: ANN001 - plotext's own signature
    return list(dict.fromkeys(data))


# plotext drops duplicate points and ticks with list(set(...)), so the order it draws them in (which of two
# overlapping strings wins a cell) followed Python's per-process string hash: the same chart drew a label one
# cell apart from one run to the next. Dropping them in order draws every run alike.
plotext_utility.no_duplicates = _in_order_without_duplicates

RGB = tuple[int, int, int]
EMPTY_CHART = "Nothing to chart in this range"
# Theme colours the series take in turn: each reads on the dark and the light themes alike.
SERIES_COLOURS = ("primary", "accent", "warning", "success", "error", "secondary")
ELLIPSIS = "\u2026"
PAIR = " \u00b7 "  # how core's chart labels join a job and its stage, a sequence and its step
# Rows plotext spends around the bars: the axis line, its tick labels and the unit's line.
AXIS_ROWS = 3


@dataclass(frozen=True)
class BarLayout:
    """Where each bar goes: `positions[s][i]` is series s of label i on the category axis, whose limits are
    `span`; `label_at` the tick of each label; `ticks` the value axis, which ends at `peak` (the longest bar
    fills the plot); `shown` the groups drawn (indexes into the spec's labels, in its order), `total` how
    many the spec has."""

    horizontal: bool
    labels: tuple[str, ...]
    label_at: tuple[float, ...]
    positions: tuple[tuple[float, ...], ...]
    bar_width: float
    span: tuple[float, float]
    ticks: tuple[float, ...]
    peak: float
    shown: tuple[int, ...] = ()
    total: int = 0


def shorten(label: str, room: int) -> str:
    """The label cut to `room` characters, an ellipsis saying it was cut."""
    if len(label) <= room:
        return label
    return label[: room - 1].rstrip() + ELLIPSIS if room > 1 else label[:1]


def shorten_pair(label: str, room: int) -> str:
    """A two-part label ("Backend warm-up · 2", "Backend Engineer · Phone screen") cut in both parts, so the
    second (the step, the stage) still shows; a one-part label, or too little room, is cut at its end."""
    head, sep, tail = label.partition(PAIR)
    if not sep or len(label) <= room or room < 7:
        return shorten(label, room)
    both = room - 1  # the parts joined by a bare "·"
    tail_room = min(len(tail), both - max(3, both // 3))
    return shorten(head, both - tail_room) + PAIR.strip() + shorten(tail, tail_room)


def shorten_all(labels: tuple[str, ...], room: int) -> tuple[str, ...]:
    """Each label cut to `room`; labels that cutting makes alike ("Senior engineer 1", "Senior engineer 2";
    "Pool: Backend", "Pool: Data") lose the words they begin with first, so what tells them apart shows."""
    cut = [shorten_pair(label, room) for label in labels]
    for shown in sorted({c for c in cut if cut.count(c) > 1}):
        alike = [i for i, c in enumerate(cut) if c == shown]
        common = os.path.commonprefix([labels[i] for i in alike])
        words = common[: common.rfind(" ") + 1]
        if len({labels[i] for i in alike}) > 1 and len(words) > 1:
            for i in alike:
                cut[i] = shorten(ELLIPSIS + labels[i][len(words) :], room)
    return tuple(cut)


def value_ticks(peak: float, cells: int, gap: int, *, whole: bool) -> tuple[float, ...]:
    """Ticks from 0 up to `peak` in round steps (1, 2, 2.5 or 5 times a power of ten), at least `gap` of
    the axis' `cells` apart; whole steps only for counts."""
    peak = peak if peak > 0 else 1.0
    raw = peak * gap / max(1, cells)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for factor in (1, 2, 2.5, 5, 10):
        candidate = factor * magnitude
        if candidate >= raw - 1e-9 and (not whole or float(candidate).is_integer()):
            step = candidate
            break
    step = max(step, 1.0) if whole else step
    count = math.floor(peak / step + 1e-9)
    if not count:  # the step would pass the peak: the peak itself is the one tick above 0
        return (0.0, round(peak, 2 if peak < 10 else 0))
    return tuple(round(i * step, 6) for i in range(count + 1))


def tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def bar_layout(spec: ChartSpec, width: int, height: int) -> BarLayout:
    """The bars of `spec` in a plot `width` x `height` cells: upright when every label fits under its bars,
    else sideways (labels readable on their rows), as many of the top groups as the rows hold; upright with
    cut labels only when not even one group's rows are there."""
    labels = tuple(plain(label) for label in spec.labels)
    n, k = len(labels), max(1, len(spec.series))
    peak = max((v for s in spec.series for v in s.values), default=0.0)
    whole = all(float(v).is_integer() for s in spec.series for v in s.values)
    rows = max(1, height - AXIS_ROWS)
    upright_ticks = value_ticks(peak, rows, 2, whole=whole)
    tick_width = max(len(tick_text(t)) for t in upright_ticks) + 1
    # A label's room under its bars: plotext drops a label with no blank cell either side and moves those
    # near the ends, so it gets less than its slot (tried at every width from 40 to 160, 2 to 12 labels).
    slot = (width - tick_width) // max(1, n)
    room = max(1, slot - 3 - slot // 8)
    fits_upright = all(len(label) <= room for label in labels)
    if fits_upright or rows < k:
        return _upright(spec, labels, room, upright_ticks, peak)
    shown = top_groups(spec, rows // k)
    return _sideways(spec, tuple(labels[i] for i in shown), shown, width, rows, whole)


def top_groups(spec: ChartSpec, room: int) -> tuple[int, ...]:
    """The `room` groups with the biggest bars (their series summed; ties: the first), in the spec's order."""
    n = len(spec.labels)
    if room >= n:
        return tuple(range(n))
    size = [sum(s.values[i] for s in spec.series) for i in range(n)]
    return tuple(sorted(sorted(range(n), key=lambda i: (-size[i], i))[:room]))


def _upright(
    spec: ChartSpec, labels: tuple[str, ...], room: int, ticks: tuple[float, ...], peak: float
) -> BarLayout:
    """One group per label, left to right, its series side by side in it."""
    n, k = len(labels), max(1, len(spec.series))
    bar_width = 0.8 / k
    offsets = [(j - (k - 1) / 2) * bar_width for j in range(k)]
    return BarLayout(
        horizontal=False,
        labels=shorten_all(labels, room),
        label_at=tuple(float(i + 1) for i in range(n)),
        positions=tuple(tuple(i + 1 + offsets[j] for i in range(n)) for j in range(k)),
        bar_width=bar_width,
        span=(0.5, n + 0.5),
        ticks=ticks,
        peak=peak or 1.0,
        shown=tuple(range(n)),
        total=n,
    )


def _sideways(
    spec: ChartSpec, labels: tuple[str, ...], shown: tuple[int, ...], width: int, rows: int, whole: bool
) -> BarLayout:
    """One row per bar from the top (the first label on top), a blank row between groups when there is room;
    plotext puts the axis' ends on the middle of its first and last rows, so with the axis from 1 to `rows`
    each unit is exactly one row and no bar spills onto its neighbour's."""
    n, k = len(labels), max(1, len(spec.series))
    peak = max((s.values[i] for s in spec.series for i in shown), default=0.0)
    gap = 1 if rows >= n * k + n - 1 else 0
    label_room = min(max(len(label) for label in labels), max(8, width * 2 // 5, width - 32))
    top = float(rows)
    row_of = [[top - i * (k + gap) - j for i in range(n)] for j in range(k)]
    ticks = value_ticks(peak, width - label_room - 1, 10, whole=whole)
    return BarLayout(
        horizontal=True,
        labels=shorten_all(labels, label_room),
        label_at=tuple(row_of[0]),
        positions=tuple(tuple(r) for r in row_of),
        bar_width=0.9,
        span=(1.0, top),
        ticks=ticks,
        peak=peak or 1.0,
        shown=shown,
        total=len(spec.labels),
    )


TOP = re.compile(r"\s*(?:[\u2014\u2013:,\u00b7-]\s*)?\(?\btop (\d+) of (\d+)\)?")


def title_parts(title: str, layout: BarLayout | None) -> tuple[str, str]:
    """The chart's title and, apart (it must never be cut off), "top N of M" when fewer groups are drawn than
    there are: fewer than the spec has (the rows hold no more) or than the title says it has (a spec that
    itself holds only the top of more says "top 12 of 13"; drawing 6 of them is "top 6 of 13")."""
    said = TOP.search(title)
    base = (title[: said.start()] + title[said.end() :]).rstrip() if said else title
    cut = layout is not None and len(layout.shown) < layout.total
    of = int(said[2]) if said else (layout.total if layout is not None else 0)
    drawn = len(layout.shown) if cut and layout is not None else (int(said[1]) if said else of)
    return (base, f"top {drawn} of {of}") if drawn < of else (base, "")


def series_colours(variables: dict[str, str], count: int) -> list[RGB]:
    """The theme's colours for `count` series, in turn."""
    names = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(count)]
    return [Color.parse(variables.get(name) or "ansi_blue").rgb for name in names]


def plot_bars(plt: Plot, spec: ChartSpec, width: int, height: int, colours: list[RGB]) -> BarLayout:
    """Draw `spec` on a blank plotext figure for `width` x `height` cells (PlotextPlot sizes it when it
    renders), series in `colours`; returns the layout drawn (which groups it shows)."""
    plt.clear_figure()
    layout = bar_layout(spec, width, height)
    orientation = "horizontal" if layout.horizontal else "vertical"
    for series, where, colour in zip(spec.series, layout.positions, colours, strict=True):
        # plotext takes a bar's width relative to the mean distance between the bars' positions.
        spacing = (max(where) - min(where)) / (len(where) - 1) if len(where) > 1 else 1.0
        plt.bar(
            list(where),
            [series.values[i] for i in layout.shown],
            color=colour,
            width=layout.bar_width / spacing,
            orientation=orientation,
            reset_ticks=False,
        )
    ticks, texts = list(layout.ticks), [tick_text(t) for t in layout.ticks]
    unit = plain(spec.unit)
    if layout.horizontal:
        plt.yticks(list(layout.label_at), list(layout.labels))
        plt.ylim(*layout.span)
        plt.xticks(ticks, texts)
        plt.xlim(0, layout.peak)
        plt.xlabel(unit)
    else:
        plt.xticks(list(layout.label_at), list(layout.labels))
        plt.xlim(*layout.span)
        plt.yticks(ticks, texts)
        plt.ylim(0, layout.peak)
        plt.ylabel(unit)
    plt.xaxes(True, False)
    plt.yaxes(True, False)
    return layout


class _Bars(PlotextPlot):
    """The plot itself, laid out again whenever the spec, its size or the theme changes; says which groups
    it drew (LaidOut) so that the title can say "top N of M"."""

    class LaidOut(Message):
        def __init__(self, spec: ChartSpec, layout: BarLayout) -> None:
            super().__init__()
            self.spec, self.layout = spec, layout

    def __init__(self) -> None:
        super().__init__(classes="report-chart-bars")
        self.spec: ChartSpec | None = None
        self._drawn: tuple[object, ...] | None = None

    def draw(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.refresh()

    def render(self):
        key = (self.spec, self.size.width, self.size.height, self.app.theme)
        if self.spec is not None and key != self._drawn:
            colours = series_colours(self.app.theme_variables, len(self.spec.series))
            layout = plot_bars(self.plt, self.spec, self.size.width, self.size.height, colours)
            self._drawn = key
            self.post_message(self.LaidOut(self.spec, layout))
        return super().render()


class _Legend(Widget):
    """Each series' name after a square in its bar colour (drawn in the current theme's colours)."""

    def __init__(self) -> None:
        super().__init__(classes="report-chart-legend")
        self.names: tuple[str, ...] = ()

    def get_content_width(self, container, viewport) -> int:
        return sum(len(plain(name)) + 2 for name in self.names) + 2 * max(0, len(self.names) - 1)

    def render(self) -> Text:
        legend = Text(no_wrap=True, overflow="ellipsis")
        colours = series_colours(self.app.theme_variables, len(self.names))
        for number, (name, (r, g, b)) in enumerate(zip(self.names, colours, strict=True)):
            if number:
                legend.append("  ")
            legend.append("\u25a0 ", style=f"rgb({r},{g},{b})")
            legend.append_text(literal(name))
        return legend


class ReportChart(Widget):
    """A report's chart: its title and (for several series) a legend on one line, the bars below; an empty
    spec shows one line instead of an empty plot. `show(spec)` replaces whatever was drawn."""

    DEFAULT_CSS = """
    ReportChart {
        height: 1fr;
        min-height: 3;
        layout: vertical;
        background: $surface;

        & > .report-chart-head {
            height: 1;
            & > .report-chart-title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
            & > .report-chart-top { width: auto; text-wrap: nowrap; margin-left: 1; color: $text-muted; }
            & > .report-chart-legend { width: auto; text-wrap: nowrap; margin-left: 2; }
        }
        & > .report-chart-empty { height: 1; color: $text-muted; }
        & > .report-chart-bars { height: 1fr; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.spec: ChartSpec | None = None
        self.drawn_layout: BarLayout | None = None  # how the bars were last drawn (for `spec`)
        self._title = Static("", classes="report-chart-title")
        self._top = Static("", classes="report-chart-top", markup=False)
        self._legend = _Legend()
        self._head = Horizontal(self._title, self._top, self._legend, classes="report-chart-head")
        self._empty = Static(EMPTY_CHART, classes="report-chart-empty", markup=False)
        self._bars = _Bars()
        self._shown(None)

    def compose(self) -> ComposeResult:
        yield self._head
        yield self._empty
        yield self._bars

    def show(self, spec: ChartSpec) -> None:
        """Draw `spec` (labels, titles and series names are user text: shown literally)."""
        if spec != self.spec:
            self.drawn_layout = None
        self.spec = spec
        self._shown(spec)
        if not spec.empty:
            self._draw_title()
            self._legend.names = tuple(s.name for s in spec.series) if len(spec.series) > 1 else ()
            self._legend.refresh(layout=True)
            self._bars.draw(spec)

    def on__bars_laid_out(self, event: _Bars.LaidOut) -> None:
        event.stop()
        if event.spec == self.spec and event.layout != self.drawn_layout:
            self.drawn_layout = event.layout
            self._draw_title()

    def _draw_title(self) -> None:
        assert self.spec is not None
        title, top = title_parts(self.spec.title, self.drawn_layout)
        self._title.update(literal(title, "bold"))
        self._top.update(top)
        self._top.display = bool(top)

    def _shown(self, spec: ChartSpec | None) -> None:
        drawn = spec is not None and not spec.empty
        self._head.display = self._bars.display = drawn
        self._empty.display = spec is not None and spec.empty
