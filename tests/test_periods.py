"""Periods written the way officials write them (pure parser)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdsbot.officials import reporting
from cdsbot.officials.reporting import InvalidPeriod, Period

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@pytest.mark.parametrize(
    ("raw", "key"),
    [("quý 3", "2022-Q3"), ("Q3", "2022-Q3"), ("quý III/2022", "2022-Q3"),
     ("quý 3 năm 2022", "2022-Q3"), ("Q3 2022", "2022-Q3"), ("tháng 9", "2022-09"),
     ("T9/2022", "2022-09"), ("2022-Q3", "2022-Q3"), ("Q3/2022", "2022-Q3"),
     ("quy 3", "2022-Q3"), ("Quý IV", "2022-Q4"), ("quý 4/2023", "2023-Q4"),
     ("tháng 12 năm 2023", "2023-12"), ("năm 2022", "2022"), ("cả năm 2022", "2022"),
     ("kỳ quý 2", "2022-Q2"), ("Q1-2022", "2022-Q1"), ("thang 9/2022", "2022-09"),
     ("t 9", "2022-09"), ("2022 Q3", "2022-Q3"), ("quý 3.", "2022-Q3")],
)
def test_natural_period_forms(raw, key):
    assert reporting.parse_period(raw, 2022).key == key


@pytest.mark.parametrize("raw", ["quý 5", "tháng 13", "Q0", "quý", "tháng", "3", "hôm qua",
                                 "quý 3 năm 22", "Q3/1899"])
def test_not_periods(raw):
    with pytest.raises(InvalidPeriod):
        reporting.parse_period(raw, 2022)


def test_a_period_without_a_year_needs_a_default():
    with pytest.raises(InvalidPeriod):
        reporting.parse_period("quý 3")
    assert reporting.parse_period("quý 3", 2026).key == "2026-Q3"


@given(q=st.integers(1, 4), year=st.integers(2000, 2100),
       form=st.sampled_from(["quý {q}/{y}", "Q{q} {y}", "quý {r}/{y}", "quý {q} năm {y}",
                             "{y}-Q{q}", "Q{q}/{y}", "QUÝ {r} NĂM {y}", "q{q}-{y}"]))
def test_every_quarter_form_round_trips(q, year, form):
    raw = form.format(q=q, y=year, r=ROMAN[q])
    assert reporting.parse_period(raw, 1999) == Period(year, quarter=q)


@given(m=st.integers(1, 12), year=st.integers(2000, 2100),
       form=st.sampled_from(["tháng {m}/{y}", "T{m}/{y}", "tháng {m} năm {y}", "{y}-{m:02d}",
                             "{m:02d}/{y}", "Tháng {m}"]))
def test_every_month_form_round_trips(m, year, form):
    raw = form.format(m=m, y=year)
    assert reporting.parse_period(raw, year) == Period(year, month=m)


@given(st.text(max_size=40))
def test_the_parser_never_crashes(raw):
    try:
        period = reporting.parse_period(raw, 2022)
    except InvalidPeriod:
        return
    assert period.start <= period.end
    assert reporting.parse_period(period.key) == period  # the key reads back


def test_take_period_consumes_the_longest_run():
    period, rest = reporting.take_period(["quý", "3", "năm", "2022", "rà", "soát"], 2022)
    assert period == Period(2022, quarter=3) and rest == ["rà", "soát"]
    assert reporting.take_period(["rà", "soát"], 2022) == (None, ["rà", "soát"])


def test_choices_put_the_current_quarter_first_and_skip_the_future():
    keys = [p.key for p in reporting.period_choices(2022, dt.date(2022, 8, 10))]
    assert keys[0] == "2022-Q3" and keys[-1] == "2022"
    assert "2022-Q4" not in keys and "2022-09" not in keys and "2022-08" in keys
    past = [p.key for p in reporting.period_choices(2022, dt.date(2026, 11, 29))]
    assert past[:4] == ["2022-Q4", "2022-Q3", "2022-Q2", "2022-Q1"] and len(past) == 17
