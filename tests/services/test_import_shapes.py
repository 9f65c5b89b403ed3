"""Files as people have them: notes above the header, Excel workbooks, several e-mails in a cell, rows with
only a LinkedIn URL, and the legacy encodings charset-normalizer finds."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure, PersonRow
from pipeline_tui.services.imports import ImportFileError, import_prospects, open_import
from pipeline_tui.store import Store

# LinkedIn's own Connections.csv: a paragraph of notes, a blank line, then the header.
CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see them."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ann,Lee,https://www.linkedin.com/in/annlee,,Acme,CTO,02 Dec 2026\n"
    "Bob,Stone,https://www.linkedin.com/in/bobstone,bob@example.com,Initech,Engineer,01 Dec 2026\n"
)


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


def read(path: Path, **kw) -> list[PersonRow | ImportFailure]:
    return list(open_import(path, **kw).rows())


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "people.xlsx") -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


# -- the header below lines of notes ----------------------------------------------------------------------


def test_header_below_notes_is_found_and_lines_keep_their_numbers(tmp_path):
    plan = open_import(write(tmp_path, "Connections.csv", CONNECTIONS))
    assert plan.table.header_line == 4 and plan.table.header_found == "header found on line 4"
    assert plan.table.headers[:4] == ["First Name", "Last Name", "URL", "Email Address"]
    ann, bob = plan.rows()
    assert (ann.line, bob.line) == (5, 6)
    assert ann.person["full_name"] == "Ann Lee" and ann.person["email"] is None
    assert bob.person["email"] == "bob@example.com" and bob.person["current_company"] == "Initech"


def test_a_header_on_the_first_line_is_not_reported(tmp_path):
    plan = open_import(write(tmp_path, "p.csv", "\n\nName,Email\nAnn,ann@example.com\n"))
    assert plan.table.header_line is None and plan.table.header_found is None
    (ann,) = plan.rows()
    assert ann.line == 4 and ann.person["email"] == "ann@example.com"


def test_notes_above_a_header_that_only_map_names_the_name_column(tmp_path):
    text = "Report: candidates\nexported 2026-12-01\nKandidat;Mail\nAnn;ann@example.com\n"
    p = write(tmp_path, "k.csv", text)
    with pytest.raises(ImportFileError, match="no column holds names"):
        open_import(p)
    plan = open_import(p, ["Kandidat=name", "Mail=email"])
    assert plan.table.header_line == 3 and plan.table.delimiter == ";"
    (ann,) = plan.rows()
    assert ann.line == 4 and ann.person["full_name"] == "Ann"


def test_a_data_row_naming_more_columns_does_not_displace_a_first_line_header(tmp_path):
    p = write(tmp_path, "p.csv", 'Name,Notes\nAnn,"name, email, phone, title"\n')
    plan = open_import(p)
    assert plan.table.header_line is None
    (ann,) = plan.rows()
    assert ann.person["full_name"] == "Ann" and ann.note == "name, email, phone, title"


# -- Excel workbooks ---------------------------------------------------------------------------------------

SHEETS = {
    "Candidates": [
        ["Full Name", "Email", "Phone", "Applied", "Last Contacted"],
        ["Ann Lee", "ann@example.com", 442079460950, datetime(2026, 3, 1), datetime(2026, 3, 2, 9, 30)],
        ["Bob Stone", "bob@example.com", "+44 20 7946 0951", "2026-03-04", None],
        [None, None, None, None, None],
        ["Cy Dee", "cy@example.com", 4.4207946095e11, None, None],
    ],
    "Archive": [
        ["Export of the old ATS"],
        [],
        ["Name", "E-mail"],
        ["Old Timer", "old@example.com"],
    ],
}


def test_xlsx_first_sheet_by_default_numbers_and_dates_as_in_csv(tmp_path):
    plan = open_import(workbook(tmp_path, SHEETS))
    assert plan.table.format == "xlsx" and plan.table.sheet == "Candidates"
    assert plan.table.describe() == "Excel workbook, sheet 'Candidates'" and plan.table.where == "row"
    assert len(plan.table.records) == 3
    ann, bob, cy = plan.rows()
    assert (ann.line, bob.line, cy.line) == (2, 3, 5)
    assert ann.person["phone"] == "442079460950" and cy.person["phone"] == "442079460950"
    assert bob.person["phone"] == "+44 20 7946 0951"  # typed as text: kept as typed
    assert ann.applied_at == datetime(2026, 3, 1) and ann.last_contacted_at == datetime(2026, 3, 2, 9, 30)
    assert bob.applied_at == datetime(2026, 3, 4)


def test_xlsx_sheet_picks_another_sheet_with_notes_above_its_header(tmp_path):
    path = workbook(tmp_path, SHEETS)
    plan = open_import(path, sheet="archive")
    assert plan.table.sheet == "Archive" and plan.table.header_found == "header found on row 3"
    (old,) = plan.rows()
    assert old.line == 4 and old.person["email"] == "old@example.com"


def test_xlsx_missing_sheet_names_the_sheets_and_writes_nothing(tmp_path):
    path = workbook(tmp_path, SHEETS)
    db = tmp_path / "p.db"
    store = Store.open(str(db))
    with pytest.raises(ImportFileError) as err:
        import_prospects(store, path, pool="Data", sheet="Contacts")
    assert str(err.value) == "people.xlsx has no sheet 'Contacts'; its sheets are 'Candidates', 'Archive'"
    assert store.pools.list_pools() == []
    store.close()


def test_unreadable_and_encrypted_workbooks_are_one_line(tmp_path):
    zipped = tmp_path / "notes.xlsx"
    import zipfile

    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    damaged = write(tmp_path, "damaged.xlsx", workbook(tmp_path, SHEETS, "ok.xlsx").read_bytes()[:900])
    # What Office writes for a workbook saved with a password: an OLE file holding EncryptionInfo.
    encrypted = write(
        tmp_path,
        "secret.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptionInfo".encode("utf-16-le"),
    )
    for path, fragment in (
        (zipped, "is a zip archive, not an Excel workbook"),
        (damaged, "is not a readable Excel workbook"),
        (encrypted, "is an encrypted (password-protected) workbook: save it without a password, or as CSV"),
    ):
        with pytest.raises(ImportFileError) as err:
            open_import(path)
        assert fragment in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_sheet_for_a_csv_file_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="is not an Excel workbook"):
        open_import(write(tmp_path, "p.csv", "Name\nAnn\n"), sheet="Candidates")


def test_xlsx_is_streamed_not_loaded(tmp_path):
    """Each walk re-reads the workbook (the survey, the preview, the import): nothing is held in a list."""
    plan = open_import(workbook(tmp_path, SHEETS))
    assert not isinstance(plan.table.records, list)
    assert [r.line for r in plan.rows()] == [r.line for r in plan.rows()] == [2, 3, 5]


# -- several e-mails in one cell ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["a@x.com; b@y.org", "a@x.com, b@y.org", "a@x.com b@y.org", "a@x.com\nb@y.org"]
)
def test_several_emails_in_a_cell_first_is_primary_the_rest_other_emails(tmp_path, cell):
    p = write(tmp_path, "p.csv", f'Name,Email\nAnn,"{cell}"\n')
    (ann,) = read(p)
    assert ann.person["email"] == "a@x.com" and ann.other_emails == ("b@y.org",)
    assert ann.note is None


def test_several_emails_in_an_xlsx_cell_and_over_two_columns(tmp_path):
    path = workbook(
        tmp_path, {"S": [["Name", "Email", "Work Email"], ["Ann", "A@X.com;\nb@y.org", "a@x.com, c@z.net"]]}
    )
    (ann,) = read(path)
    assert ann.person["email"] == "a@x.com" and ann.other_emails == ("b@y.org", "c@z.net")


def test_invalid_pieces_fail_the_row_naming_them(tmp_path):
    p = write(tmp_path, "p.csv", 'Name,Email\nAnn,"ann@x.com; nope; also-bad@"\nBob,bob@x.com\nCy,"cy@"\n')
    ann, bob, cy = read(p)
    assert isinstance(ann, ImportFailure) and ann.reason == "bad e-mails 'nope', 'also-bad@'"
    assert isinstance(bob, PersonRow) and bob.other_emails == ()
    assert isinstance(cy, ImportFailure) and cy.reason == "bad e-mail 'cy@'"


# -- no e-mail, only a profile URL -------------------------------------------------------------------------


def test_a_row_with_only_a_linkedin_url_is_accepted_and_the_url_kept(tmp_path):
    p = write(
        tmp_path, "li.csv", "First Name,Last Name,Profile URL\nAnn,Lee,https://www.linkedin.com/in/annlee/\n"
    )
    (ann,) = read(p)
    assert ann.person["email"] is None and ann.person["linkedin_url"] == "https://www.linkedin.com/in/annlee/"


def test_linkedin_connections_export_url_column_is_the_linkedin_url(tmp_path):
    ann, bob = read(write(tmp_path, "Connections.csv", CONNECTIONS))
    assert (
        ann.person["linkedin_url"] == "https://www.linkedin.com/in/annlee"
        and ann.person["website_url"] is None
    )
    assert bob.person["linkedin_url"] == "https://www.linkedin.com/in/bobstone"


def test_a_website_column_with_a_personal_site_stays_a_website(tmp_path):
    (ann,) = read(write(tmp_path, "w.csv", "Name,Website\nAnn,https://ann.dev\n"))
    assert ann.person["website_url"] == "https://ann.dev" and ann.person["linkedin_url"] is None


def test_connections_export_imports_both_people(tmp_path):
    store = Store.open(str(tmp_path / "p.db"))
    result = import_prospects(store, write(tmp_path, "Connections.csv", CONNECTIONS), pool="Network")
    assert (result.report.created, len(result.report.failed)) == (2, 0)
    assert store.pools.find_by_name("Network").member_count == 2
    store.close()


# -- encodings ---------------------------------------------------------------------------------------------


def test_cp1252_is_detected(tmp_path):
    text = "Name;Email;Title\nJosé Núñez;jose@example.es;Diseñador – UX\nRenée Faÿ;renee@example.fr;Chef\n"
    plan = open_import(write(tmp_path, "win.csv", text, "cp1252"))
    assert plan.table.encoding == "cp1252"
    assert plan.table.warnings == ["win.csv is not UTF-8: read it as Windows-1252 (cp1252); check accents"]
    jose, renee = plan.rows()
    assert jose.person["full_name"] == "José Núñez" and jose.person["current_title"] == "Diseñador – UX"
    assert renee.person["full_name"] == "Renée Faÿ"


def test_shift_jis_is_detected(tmp_path):
    text = "氏名,メール,会社\n山田太郎,taro@example.jp,株式会社山田\n佐藤花子,hanako@example.jp,東京商事\n"
    plan = open_import(
        write(tmp_path, "jp.csv", text, "shift_jis"), ["氏名=name", "メール=email", "会社=company"]
    )
    assert plan.table.encoding in ("cp932", "shift_jis")
    assert plan.table.warnings[0].startswith("jp.csv is not UTF-8: read it as Shift JIS")
    taro, hanako = plan.rows()
    assert taro.person["full_name"] == "山田太郎" and taro.person["current_company"] == "株式会社山田"
    assert hanako.person["email"] == "hanako@example.jp"


def test_shift_jis_below_an_ascii_head_is_detected_from_its_lines(tmp_path):
    """The first 64 KB are plain ASCII; the Japanese rows come later and are detected from those lines."""
    ascii_rows = "".join(f"Person {i},p{i}@example.com\n" for i in range(3000))
    text = "Name,Email\n" + ascii_rows + "山田太郎,taro@example.jp\n佐藤花子,hanako@example.jp\n"
    plan = open_import(write(tmp_path, "late.csv", text, "shift_jis"))
    assert plan.table.encoding in ("cp932", "shift_jis")
    *_, taro, hanako = plan.rows()
    assert taro.person["full_name"] == "山田太郎" and hanako.person["full_name"] == "佐藤花子"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_with_and_without_bom_needs_no_detection(tmp_path, encoding):
    plan = open_import(write(tmp_path, "u.csv", "Name\tEmail\nJürgen Groß\tjg@example.de\n", encoding))
    assert plan.table.encoding == encoding and plan.table.warnings == []
    (r,) = plan.rows()
    assert r.person["full_name"] == "Jürgen Groß"


def test_utf8_with_one_broken_line_stays_utf8(tmp_path):
    data = "Name,Email\nZoë,zoe@example.com\nJürgen,j@example.de\n".encode() + b"Bad \xe9,bad@example.com\n"
    plan = open_import(write(tmp_path, "mixed.csv", data))
    assert plan.table.encoding == "utf-8"
    zoe, jurgen, bad = plan.rows()
    assert zoe.person["full_name"] == "Zoë" and isinstance(bad, ImportFailure)


def test_a_json_file_in_shift_jis_is_detected(tmp_path):
    text = '[{"name": "山田太郎", "email": "taro@example.jp", "company": "株式会社山田"}]'
    (taro,) = read(write(tmp_path, "jp.json", text, "shift_jis"))
    assert taro.person["full_name"] == "山田太郎"


def test_cp1251_cyrillic_is_detected(tmp_path):
    text = "Имя,Почта\nИван Петров,ivan@example.ru\nМария Смирнова,maria@example.ru\n"
    plan = open_import(write(tmp_path, "ru.csv", text, "cp1251"), ["Имя=name", "Почта=email"])
    assert plan.table.encoding == "cp1251"
    ivan, maria = plan.rows()
    assert ivan.person["full_name"] == "Иван Петров" and maria.person["full_name"] == "Мария Смирнова"
