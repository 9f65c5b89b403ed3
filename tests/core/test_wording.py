"""Counts agree with their noun: "1 application", never "1 applications"."""

from pipeline_tui.core.wording import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "application") == "1 application"
    assert [counted(n, "pool") for n in (0, 2)] == ["0 pools", "2 pools"]
    assert counted(1, "person") == "1 person" and counted(1_200, "person") == "1,200 people"
    assert counted(3, "activity") == "3 activities"
    assert counted(2, "match", "matches") == "2 matches"
