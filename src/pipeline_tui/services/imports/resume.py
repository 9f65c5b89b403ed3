"""JSON imports: arrays of objects (e.g. our own export) and JSON Resume files (jsonresume.org schema).

A JSON Resume becomes one record with the same column names a CSV would use (name, email, title, ...), so
the rest of the import treats both the same way.
"""

from __future__ import annotations

from pathlib import Path

from pipeline_tui.services.imports.files import ImportFileError, Table, decode, parse_json

NOT_AN_OBJECT = "__not_an_object__"


def table_from_json(path: Path, text: str) -> Table:
    data = parse_json(path, text)
    if isinstance(data, dict):
        if _is_resume(data):
            return _table(path, "jsonresume", [(1, resume_record(data))])
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImportFileError(f"{path} holds a single JSON value, not objects to import")
    if not items:
        raise ImportFileError(f"{path} is an empty JSON array: nothing to import")
    resumes = [x for x in items if isinstance(x, dict) and _is_resume(x)]
    records: list[tuple[int, dict[str, object]]] = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            records.append((i, {NOT_AN_OBJECT: item}))
        elif _is_resume(item):
            records.append((i, resume_record(item)))
        else:
            records.append((i, item))
    return _table(path, "jsonresume" if resumes and len(resumes) == len(items) else "json", records)


def read_resume_folder(folder: Path) -> Table:
    """Every *.json file in a folder, each a JSON Resume; unreadable files become failed records."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".json")
    if not files:
        raise ImportFileError(f"{folder} is a folder without any .json files")
    records: list[tuple[int, dict[str, object]]] = []
    warnings: list[str] = []
    for i, f in enumerate(files, start=1):
        try:
            text, _, _ = decode(f.read_bytes(), f)
            data = parse_json(f, text)
        except (OSError, ImportFileError, UnicodeDecodeError) as exc:
            records.append((i, {NOT_AN_OBJECT: f"{f.name}: {exc}"}))
            continue
        if isinstance(data, dict) and _is_resume(data):
            rec = resume_record(data)
            rec["file"] = f.name
            records.append((i, rec))
        else:
            records.append((i, {NOT_AN_OBJECT: f"{f.name} is not a JSON Resume (no 'basics')"}))
    table = _table(folder, "jsonresume", records)
    table.warnings.extend(warnings)
    return table


def _table(path: Path, fmt: str, records: list[tuple[int, dict[str, object]]]) -> Table:
    headers: dict[str, None] = {}
    for _, rec in records:
        for key in rec:
            if key != NOT_AN_OBJECT:
                headers.setdefault(key, None)
    return Table(path=path, format=fmt, headers=list(headers), records=records)


def _is_resume(obj: dict) -> bool:
    return isinstance(obj.get("basics"), dict)


def resume_record(resume: dict) -> dict[str, object]:
    """Flatten a JSON Resume into import columns: basics, the current job, skills as tags."""
    basics = resume.get("basics") or {}
    rec: dict[str, object] = {}
    notes: list[str] = []

    def put(key: str, value: object) -> None:
        if isinstance(value, str) and value.strip():
            rec[key] = value.strip()

    put("name", basics.get("name"))
    put("email", basics.get("email"))
    put("phone", basics.get("phone"))
    put("summary", basics.get("summary"))
    put("website", basics.get("url") or basics.get("website"))
    loc = basics.get("location")
    if isinstance(loc, dict):
        parts = [loc.get(k) for k in ("city", "region", "countryCode")]
        put("location", ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip()))
        if isinstance(loc.get("address"), str) and loc["address"].strip():
            notes.append(f"Address: {loc['address'].strip()}")
    elif isinstance(loc, str):
        put("location", loc)
    for profile in basics.get("profiles") or []:
        if not isinstance(profile, dict):
            continue
        network = str(profile.get("network") or "").strip()
        url = str(profile.get("url") or "").strip()
        username = str(profile.get("username") or "").strip()
        link = url or (f"{network}: {username}" if username else "")
        if not link:
            continue
        low = (network + " " + url).lower()
        if "linkedin" in low and "linkedin" not in rec:
            rec["linkedin"] = link
        elif "github" in low and "github" not in rec:
            rec["github"] = link
        else:
            notes.append(f"{network or 'Profile'}: {link}")
    work = _current_work(resume.get("work"))
    label = basics.get("label")
    if work is not None:
        put("title", work.get("position"))
        put("company", work.get("name") or work.get("company"))
        if isinstance(label, str) and label.strip() and label.strip() != rec.get("title"):
            if "title" in rec:
                notes.append(f"Headline: {label.strip()}")
    if "title" not in rec:
        put("title", label)
    tags: list[str] = []
    for skill in resume.get("skills") or []:
        if not isinstance(skill, dict):
            continue
        for value in [skill.get("name"), *(skill.get("keywords") or [])]:
            if isinstance(value, str) and value.strip():
                tags.append(value.strip())
    if tags:
        rec["tags"] = tags
    if notes:
        rec["notes"] = notes
    return rec


def _current_work(work: object) -> dict | None:
    """The job without an end date (the latest-started one), else the latest-started job."""
    if not isinstance(work, list):
        return None
    entries = [w for w in work if isinstance(w, dict)]
    if not entries:
        return None
    current = [w for w in entries if not str(w.get("endDate") or "").strip()]
    pool = current or entries
    return max(pool, key=lambda w: str(w.get("startDate") or ""))
