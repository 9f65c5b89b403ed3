"""A report's chart as inline SVG for the HTML report, drawn by pygal from the same `ChartSpec` the Reports
screen draws, so the file a hiring manager opens shows the screen's bars.

The SVG must work offline and run nothing: pygal's tooltip script (an external URL by default) is off
(`js=[]`), its inline config script and its comments (URLs) are taken out of the tree, and no web font is
named. Labels have control and bidi characters removed before pygal sees them; pygal escapes the rest.

Horizontal charts write each label above its own bars (not beside the middle of a group, where a reader
cannot tell which label a bar belongs to), with a clear gap before the next label, and so across the
chart's whole width: a label is cut only when it would not fit there. Count axes tick at whole numbers.
"""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from pipeline_tui.core.report_tables import ChartSpec
from pipeline_tui.core.terminal import UNSAFE

# Long or many labels read better down the side than slanted under bars.
HORIZONTAL_FROM_LABELS = 7
HORIZONTAL_FROM_LABEL_LENGTH = 14
LABEL_CHARS = 46  # what fits across a horizontal chart; longer labels are cut, the table has them whole
LABEL_BAND = 26  # px above a group's bars for its label
BAR = 22  # px per bar in a horizontal chart
GROUP_GAP = 14  # px between a group's last bar and the next group's label
AXIS_TICKS = 5  # at most, besides 0: a few round numbers, readable on a phone
_SPACES = re.compile(r"\s+")

# The series' colours, in order: the page's legend (HTML, so it wraps and scales) draws the same ones.
SERIES_COLORS = ("#2f6db5", "#e08a2e", "#4c9a5b", "#b5485d")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#111111",
    foreground_subtle="#dddddd",
    opacity=".9",
    opacity_hover="1",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    label_font_size=16,
    major_label_font_size=16,
    value_font_size=15,
    legend_font_size=16,
    title_font_size=18,
    colors=SERIES_COLORS,
)


def clean(text: object) -> str:
    """User text as one line with no control, bidi or zero-width characters (they would hide or reorder
    what a reader sees)."""
    if text is None:
        return ""
    s = str(text)
    if s.isascii() and s.isprintable():
        return s
    return _SPACES.sub(" ", UNSAFE.sub(lambda m: " " if m.group() in "\t\n\r" else "", s)).strip()


def chart_label(text: object) -> str:
    """A label as the chart shows it: cleaned, and cut to LABEL_CHARS in the middle, so both the start and
    the end (a job and its stage: "Senior Backend … Phone screen") stay readable. pygal does not cut the
    labels of horizontal bars, which would squeeze the bars; the table beside the chart has them whole."""
    s = clean(text)
    if len(s) <= LABEL_CHARS:
        return s
    head = (LABEL_CHARS - 1) * 11 // 20
    tail = LABEL_CHARS - 1 - head
    return s[:head].rstrip() + "\u2026" + s[-tail:].lstrip()


def horizontal(spec: ChartSpec) -> bool:
    """Across, label above bars: many or long labels, or groups of bars (more than two of them)."""
    return (
        len(spec.labels) >= HORIZONTAL_FROM_LABELS
        or any(len(label) > HORIZONTAL_FROM_LABEL_LENGTH for label in spec.labels)
        or (len(spec.series) > 1 and len(spec.labels) > 2)
    )


def count_ticks(top: float) -> list[int]:
    """Whole-number ticks from 0 past `top` (a count has no 0.4 of an application): steps of 1, 2 or 5
    times a power of ten, at most AXIS_TICKS of them besides 0."""
    top = max(top, 1.0)
    power = 10 ** max(0, math.floor(math.log10(top / AXIS_TICKS)))
    step = next(m * power for m in (1, 2, 5, 10) if math.ceil(top / (m * power)) <= AXIS_TICKS)
    return list(range(0, step * math.ceil(top / step) + 1, step))


