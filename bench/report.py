"""Results: each measurement beside its baseline from the same run, judged against the issue's budgets.

A result holds raw samples (seconds, or MB for memory); the table shows the median with min and max, the
baseline's median, their ratio, the budget and PASS / OVER. Absolute budgets ("under 50 ms") are judged at
full size only; at --quick they are shown but not judged ("n/a").
"""

from __future__ import annotations

import json
import platform
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Budget:
    max_ratio: float | None = None  # result median / baseline median
    max_value: float | None = None  # in the result's own unit (seconds or MB)
    text: str = ""


@dataclass
class Result:
    key: str
    title: str
    unit: str  # "s" (shown as ms or s) or "MB"
    samples: list[float]
    baseline_title: str = ""
    baseline: list[float] = field(default_factory=list)
    budget: Budget | None = None
    note: str = ""
    judged_absolute: bool = True

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        b = self.baseline_median
        return self.median / b if b else None

    def verdicts(self) -> list[str]:
        """One word per budget part: PASS, OVER, or n/a (absolute budget at quick size)."""
        out = []
        if self.budget is None:
            return out
        if self.budget.max_ratio is not None:
            r = self.ratio
            out.append("n/a" if r is None else ("PASS" if r <= self.budget.max_ratio else "OVER"))
        if self.budget.max_value is not None:
            if not self.judged_absolute:
                out.append("n/a")
            else:
                out.append("PASS" if self.median < self.budget.max_value else "OVER")
        return out

    @property
    def verdict(self) -> str:
        v = self.verdicts()
        if not v:
            return "-"
        if "OVER" in v:
            return "OVER"
        if all(x == "n/a" for x in v):
            return "n/a"
        return "PASS"

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "samples": self.samples,
            "median": self.median,
            "min": min(self.samples),
            "max": max(self.samples),
            "baseline_title": self.baseline_title,
            "baseline_samples": self.baseline,
            "baseline_median": self.baseline_median,
            "ratio": self.ratio,
            "budget": None
            if self.budget is None
            else {
                "max_ratio": self.budget.max_ratio,
                "max_value": self.budget.max_value,
                "text": self.budget.text,
            },
            "verdict": self.verdict,
            "note": self.note,
        }


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "%":  # a share of one core (0.01 = 1%)
        return f"{value * 100:.2f}%"
    if unit == "n":  # a count
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1000:.0f} ms"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.2f} ms"


HEADERS = ("Measurement", "median", "min", "max", "baseline", "base med", "ratio", "budget", "result")


def rows(results: list[Result]) -> list[tuple[str, ...]]:
    out = []
    for r in results:
        ratio = r.ratio
        out.append(
            (
                r.title,
                fmt(r.median, r.unit),
                fmt(min(r.samples), r.unit),
                fmt(max(r.samples), r.unit),
                r.baseline_title or "-",
                fmt(r.baseline_median, r.unit),
                "-" if ratio is None else f"{ratio:.2f}x",
                r.budget.text if r.budget else "-",
                r.verdict,
            )
        )
    return out


def text_table(results: list[Result]) -> str:
    body = rows(results)
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(HEADERS)]
    right = {1, 2, 3, 5, 6}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEADERS), sep, *(line(r) for r in body)])


def markdown_table(results: list[Result]) -> str:
    body = rows(results)
    out = ["| " + " | ".join(HEADERS) + " |", "|" + "|".join("---" for _ in HEADERS) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body]
    return "\n".join(out)


def load_average() -> list[str]:
    try:
        return Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return []


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    load = load_average()
    import os

    try:
        import textual

        textual_version = getattr(textual, "__version__", None)
        if textual_version is None:
            from importlib.metadata import version

            textual_version = version("textual")
    except Exception:  # noqa: BLE001
        textual_version = "?"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gib": round(ram, 1) if ram else None,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": textual_version,
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": load,
    }


def write_json(
    path: Path, *, size: str, runs: int, results: list[Result], info: dict, dataset: dict, failed: list[str]
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "size": size,
        "runs": runs,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": info,
        "dataset": dataset,
        "results": [r.to_json() for r in results],
        "failed_groups": failed,
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
