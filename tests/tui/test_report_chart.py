"""The report chart (widgets/report_chart.py) as a user sees it: mounted in a small app at 80 and 140 columns,
a spec's labels, bars, unit and legend are on screen, a bar is as long as its figure, an empty spec is one
line, a new spec replaces the old one, user text stays literal, colours are the theme's; and snapshots."""

from __future__ import annotations

import plotext
import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual_plotext.plot import Plot

from pipeline_tui.core.report_tables import ChartSpec, Series
from pipeline_tui.widgets.report_chart import (
    EMPTY_CHART,
    ReportChart,
    bar_layout,
    plot_bars,
    shorten_all,
    title_parts,
    value_ticks,
)

BLOCK = "\u2588"
FUNNEL = ChartSpec(
    "Funnel: Backend Engineer",
    ("Applied", "Phone screen", "Technical interview", "Onsite", "Offer", "Hired"),
    (Series("reached", (120.0, 64.0, 30.0, 12.0, 5.0, 3.0)),),
    "applications",
)
SOURCES = ChartSpec(
    "Applications and hires by source",
    ("LinkedIn", "Referral", "Pool: Backend talent", "(none)", "Careers page"),
    (Series("applications", (40.0, 20.0, 10.0, 4.0, 8.0)), Series("hired", (3.0, 2.0, 1.0, 0.0, 1.0))),
    "applications",
)
HIRING = ChartSpec(
    "Time to hire and to fill",
    ("time to hire", "time to fill"),
    (Series("median days", (23.5, 41.2)), Series("mean days", (27.1, 44.0))),
    "days",
)
EMPTY = ChartSpec("Rejections by reason", ("Too junior",), (Series("rejected", (0.0,)),), "applications")
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


class ChartHost(App[None]):
    """The chart alone, as tall as the Reports screen gives it: 10 rows at 24 lines, 18 at 40."""

    CSS = "ReportChart { height: 10; } Screen.tall ReportChart { height: 18; }"

    def __init__(self, spec: ChartSpec | None = None) -> None:
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        yield ReportChart(id="chart")

    def on_mount(self) -> None:
        self.screen.set_class(self.size.height >= 40, "tall")
        if self.spec is not None:
            self.query_one(ReportChart).show(self.spec)


def chart_lines(app: App) -> list[str]:
    chart = app.query_one(ReportChart)
    rows = [strip.text for strip in app.screen._compositor.render_strips()]
    region = chart.region
    return [row[region.x : region.right] for row in rows[region.y : region.bottom]]


