"""The HTML report as a file a hiring manager receives: it names what it covers (job, days, zone, when it was
made), shows user text literally, runs nothing and points nowhere. (What a browser draws of it:
tests/browser/test_report_html.py.)"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import report_samples as samples

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import FunnelStage, JobFunnel, ReportKind
from pipeline_tui.core.report_tables import ChartSpec, Series
from pipeline_tui.services.report_chart_svg import chart_label, chart_svg, count_ticks
from pipeline_tui.services.report_html import NOTHING_TO_CHART, days_text, render_html
from pipeline_tui.services.reports import ReportResult

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 20, 9, 30)  # naive UTC, as the store keeps time


def _page(results, **kw) -> str:
    return render_html(results, title=kw.pop("title", "Hiring report"), generated_at=AT, zone=BERLIN, **kw)


def test_the_page_says_what_it_covers_and_when_in_the_users_zone():
    page = _page([samples.funnel(), samples.hiring()])
    assert '<dd data-field="job">Backend Engineer</dd>' in page
    assert '<dd data-field="days">1 Jan 2026 – 31 Mar 2026</dd>' in page
    assert '<dd data-field="zone">Europe/Berlin</dd>' in page
    assert ">2026-11-20 10:30 CET</time>" in page  # 09:30 UTC is 10:30 in Berlin in November
    assert render_html(samples.hiring(), title="x", generated_at=AT.replace(tzinfo=UTC), zone=BERLIN) == (
        render_html(samples.hiring(), title="x", generated_at=AT, zone=BERLIN)
    )


def test_days_read_as_a_person_says_them():
    assert days_text(None, None) == "all time"
    assert days_text(samples.START, None) == "from 1 Jan 2026"
    assert days_text(None, samples.END) == "until 31 Mar 2026"


def test_each_report_is_a_section_with_its_chart_and_every_row_of_its_table():
    result = samples.funnel()
    page = _page([result, samples.sources(), samples.hiring()])
    sections = re.findall(r'<section class="report" id="report-(\w+)"', page)
    assert sections == ["funnel", "sources", "hiring"]
    funnel = page.split('id="report-funnel"')[1].split("</section>")[0]
    assert funnel.count("<svg") == 1
    assert funnel.count("<tr>") == 1 + len(result.table.rows)  # header + every row, the removed stage too
    assert '<td class="text">Phone screen (old) (removed)</td><td class="count">4</td>' in funnel
    assert '<td class="rate">50.0%</td>' in funnel and '<td class="rate">\u2014</td>' in funnel
    for label in result.chart.labels:
        assert f">{chart_label(label)}</text>" in funnel


def test_user_text_is_shown_literally_and_cannot_run():
    job = '<script>alert("x")</script> & <b>Co</b>'
    page = _page([samples.funnel(job=job), samples.sources("<img src=x onerror=alert(1)>")], title=job)
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_control_and_bidi_characters_are_removed_from_user_text():
    page = _page(samples.funnel(job="Back\x1b[2Jend\u202e Engineer\x00"))
    assert "\x1b" not in page and "\u202e" not in page and "\x00" not in page
    assert '<dd data-field="job">Back[2Jend Engineer</dd>' in page


def test_nothing_in_the_page_runs_or_asks_the_network():
    page = _page([samples.funnel(), samples.sources(), samples.hiring(), samples.sequences()])
    assert "<script" not in page and "javascript:" not in page
    assert not re.search(r"<link|@import|url\(|\bsrc=|href=\"(?!#)", page)
    # The only URLs are the SVG namespace (a name, never fetched).
    assert set(re.findall(r"https?://[^\"' )<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "Content-Security-Policy\" content=\"default-src 'none'" in page


def test_a_report_with_nothing_to_chart_says_so_instead_of_an_empty_chart():
    empty = JobFunnel(job="Quiet job", job_id=7, applications=0, stages=(FunnelStage(stage="Applied", reached=0,
                      rejected=0, withdrawn=0),))  # fmt: skip
    result = ReportResult(ReportKind.FUNNEL, ReportFilter(job_id=7), "Quiet job", [empty])
    page = _page(result)
    assert NOTHING_TO_CHART in page and "<svg" not in page
    assert '<dd data-field="days">all time</dd>' in page


def test_sequences_say_they_are_not_per_job_when_the_page_is_for_one():
    page = _page([samples.funnel(), samples.sequences()])
    section = page.split('id="report-sequences"')[1]
    assert "Sequences are not per job" in section
    assert "Sequences are not per job" not in _page([samples.sequences(ReportFilter(start=samples.START))])


def test_a_count_axis_ticks_at_whole_numbers_even_for_a_few_applications():
    assert count_ticks(2) == [0, 1, 2]
    assert count_ticks(18) == [0, 5, 10, 15, 20]
    assert count_ticks(348) == [0, 100, 200, 300, 400]
    spec = ChartSpec("Rejections by reason", ("Skills", "Salary", "Culture"),
                     (Series("rejected", (2.0, 1.0, 0.0)), Series("withdrew", (0.0, 1.0, 2.0))), "applications")  # fmt: skip
    svg = chart_svg(spec)
    axis = svg.split('class="axis x')[1].split("</g></g>")[0]
    assert re.findall(r">([^<]+)</text>", axis) == ["0", "1", "2"]  # not 0, 0.4, 0.8, ...
    # Each group's label is written once, above its bars (not beside the middle of the group).
    assert re.findall(r'class="group-label">([^<]+)<', svg) == ["Culture", "Salary", "Skills"]
