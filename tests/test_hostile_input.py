"""Hostile input outside Telegram (issue 14): /baocao's strict tokens, CSV formulas, the CLI's
ids and paths. Each of these failed before the fix."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from cdsbot import exports
from cdsbot.events import Invalid
from cdsbot.officials import reporting
from cdsbot.officials.reporting import MissingArguments, ReportError
from cdsbot.storage import Storage
from tests.harness import run_cli

TODAY = dt.date(2022, 10, 15)
DO_SON = ["quan-do-son"]


@pytest.mark.parametrize("args", [
    ["ho-so-mang-huyen", "40", "quan-do-son", "2022/Q3"],
    ["ho-so-mang-huyen", "40", "2022-00"],
    ["ho-so-mang-huyen", "40", "0/2022"],
    ["ho-so-mang-huyen", "40", "quan-khong-co", "2022-Q3"],
    ["ho-so-mang-huyen", "4", "2", "quan-do-son"],
    ["ho-so-mang-huyen", "40", "quan-do-son", "2022-Q3", "2022-Q2"],
])
def test_baocao_unrecognised_token_is_an_error_with_usage_never_a_note(kb, args):
    with pytest.raises(ReportError) as caught:
        reporting.parse_report(kb, args, DO_SON, TODAY)
    # the handler adds the usage line to MissingArguments; InvalidPeriod names the forms
    assert isinstance(caught.value, MissingArguments | reporting.InvalidPeriod)
    assert args[-1][:8] in str(caught.value) or any(a in str(caught.value) for a in args[2:])


def test_baocao_words_after_unit_and_period_are_still_a_note(kb):
    d = reporting.parse_report(kb, ["ho-so-mang-huyen", "40", "quan-do-son", "2022-Q3", "số",
                                    "liệu", "tạm", "tính"], DO_SON, TODAY)
    assert (d.period, d.note) == ("2022-Q3", "số liệu tạm tính")


FORMULAS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_csv_exports_defuse_formula_cells(tmp_path, kb):
    storage = Storage(tmp_path / "c.db")
    try:
        for i, note in enumerate(FORMULAS):
            pending = storage.reports.create_pending(7, 7, 100 + i, "ho-so-mang-huyen",
                                                     "quan-do-son", f"2022-0{i + 1}", 10.0 + i,
                                                     note, None,
                                                     dt.timedelta(minutes=30))
            storage.reports.confirm(pending, 7, None)
            storage.people.record(7, 7, Invalid(note, of=note))
        for text in (exports.reports(storage), exports.audit(storage)):
            for row in csv.reader(io.StringIO(text, newline="")):
                for cell in row:
                    assert not cell or cell[0] not in "=+-@\t\r", (cell, row)
            assert "'=HYPERLINK" in text
        # numbers stay numbers: a negative value is a number, not a formula
        assert exports._cell(-3.5) == "-3.5" and exports._cell("-2+3") == "'-2+3"
    finally:
        storage.close()


@pytest.mark.parametrize(("raw", "words"), [
    ("٣", "số"), ("３", "số"), ("12345678901234567890123", "quá dài"), ("+5", "số"),
])
def test_users_grant_takes_ascii_digits_only(tmp_path, raw, words):
    res = run_cli(tmp_path, "users", "grant", raw, "admin")
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and words in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    listed = run_cli(tmp_path, "users", "list")
    assert "admin" not in listed.stdout


def test_backup_to_an_impossible_path_is_one_line(tmp_path):
    assert run_cli(tmp_path, "users", "grant", "43", "admin").returncode == 0
    for target in ("/proc/nope/x.db", str(tmp_path)):
        res = run_cli(tmp_path, "backup", target)
        assert res.returncode == 1, res.stderr
        assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
        assert "Sao lưu thất bại" in res.stderr


def test_digits_that_are_not_ascii_are_text_not_a_choice(tmp_path, kb):
    """"²" and "٣" are digits to str.isdigit() and not numbers to pick a choice with: read
    as text, the console neither crashes nor picks (a fuzz run found "số ²" raising)."""
    res = run_cli(tmp_path, "console", stdin="vneid muc 2\nsố ²\n²\n٣\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    turns = res.stdout.split("\n> ")[1:]
    second = next(e.title for e in kb.entries.values() if f"2. {e.title}" in turns[0])
    assert len(turns) == 5 and not any(t.startswith(second) for t in turns[1:4])
