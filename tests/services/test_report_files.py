"""A report saved as CSV or JSON (or HTML) is what the screen shows, opens safely in a spreadsheet, and is
never left half-written: a failure keeps the old file and leaves no temporary file behind."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
import report_samples as samples

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.services import report_files
from pipeline_tui.services.report_files import report_text, write_report


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_is_the_table_header_then_rows_with_raw_numbers():
    rows = _csv_rows(report_text(samples.funnel(), "csv"))
    assert rows[0] == ["Stage", "Reached", "Rejected", "Withdrew", "To next"]
    assert rows[1] == ["Applied", "40", "10", "2", "0.5"]
    assert rows[4] == ["Hired", "3", "0", "0", ""]  # no conversion after the last stage: an empty cell
    assert rows[5][0] == "Phone screen (old) (removed)"  # a removed stage is listed too, and says so
    assert len(rows) == 1 + len(samples.funnel().table.rows)


def test_csv_rates_are_unrounded_and_rows_keep_their_order():
    rows = _csv_rows(report_text(samples.sources("LinkedIn", "Referral", "Agency"), "csv"))
    assert rows[0] == ["Source", "Applications", "Hired", "Yield"]
    assert rows[1] == ["LinkedIn", "30", "2", str(2 / 30)]
    assert [r[0] for r in rows[1:]] == ["LinkedIn", "Referral", "Agency"]


def test_csv_text_that_a_spreadsheet_would_run_is_neutralised():
    evil = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "'quoted", "\tTab"]
    rows = _csv_rows(report_text(samples.sources(*evil), "csv"))
    assert [r[0] for r in rows[1:]] == ["'" + name for name in evil]
    # Numbers stay numbers (a spreadsheet adds them up); only text is disarmed.
    assert [r[1] for r in rows[1:]] == ["30", "20", "10", "5", "3", "1"]


def test_json_is_the_cli_shape_pretty_printed_with_letters_as_they_are():
    result = samples.funnel(job="Ingénieure Backend")
    text = report_text(result, "json")
    assert json.loads(text) == result.json()
    assert json.loads(text)["job"] == "Ingénieure Backend" and "Ingénieure" in text
    assert text.startswith('{\n  "job"') and text.endswith("}\n")
    hiring = json.loads(report_text(samples.hiring(), "json"))
    assert hiring["time_to_fill_days"] == {"median": None, "mean": None, "n": 0}


def test_write_report_writes_exactly_the_text_and_no_temp_file(tmp_path):
    target = tmp_path / "funnel.csv"
    written = write_report(samples.funnel(), "csv", target)
    assert written == target
    assert target.read_bytes().decode("utf-8") == report_text(samples.funnel(), "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["funnel.csv"]
    write_report(samples.funnel(), "json", tmp_path / "funnel.json")
    assert json.loads((tmp_path / "funnel.json").read_text(encoding="utf-8")) == samples.funnel().json()


def test_html_takes_one_report_or_several(tmp_path):
    write_report([samples.funnel(), samples.hiring()], "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="report-funnel"' in page and 'id="report-hiring"' in page
    write_report(samples.hiring(), "html", tmp_path / "one.html")
    assert 'id="report-hiring"' in (tmp_path / "one.html").read_text(encoding="utf-8")


def test_a_missing_folder_is_one_clear_error_and_nothing_is_made(tmp_path):
    with pytest.raises(InvalidInput, match="^no folder .*nowhere$"):
        write_report(samples.funnel(), "csv", tmp_path / "nowhere" / "funnel.csv")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidInput, match="is a folder"):
        write_report(samples.funnel(), "csv", tmp_path)
    with pytest.raises(InvalidInput, match="name the file"):
        write_report(samples.funnel(), "csv", "  ")


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "funnel.csv"
    target.write_text("the old report\n", encoding="utf-8")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_files.os, "replace", disk_full)
    with pytest.raises(InvalidInput, match=r"^cannot write .*funnel\.csv: No space left on device$"):
        write_report(samples.funnel(), "csv", target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["funnel.csv"]


def test_an_unwritable_folder_is_one_clear_error(tmp_path, monkeypatch):
    def refused(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(report_files.tempfile, "mkstemp", refused)
    with pytest.raises(InvalidInput, match=r"^cannot write in .*: Permission denied$"):
        write_report(samples.funnel(), "html", tmp_path / "r.html")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_the_text_is_made_writes_nothing(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("chart failed")

    monkeypatch.setattr("pipeline_tui.services.report_html.chart_svg", broken)
    with pytest.raises(RuntimeError):
        write_report(samples.funnel(), "html", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["r.html"]


@pytest.mark.parametrize(
    ("results", "fmt", "message"),
    [
        ("funnel", "xml", "report format must be one of csv, json, html, not 'xml'"),
        ("two", "csv", "a CSV file holds one report; HTML holds several"),
        ("two", "json", "a JSON file holds one report; HTML holds several"),
        ("none", "html", "no report to write"),
    ],
)
def test_bad_requests_are_one_line_and_write_nothing(tmp_path, results, fmt, message):
    given = {"funnel": samples.funnel(), "two": [samples.funnel(), samples.hiring()], "none": []}[results]
    with pytest.raises(InvalidInput) as caught:
        write_report(given, fmt, tmp_path / "out")
    assert str(caught.value) == message
    assert list(tmp_path.iterdir()) == []
