"""Reading import files as people have them: encodings, delimiters, odd shapes and known headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure
from pipeline_tui.services.imports import ImportFileError, open_import
from pipeline_tui.store.imports import PersonRow


def rows(path: Path, mapping=()) -> list[PersonRow | ImportFailure]:
    return list(open_import(path, mapping).rows())


def people(path: Path, mapping=()) -> list[PersonRow]:
    out = rows(path, mapping)
    assert all(isinstance(r, PersonRow) for r in out), out
    return out  # type: ignore[return-value]


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


def test_utf8_with_bom_reads_the_first_header(tmp_path):
    p = write(tmp_path, "bom.csv", b"\xef\xbb\xbfName,Email\nZo\xc3\xab,zoe@example.com\n")
    plan = open_import(p)
    assert plan.table.headers == ["Name", "Email"]
    assert plan.mapping.fields == {"Name": "name", "Email": "email"}
    (r,) = people(p)
    assert r.person["full_name"] == "Zoë" and r.person["email"] == "zoe@example.com"


def test_utf16_from_excel_tab_separated_with_and_without_bom(tmp_path):
    text = "Full Name\tE-mail\tCompany\nJürgen Groß\tjg@example.de\tMüller AG\n"
    with_bom = write(tmp_path, "u16.txt", text, "utf-16")  # Python writes the BOM, like Excel
    without = write(tmp_path, "u16le.csv", text, "utf-16-le")
    for p in (with_bom, without):
        plan = open_import(p)
        assert plan.table.delimiter == "\t"
        (r,) = people(p)
        assert r.person["full_name"] == "Jürgen Groß"
        assert r.person["current_company"] == "Müller AG"


def test_cp1252_falls_back_with_a_warning(tmp_path):
    p = write(tmp_path, "win.csv", "Name;Email;Title\nJosé Núñez;jose@example.es;Diseñador – UX\n", "cp1252")
    plan = open_import(p)
    assert plan.table.encoding == "cp1252"
    assert any("not UTF-8" in w for w in plan.table.warnings)
    (r,) = people(p)
    assert r.person["full_name"] == "José Núñez"
    assert r.person["current_title"] == "Diseñador – UX"


@pytest.mark.parametrize("delim", [",", ";", "\t"])
def test_delimiter_is_detected(tmp_path, delim):
    p = write(tmp_path, "d.csv", delim.join(["Name", "Email", "Company"]) + "\n" +
              delim.join(['"Smith, Ann"', "ann@example.com", '"Acme; Inc"']) + "\n")  # fmt: skip
    (r,) = people(p)
    assert r.person["full_name"] == "Smith, Ann"
    assert r.person["current_company"] == "Acme; Inc"


def test_excel_sep_hint_line(tmp_path):
    p = write(tmp_path, "sep.csv", "sep=;\nName;Email\nAnn;ann@example.com\n")
    (r,) = people(p)
    assert r.line == 3 and r.person["email"] == "ann@example.com"


def test_quoted_newlines_blank_lines_and_trailing_empty_columns(tmp_path):
    p = write(
        tmp_path,
        "shape.csv",
        'Name,Email,Notes,,\r\n\r\nAnn,ann@example.com,"line one\r\nline two",,\r\n,,,,\r\n'
        "Bob,bob@example.com,,,\r\n\r\n",
    )
    plan = open_import(p)
    assert plan.table.headers == ["Name", "Email", "Notes"]
    assert plan.unknown_columns == []
    ann, bob = people(p)
    assert ann.line == 3 and bob.line == 6  # line numbers point at the file, blank lines counted
    assert ann.note == "line one\nline two"
    assert bob.note is None


def test_headers_ignore_case_spaces_stars_and_punctuation(tmp_path):
    p = write(tmp_path, "h.csv", " FIRST NAME* ,last_name,E-Mail Address *,Phone #,Job-Title,LinkedIn URL\n"
              "Ann,Lee,ANN@Example.COM,+44 20 1234,CTO,https://www.linkedin.com/in/annlee\n")  # fmt: skip
    (r,) = people(p)
    assert r.person == {
        "full_name": "Ann Lee",
        "email": "ann@example.com",
        "phone": "+44 20 1234",
        "current_title": "CTO",
        "current_company": None,
        "linkedin_url": "https://www.linkedin.com/in/annlee",
        "github_url": None,
        "website_url": None,
        "source": None,
        "location": None,
        "summary": None,
    }


def test_several_emails_in_one_cell_first_is_primary_rest_are_other_emails(tmp_path):
    p = write(tmp_path, "e.csv", 'Name,Emails\nAnn,"Ann@Work.com; ann@home.org, ann@old.net"\n')
    (r,) = people(p)
    assert r.person["email"] == "ann@work.com"
    assert r.other_emails == ("ann@home.org", "ann@old.net")
    assert r.note is None  # no longer kept only inside a note


def test_tags_split_and_location_joined_from_parts(tmp_path):
    p = write(tmp_path, "t.csv", 'Name,Tags,City,Country\nAnn,"rust; go, SQL ;Rust",Berlin,Germany\n')
    (r,) = people(p)
    assert r.tags == ("rust", "go", "SQL")
    assert r.person["location"] == "Berlin, Germany"


def test_unknown_columns_are_reported_and_kept_in_notes(tmp_path):
    p = write(
        tmp_path,
        "u.csv",
        "Name,Email,Notes,Shoe size,Favourite colour\nAnn,ann@example.com,Met at PyCon,42,\n",
    )
    plan = open_import(p)
    assert plan.unknown_columns == ["Shoe size", "Favourite colour"]
    (r,) = people(p)
    assert r.note == "Met at PyCon\nShoe size: 42"


def test_headline_beside_a_title_is_kept_in_notes(tmp_path):
    p = write(tmp_path, "hl.csv", "Name,Headline,Current Title\nAnn,Building data platforms,Staff Engineer\n")
    (r,) = people(p)
    assert r.person["current_title"] == "Staff Engineer"
    assert r.note == "Headline: Building data platforms"


def test_linkedin_recruiter_project_export(tmp_path):
    p = write(tmp_path, "lir.csv",
              "First Name,Last Name,Headline,Location,Current Title,Current Company,Email Address,Phone Number,"
              "Profile URL,Active Project,Notes,Feedback\n"
              "Ann,Lee,Data person,\"London, UK\",Data Engineer,Monzo,ann@example.com,+44 7000,"
              "https://www.linkedin.com/in/annlee,Data Q3,Strong SQL,Good call\n")  # fmt: skip
    plan = open_import(p)
    assert plan.unknown_columns == ["Active Project"]
    (r,) = people(p)
    assert (r.person["full_name"], r.person["current_title"], r.person["current_company"]) == (
        "Ann Lee", "Data Engineer", "Monzo")  # fmt: skip
    assert r.person["location"] == "London, UK"
    assert r.person["linkedin_url"] == "https://www.linkedin.com/in/annlee"
    assert r.note == "Strong SQL\nGood call\nHeadline: Data person\nActive Project: Data Q3"


def test_linkedin_recruiter_import_sample(tmp_path):
    p = write(tmp_path, "lis.csv", "First name,Last name,Email,Phone number,Job title,Company,Location,"
              "Pipeline stage,Note,Note visibility,Tags\n"
              "Bo,Chen,bo@example.com,555,SRE,Initech,Austin,Contacted,Keen,ONLY_ME,sre;oncall\n")  # fmt: skip
    plan = open_import(p)
    assert plan.unknown_columns == ["Note visibility"]
    (r,) = people(p)
    assert r.stage == "Contacted" and r.tags == ("sre", "oncall")
    assert r.person["current_title"] == "SRE"


def test_linkedin_talent_hub_candidates_csv(tmp_path):
    p = write(tmp_path, "th.csv", "candidate_id,project_id,first_name,last_name,emails,phone_numbers,tags,"
              "profile_url,sourcing_channels,hiring_state_id,created_time,created_datetime,last_modified_time\n"
              "77,9,Cy,Dee,cy@example.com;cy@home.net,+1 1;+1 2,java;kotlin,https://linkedin.com/in/cy,"
              "referral,3,1700000000000,2023-11-14 22:13:20,1700000000001\n")  # fmt: skip
    plan = open_import(p)
    (r,) = people(p)
    assert r.person["email"] == "cy@example.com" and r.person["phone"] == "+1 1"
    assert r.person["source"] == "referral" and r.tags == ("java", "kotlin")
    assert r.created_at is not None and r.created_at.year == 2023
    assert r.other_emails == ("cy@home.net",)
    assert "e-mails" not in r.note and "Other phones: +1 2" in r.note
    assert set(plan.unknown_columns) == {"candidate_id", "project_id", "created_time", "last_modified_time"}


def test_greenhouse_prospect_template(tmp_path):
    p = write(tmp_path, "gh.csv", "First Name *,Last Name *,Company,Title,Email,Phone,Social Media,Website,"
              "Address,Notes,Source,Who Gets Credit,Job,Department,Office,Prospect Pool,Prospect Stage\n"
              "Di,Eve,Globex,PM,di@example.com,555,https://github.com/di,https://di.dev,Paris,"
              "Ex-founder,Referral,Sam,PM role,Product,Paris,PMs,Contacted\n")  # fmt: skip
    plan = open_import(p)
    (r,) = people(p)
    assert r.person["full_name"] == "Di Eve" and r.person["github_url"] == "https://github.com/di"
    assert r.person["website_url"] == "https://di.dev" and r.person["location"] == "Paris"
    assert r.person["source"] == "Referral" and r.stage == "Contacted"
    assert set(plan.unknown_columns) == {"Who Gets Credit", "Job", "Department", "Office", "Prospect Pool"}


def test_map_overrides_and_bad_map(tmp_path):
    p = write(tmp_path, "m.csv", "Kandidat,Mail,Extra\nAnn,ann@example.com,x\n")
    with pytest.raises(ImportFileError, match="no column holds names"):
        open_import(p)
    (r,) = people(p, ["Kandidat=name", "mail=email", "EXTRA=ignore"])
    assert r.person["full_name"] == "Ann" and r.note is None
    with pytest.raises(InvalidInput, match="unknown field"):
        open_import(p, ["Kandidat=nickname"])
    with pytest.raises(InvalidInput, match="does not have"):
        open_import(p, ["Nope=name"])


def test_row_failures_name_the_line_and_reason(tmp_path):
    p = write(
        tmp_path, "f.csv", "Name,Email,Rating\nAnn,not-an-email,\n,bob@example.com,\nCy,cy@example.com,9\n"
    )
    failed = rows(p)
    assert [(f.line, f.reason) for f in failed] == [
        (2, "bad e-mail 'not-an-email'"),
        (3, "missing name"),
        (4, "rating must be 0 to 3, got 9"),
    ]


def test_markup_and_formula_looking_cells_are_kept_as_text(tmp_path):
    p = write(
        tmp_path, "x.csv", 'Name,Company,Title\n[b]Bob[/b],"=HYPERLINK(""http://x"")",[@click=app.quit]Eve\n'
    )
    (r,) = people(p)
    assert r.person["full_name"] == "[b]Bob[/b]"
    assert r.person["current_company"] == '=HYPERLINK("http://x")'
    assert r.person["current_title"] == "[@click=app.quit]Eve"


def test_bad_files_are_one_clear_error(tmp_path):
    cases = {
        "missing": (tmp_path / "nope.csv", "no such file"),
        "empty": (write(tmp_path, "e.csv", ""), "is empty"),
        "blank": (write(tmp_path, "b.csv", "\n\n  \n"), "is empty"),
        "header": (write(tmp_path, "h.csv", "Name,Email\n\n"), "header but no rows"),
        "binary": (write(tmp_path, "bin.csv", bytes(range(256)) * 4), "binary"),
        "xlsx": (write(tmp_path, "x.xlsx", b"PK\x03\x04" + b"\x00" * 100), "not a readable Excel workbook"),
        "json": (write(tmp_path, "j.json", '[{"name": "Ann"'), "not valid JSON"),
        "emptyjson": (write(tmp_path, "ej.json", "[]"), "empty JSON array"),
    }
    for name, (path, fragment) in cases.items():
        with pytest.raises(ImportFileError) as err:
            open_import(path)
        assert fragment in str(err.value), name
        assert "\n" not in str(err.value)


def test_json_array_of_objects(tmp_path):
    data = [
        {
            "name": "Ann",
            "email": "ann@example.com",
            "tags": ["a", "b"],
            "pools": [{"name": "P", "status": "engaged"}],
        },
        "not an object",
        {"full_name": "Bob", "emails": ["bob@x.com", "b@y.com"], "shoe": 42},
    ]
    p = write(tmp_path, "a.json", json.dumps(data))
    ann, bad, bob = rows(p)
    assert ann.tags == ("a", "b") and ann.pools == (("P", "engaged"),)
    assert isinstance(bad, ImportFailure) and bad.line == 2
    assert bob.person["email"] == "bob@x.com" and bob.other_emails == ("b@y.com",)
    assert bob.note == "shoe: 42"


RESUME = {
    "basics": {
        "name": "Richard Hendriks",
        "label": "Programmer",
        "email": "richard@piedpiper.com",
        "phone": "(912) 555-4321",
        "url": "http://richardhendricks.example.com",
        "summary": "Richard hails from Tulsa.",
        "location": {
            "address": "2712 Broadway St",
            "city": "San Francisco",
            "countryCode": "US",
            "region": "California",
        },
        "profiles": [
            {"network": "Twitter", "username": "neutralthoughts", "url": ""},
            {"network": "LinkedIn", "username": "rh", "url": "https://linkedin.com/in/rh"},
        ],
    },
    "work": [
        {"name": "Hooli", "position": "Engineer", "startDate": "2010-01-01", "endDate": "2013-12-01"},
        {"name": "Pied Piper", "position": "CEO/President", "startDate": "2013-12-01"},
    ],
    "skills": [
        {"name": "Web Development", "keywords": ["HTML", "CSS"]},
        {"name": "Compression", "keywords": ["Mpeg"]},
    ],
}


def test_json_resume_file(tmp_path):
    p = write(tmp_path, "resume.json", json.dumps(RESUME))
    plan = open_import(p)
    assert plan.table.format == "jsonresume"
    (r,) = people(p)
    assert r.person["full_name"] == "Richard Hendriks"
    assert r.person["current_title"] == "CEO/President" and r.person["current_company"] == "Pied Piper"
    assert r.person["location"] == "San Francisco, California, US"
    assert r.person["linkedin_url"] == "https://linkedin.com/in/rh"
    assert r.person["website_url"] == "http://richardhendricks.example.com"
    assert r.person["summary"] == "Richard hails from Tulsa."
    assert r.tags == ("Web Development", "HTML", "CSS", "Compression", "Mpeg")
    assert "Twitter: Twitter: neutralthoughts" in r.note and "Headline: Programmer" in r.note


def test_folder_of_json_resumes(tmp_path):
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(RESUME))
    other = {"basics": {"name": "Ann Label", "label": "Designer", "email": "ann@example.com"}}
    (folder / "b.json").write_text(json.dumps(other))
    (folder / "c.json").write_text("{broken")
    (folder / "notes.txt").write_text("ignored")
    a, b, c = rows(folder)
    assert a.person["full_name"] == "Richard Hendriks"
    assert b.person["current_title"] == "Designer"
    assert isinstance(c, ImportFailure) and "c.json" in c.reason
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportFileError, match="without any .json"):
        open_import(empty)
