"""A broken line costs one failed row with its line number; the rest of the file imports as it is."""

from __future__ import annotations

from pathlib import Path

from pipeline_tui.core.records import ImportFailure
from pipeline_tui.services.imports import import_prospects, open_import
from pipeline_tui.store.imports import PersonRow


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def read(p: Path) -> tuple[list[PersonRow], list[ImportFailure]]:
    out = list(open_import(p).rows())
    return [r for r in out if isinstance(r, PersonRow)], [r for r in out if isinstance(r, ImportFailure)]


def names(rows: list[PersonRow]) -> list[str]:
    return [r.person["full_name"] for r in rows]


def test_an_unclosed_quote_fails_its_line_and_the_next_rows_import(tmp_path):
    p = write(tmp_path, "q.csv", b'Name,Email\n"Open Quote,oq@example.com\nGood Row,good@example.com\n')
    good, failed = read(p)
    assert names(good) == ["Good Row"]
    assert [(f.line, "never closed" in f.reason) for f in failed] == [(2, True)]
    assert len(open_import(p).table.records) == 2


def test_an_unclosed_quote_closed_by_a_later_quote_swallows_nothing(tmp_path):
    p = write(
        tmp_path,
        "q.csv",
        b'Name,Email,Notes\n"Open Quote,oq@example.com,x\nAnn,ann@example.com,x\n'
        b'"Smith, John",js@example.com,"a, b"\nBob,bob@example.com,y\n',
    )
    good, failed = read(p)
    assert names(good) == ["Ann", "Smith, John", "Bob"]
    assert [f.line for f in failed] == [2]
    assert [r.line for r in good] == [3, 4, 5]


def test_quoted_cells_over_several_lines_still_read_as_one_cell(tmp_path):
    p = write(
        tmp_path,
        "notes.csv",
        b'Name,Email,Notes\nAnn,ann@example.com,"line one\nline ""two""\n"\nBob,bob@example.com,"last\nnote"',
    )
    good, failed = read(p)
    assert failed == []
    assert names(good) == ["Ann", "Bob"] and [r.line for r in good] == [2, 5]
    assert good[0].note == 'line one\nline "two"'


def test_one_bad_byte_keeps_the_file_utf8_and_fails_only_its_line(tmp_path):
    p = write(
        tmp_path,
        "mixed.csv",
        b"Name,Email\nZo\xc3\xab,zoe@example.com\nBad \xeb Byte,bad@example.com\nJos\xc3\xa9,jose@example.com\n",
    )
    plan = open_import(p)
    assert plan.table.encoding == "utf-8"
    assert any("1 row(s) hold bytes that are not" in w for w in plan.table.warnings)
    good, failed = read(p)
    assert names(good) == ["Zoë", "José"]
    assert [(f.line, "not valid UTF-8" in f.reason and "0xEB" in f.reason) for f in failed] == [(3, True)]


def test_the_bad_row_is_written_back_with_its_bytes_to_fix(store, tmp_path):
    p = write(tmp_path, "mixed.csv", b"Name,Email\nZo\xc3\xab,zoe@example.com\nBad \xeb,bad@example.com\n")
    result = import_prospects(store, p, pool="P")
    assert result.report.created == 1 and [f.line for f in result.report.failed] == [3]
    assert store.candidates.find_by_email("zoe@example.com").full_name == "Zoë"
    out = tmp_path / "failed.csv"
    assert result.write_failed_csv(out) == 1
    assert b"Bad \xeb,bad@example.com," in out.read_bytes()


def test_a_file_with_no_utf8_at_all_is_still_read_as_cp1252(tmp_path):
    p = write(
        tmp_path, "win.csv", "Name,Email\nJosé,jose@example.es\nRenée,renee@example.fr\n".encode("cp1252")
    )
    plan = open_import(p)
    assert plan.table.encoding == "cp1252"
    good, failed = read(p)
    assert failed == [] and names(good) == ["José", "Renée"]


def test_reading_a_csv_holds_one_row_at_a_time_not_the_file(tmp_path):
    """Peak memory while every row of a file is read does not grow with the file (bench/ measures RSS)."""
    import tracemalloc

    def peak(n: int) -> int:
        body = "".join(f"Person {i},p{i}@example.com,Title {i},Company {i}\n" for i in range(n))
        p = write(tmp_path, f"{n}.csv", ("Name,Email,Title,Company\n" + body).encode())
        tracemalloc.start()
        try:
            plan = open_import(p)
            assert sum(1 for _ in plan.rows()) == n
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(5_000), peak(40_000)
    assert large < small * 2, (small, large)
