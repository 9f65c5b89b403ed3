"""The size rules of the codebase, checked on every run: no module in src/ over 500 lines, no function over 80.

Small modules named after what they hold keep one obvious home per concern; a long function is a sign that
data (tables of names, stages, fields) is written as code. Migrations are history and are left as written.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "pipeline_tui"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def test_no_module_over_500_lines() -> None:
    over = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert over == {}


def test_no_function_over_80_lines() -> None:
    over: dict[str, int] = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    over[f"{path.relative_to(SRC)}:{node.lineno} {node.name}"] = length
    assert over == {}


def test_the_size_check_sees_the_source() -> None:
    """Guards the two tests above against passing because they read nothing."""
    assert len(_modules()) > 50