def chart_svg(spec: ChartSpec, name: str = "report") -> str:
    """The chart as an `<svg>` element (no XML declaration) that scales to its container's width. `name`
    makes its id (`chart-NAME`, which its CSS is scoped to) unique in the page, and the same on every run."""
    across = horizontal(spec)
    labels = [chart_label(label) for label in spec.labels]
    series = [(chart_label(s.name), list(s.values)) for s in spec.series]
    if across:
        # pygal draws the first label at the bottom; a report reads top down, like its table.
        labels.reverse()
        series = [(name, values[::-1]) for name, values in series]
    per_group = LABEL_BAND + BAR * max(1, len(series)) + GROUP_GAP
    top = max((v for _, values in series for v in values), default=0.0)
    ticks = None if spec.unit == "days" else count_ticks(top)
    chart_type = pygal.HorizontalBar if across else pygal.Bar
    chart = chart_type(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        width=480 if across else 640,  # a narrower box: larger on a phone, its labels still whole
        height=120 + per_group * len(labels) if across else 420,
        print_values=True,
        print_zeroes=across and len(series) > 1,  # each group shows all its bars, a 0 as "0"
        print_values_position="top",
        show_legend=False,  # the page draws the legend (report_html), in the SERIES_COLORS
        truncate_label=-1,
        show_y_labels=not across,  # across: each label is written above its bars (_labels_above)
        y_labels=ticks,
        x_label_rotation=0 if across or len(labels) <= 4 else 25,
        value_formatter=_formatter(spec.unit),
        x_title=spec.unit if across else None,
        y_title=None if across else spec.unit,
        margin=12,
        margin_right=44 if across else 12,  # room for the longest bar's printed value
        max_scale=6 if across else 8,  # days' ticks: a few round numbers, readable on a phone
    )
    if across:  # the gap above and below each group's bars: the label's band and the gap to the next
        chart._series_margin = (LABEL_BAND + GROUP_GAP) / 2 / per_group
    chart.uuid = name  # pygal's default is a random one: the same report would make a different file
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    chart.add_xml_filter(lambda root: _offline(root, clean(spec.title)))
    if across:
        chart.add_xml_filter(lambda root: _labels_above(root, labels))
    return chart.render()


def _labels_above(root, labels: list[str]):
    """Write label i just above the topmost bar of group i (in the plot's own coordinates), from the
    plot's left edge: the gap above it is wider than the one below, so it reads as its bars' heading."""
    plot = next(g for g in root.iter() if _tag(g) == "g" and g.get("class") == "plot")
    tops, left = [math.inf] * len(labels), math.inf
    for serie in plot:
        if "series" not in (serie.get("class") or ""):
            continue
        rects = [r for r in serie.iter() if _tag(r) == "rect"]
        for i, rect in enumerate(rects[: len(labels)]):
            tops[i] = min(tops[i], float(rect.get("y", "0")))
            left = min(left, float(rect.get("x", "0")))
    parent = next(p for p in root.iter() if any(child is plot for child in p))
    group = ElementTree.SubElement(
        parent, "g", {"class": "group-labels", "transform": plot.get("transform", "")}
    )
    style = f"font-size:{STYLE.label_font_size}px;fill:{STYLE.foreground_strong}"
    for label, top in zip(labels, tops, strict=True):
        text = ElementTree.SubElement(
            group, "text", {"x": f"{left:.1f}", "y": f"{top - 7:.1f}", "style": style}
        )
        text.set("class", "group-label")
        text.text = label
    return root


def _formatter(unit: str):
    if unit == "days":
        return lambda v: f"{v:.1f}"
    return lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _offline(root, title: str):
    """Take out what would run or point elsewhere: scripts (pygal's config) and comments (pygal's URLs);
    the SVG's own title (what a browser shows on hover) is the chart's, not "Pygal"."""
    for parent in list(root.iter()):
        for child in list(parent):
            name = _tag(child)
            if name is None or name == "script":
                parent.remove(child)
            elif name == "title" and parent is root:
                child.text = title
    return root


def _tag(node) -> str | None:
    """An element's local name; None for a comment or processing instruction."""
    return node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else None
