"""How every CLI test checks a refusal: a non-zero exit (or the one given) and one line on stderr that starts
with "pipeline-tui: error: ", holds each fragment, and no traceback anywhere."""

from __future__ import annotations


def one_line_error(result, *fragments: str, code: int | None = None) -> str:
    if code is None:
        assert result.exit_code != 0, result.output
    else:
        assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pipeline-tui: error: ") and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]