async def drawn(app: App, pilot, spec: ChartSpec | None = None) -> list[str]:
    if spec is not None:
        app.query_one(ReportChart).show(spec)
    await pilot.pause()
    await pilot.pause()
    return chart_lines(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_funnel_is_drawn_with_its_title_labels_unit_and_bars_as_long_as_its_figures(size):
    app = ChartHost(FUNNEL)
    async with app.run_test(size=size) as pilot:
        lines = await drawn(app, pilot)
        text = "\n".join(lines)
        assert lines[0].startswith("Funnel: Backend Engineer")
        assert "applications" in text
        assert BLOCK in text
        for label in ("Applied", "Onsite", "Offer", "Hired"):
            assert label in text, label
        assert EMPTY_CHART not in text
        heights = bar_sizes(lines, FUNNEL)
        assert heights == sorted(heights, reverse=True) and heights[0] > heights[-1] > 0, heights


def bar_sizes(lines: list[str], spec: ChartSpec) -> list[int]:
    """Each label's bar in cells: its row's blocks when the bars run sideways, else its column's."""
    axis = next(i for i, line in enumerate(lines) if "\u2514" in line)  # └: the corner of the axes
    label_line = lines[axis + 1]
    sideways = any(
        line.split("\u2524")[0].strip() == spec.labels[0] for line in lines[:axis] if "\u2524" in line
    )
    if sideways:
        return [
            next(line.count(BLOCK) for line in lines[:axis] if line.split("\u2524")[0].strip() == label)
            for label in spec.labels
        ]
    sizes = []
    for label in spec.labels:
        shown = label if label in label_line else label[:3]
        column = label_line.index(shown) + len(shown) // 2
        sizes.append(sum(1 for line in lines[1:axis] if len(line) > column and line[column] == BLOCK))
    return sizes


async def test_sideways_bars_keep_each_label_on_its_own_row_and_first_on_top():
    """Long labels and rows enough: bars run sideways, the first label on top, each bar on its own row."""
    app = ChartHost(FUNNEL)
    async with app.run_test(size=(80, 40)) as pilot:
        app.query_one(ReportChart).styles.height = 16
        lines = await drawn(app, pilot)
        labelled = [line.split("\u2524")[0].strip() for line in lines if "\u2524" in line]
        assert labelled[: len(FUNNEL.labels)] == list(FUNNEL.labels)
        sizes = bar_sizes(lines, FUNNEL)
        assert sizes[0] > sizes[1] > sizes[2] > sizes[3] > sizes[4] >= sizes[5] > 0
        # 120 fills the plot, 64 is about half of it: the bar's length is its figure, not a neighbour's.
        assert abs(sizes[1] / sizes[0] - 64 / 120) < 0.05


@pytest.mark.parametrize("size", SIZES)
async def test_several_series_are_grouped_with_a_legend_in_the_theme_colours(size):
    app = ChartHost(SOURCES)
    async with app.run_test(size=size) as pilot:
        lines = await drawn(app, pilot)
        assert "\u25a0 applications" in lines[0] and "\u25a0 hired" in lines[0]
        assert "LinkedIn" in "\n".join(lines)
        colours = bar_colours(app)
        primary = Color.parse(app.theme_variables["primary"]).rgb
        accent = Color.parse(app.theme_variables["accent"]).rgb
        assert primary in colours and accent in colours


async def test_a_theme_change_recolours_the_bars_and_the_legend():
    app = ChartHost(SOURCES)
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(app, pilot)
        dark = Color.parse(app.theme_variables["primary"]).rgb
        app.theme = "textual-light"
        await drawn(app, pilot)
        light = Color.parse(app.theme_variables["primary"]).rgb
        assert light != dark
        assert light in bar_colours(app) and dark not in bar_colours(app)
        assert light in bar_colours(app, mark="\u25a0")


def bar_colours(app: App, mark: str = BLOCK) -> set[tuple[int, int, int]]:
    """The colours cells showing `mark` (a bar's block, the legend's square) are drawn in."""
    found = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if mark in segment.text and segment.style and segment.style.color:
                triplet = segment.style.color.get_truecolor()
                found.add((triplet.red, triplet.green, triplet.blue))
    return found


async def test_one_series_has_no_legend():
    app = ChartHost(FUNNEL)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await drawn(app, pilot)
        assert "\u25a0" not in lines[0]


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_spec_shows_one_line_instead_of_a_plot(size):
    app = ChartHost(EMPTY)
    async with app.run_test(size=size) as pilot:
        lines = await drawn(app, pilot)
        assert lines[0].strip() == EMPTY_CHART
        assert not "".join(lines[1:]).strip()
        assert "Rejections" not in "\n".join(lines)


async def test_a_new_spec_replaces_the_old_one_both_ways():
    app = ChartHost(SOURCES)
    async with app.run_test(size=(80, 24)) as pilot:
        text = "\n".join(await drawn(app, pilot))
        assert "LinkedIn" in text
        text = "\n".join(await drawn(app, pilot, HIRING))
        assert "time to hire" in text and "days" in text and "\u25a0 median days" in text
        assert "LinkedIn" not in text and "Referral" not in text and "hired" not in text
        text = "\n".join(await drawn(app, pilot, EMPTY))
        assert EMPTY_CHART in text and BLOCK not in text and "time to hire" not in text
        text = "\n".join(await drawn(app, pilot, FUNNEL))
        assert EMPTY_CHART not in text and "Applied" in text and BLOCK in text


async def test_a_chart_shown_before_it_is_mounted_is_drawn_once_it_is():
    app = ChartHost()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = ReportChart()
        chart.show(HIRING)
        await app.mount(chart, before=0)
        await pilot.pause()
        text = "\n".join(chart_lines_of(app, chart))
        assert "time to fill" in text and BLOCK in text


def chart_lines_of(app: App, chart: ReportChart) -> list[str]:
    rows = [strip.text for strip in app.screen._compositor.render_strips()]
    region = chart.region
    return [row[region.x : region.right] for row in rows[region.y : region.bottom]]


async def test_long_labels_run_sideways_whole_and_only_the_top_groups_that_fit_at_80_columns():
    """Labels too long to stand under their bars: sideways with whole labels; at 80x24 the rows hold 6 of the
    8 jobs, the biggest, and the title line says "top 6 of 8"; at 140x40 all 8 and no such note."""
    many = ChartSpec(
        "Funnel: the biggest jobs",
        tuple(f"Senior Platform Engineer {n}" for n in range(1, 9)),
        (Series("applications", (10.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0)),),
        "applications",
    )
    app = ChartHost(many)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await drawn(app, pilot)
        labelled = [line.split("\u2524")[0].strip() for line in lines if "\u2524" in line]
        # The biggest six, in the spec's order: job 1 (10) and job 8 (20) are left out.
        assert labelled == [f"Senior Platform Engineer {n}" for n in range(2, 8)]
        assert "Funnel: the biggest jobs" in lines[0] and "top 6 of 8" in lines[0]
    app = ChartHost(many)
    async with app.run_test(size=(140, 40)) as pilot:
        lines = await drawn(app, pilot)
        text = "\n".join(lines)
        assert "Senior Platform Engineer 1" in text and "Senior Platform Engineer 8" in text
        assert "top" not in lines[0]


async def test_a_title_that_says_top_n_of_m_says_how_many_are_drawn():
    """A spec that holds the top 12 of 13 (core's CHART_BARS) drawn as 3 groups says "top 3 of 13", once,
    apart from the title so that it is never cut off; drawn whole it keeps "top 12 of 13"."""
    reasons = tuple(f"Rejection reason number {n}" for n in range(1, 13))
    spec = ChartSpec(
        "Rejections by reason \u2014 top 12 of 13",
        reasons,
        (Series("rejected", tuple(float(30 - n) for n in range(12))), Series("withdrew", (1.0,) * 12)),
        "applications",
    )
    app = ChartHost(spec)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await drawn(app, pilot)
        assert "top 3 of 13" in lines[0] and lines[0].count("top") == 1, lines[0]
        assert "Rejection reason number 1" in "\n".join(lines)
    assert title_parts(spec.title, bar_layout(spec, 160, 60)) == ("Rejections by reason", "top 12 of 13")
    assert title_parts("Funnel", bar_layout(FUNNEL, 80, 30)) == ("Funnel", "")


async def test_user_text_in_a_chart_is_shown_literally():
    """A source or job named with markup or terminal escapes is drawn as typed, never styled or obeyed."""
    spec = ChartSpec(
        "Funnel: [b]Ops[/b]",
        ("[red]Agency[/red]", "Mail\x1b[2J"),
        (Series("[i]x[/i]", (3.0, 2.0)), Series("y\x1b[31m", (1.0, 1.0))),
        "applications",
    )
    app = ChartHost(spec)
    async with app.run_test(size=(80, 24)) as pilot:
        text = "\n".join(await drawn(app, pilot))
        assert "Funnel: [b]Ops[/b]" in text
        assert "[red]Agency[/red]" in text and "Mail\ufffd[2J" in text
        assert "[i]x[/i]" in text and "y\ufffd[31m" in text


async def test_the_same_spec_draws_the_same_picture():
    pictures = []
    for _ in range(2):
        app = ChartHost(SOURCES)
        async with app.run_test(size=(80, 24)) as pilot:
            pictures.append(await drawn(app, pilot))
    assert pictures[0] == pictures[1]


def test_value_ticks_are_round_and_counts_whole():
    assert value_ticks(120, 5, 2, whole=True) == (0, 50, 100)
    assert value_ticks(3, 10, 2, whole=True) == (0, 1, 2, 3)
    assert value_ticks(0.8, 8, 2, whole=False) == (0, 0.2, 0.4, 0.6, 0.8)
    assert value_ticks(0.9, 7, 2, whole=False) == (0, 0.5)
    assert value_ticks(0.4, 3, 2, whole=False) == (0, 0.4)  # a step of 0.5 would pass it
    assert value_ticks(44.0, 14, 2, whole=False) == (0, 10, 20, 30, 40)


def test_labels_that_shortening_makes_alike_lose_their_shared_words_first():
    assert shorten_all(("Referral", "LinkedIn"), 5) == ("Refe\u2026", "Link\u2026")
    assert shorten_all(("Senior engineer 1", "Senior engineer 2"), 6) == ("\u20261", "\u20262")
    pools = ("LinkedIn", "Pool: Backend engineers", "Pool: Data & analytics", "Pool: Design")
    assert shorten_all(pools, 10)[1:] == ("Pool: Bac\u2026", "Pool: Dat\u2026", "Pool: Des\u2026")
    assert shorten_all(pools, 7) == (
        "LinkedIn"[:6] + "\u2026",
        "\u2026Backe\u2026",
        "\u2026Data\u2026",
        "\u2026Design",
    )
    assert shorten_all(("Same title", "Same title"), 6) == ("Same\u2026", "Same\u2026")  # nothing to tell


def test_two_part_labels_keep_their_second_part():
    """A sequence's step and a job's stage still show when the label is cut."""
    assert shorten_all(("Backend warm-up \u00b7 1", "Backend warm-up \u00b7 2"), 13) == (
        "Backend wa\u2026\u00b71",
        "Backend wa\u2026\u00b72",
    )
    assert shorten_all(("Data Analyst \u00b7 Phone screen",), 10) == ("Da\u2026\u00b7Phone\u2026",)
    assert shorten_all(("Data Analyst \u00b7 Phone screen",), 5) == ("Data\u2026",)  # too little room


def drawn_text(spec: ChartSpec, width: int, height: int) -> str:
    """What plotext draws for `spec`, sized as PlotextPlot sizes it."""
    plt = Plot()
    plot_bars(plt, spec, width, height, [(0, 130, 200)] * len(spec.series))
    plt.plotsize(width, height)
    plt._set_size(width, height)
    return plotext.uncolorize(plt.build())


@pytest.mark.parametrize("width", [40, 57, 80, 99, 120, 140, 160])
def test_every_label_is_drawn_at_any_width_however_long_and_many(width):
    """plotext silently leaves out a tick label that has no room: the layout gives each one room enough."""
    for n in range(2, 13):
        for k in (1, 2):
            labels = tuple(f"{chr(65 + i)}{'x' * 40}" for i in range(n))
            series = tuple(Series(f"s{j}", tuple(float(90 - i - j) for i in range(n))) for j in range(k))
            spec = ChartSpec("t", labels, series, "applications")
            layout = bar_layout(spec, width, 8)
            text = drawn_text(spec, width, 8)
            missing = [label for label in layout.labels if label not in text]
            assert not missing, (n, k, layout.horizontal, missing)
            assert [len(line) for line in text.splitlines()] == [width] * 8


def test_bars_stand_up_when_labels_fit_else_run_sideways_as_many_as_fit():
    assert not bar_layout(HIRING, 80, 9).horizontal
    short = bar_layout(FUNNEL, 80, 8)  # long labels, 6 bars, 5 rows: the 5 biggest sideways
    assert short.horizontal and short.shown == (0, 1, 2, 3, 4) and short.total == 6
    assert short.labels == FUNNEL.labels[:5]
    assert bar_layout(FUNNEL, 80, 9).shown == (0, 1, 2, 3, 4, 5)
    assert not bar_layout(FUNNEL, 160, 12).horizontal  # every label fits under its bar
    two = bar_layout(SOURCES, 60, 8)  # two series: two rows a source, so 2 of the 5 sources
    assert two.horizontal and two.shown == (0, 1)
    assert not bar_layout(SOURCES, 60, 4).horizontal  # not even one source's rows: upright, labels cut


@pytest.mark.parametrize("size", SIZES)
def test_chart_snapshot(size, snap_compare):
    assert snap_compare(ChartHost(SOURCES), terminal_size=size)


def test_sideways_chart_snapshot(snap_compare):
    app = ChartHost(FUNNEL)

    async def taller(pilot) -> None:
        app.query_one(ReportChart).styles.height = 16
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=taller)
