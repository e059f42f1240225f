"""Durations, dates, clock times and time windows in words: the one way prose states a constant
or a setting that is a time ('10 phút', '30/6/2025', '21:00', '21:00–07:00'), so the prose
cannot drift from it."""

from __future__ import annotations

import datetime as dt

_UNITS = ((86400, "ngày"), (3600, "giờ"), (60, "phút"), (1, "giây"))


def duration(value: dt.timedelta | float) -> str:
    """'10 phút', '30 giây', '180 ngày', '1 giờ 30 phút' (a float is seconds)."""
    seconds = round(value.total_seconds() if isinstance(value, dt.timedelta) else value)
    if seconds <= 0:
        return f"0 {_UNITS[-1][1]}"
    parts = []
    for size, name in _UNITS:
        if seconds >= size:
            parts.append(f"{seconds // size} {name}")
            seconds %= size
    return " ".join(parts)


def days(n: int) -> str:
    """'7 ngày'."""
    return duration(dt.timedelta(days=n))


def date(d: dt.date) -> str:
    """'30/6/2025' (day and month without a leading zero, as Vietnamese documents write them)."""
    return f"{d.day}/{d.month}/{d.year}"


def clock(t: dt.time | dt.datetime) -> str:
    """'07:00'."""
    return f"{t:%H:%M}"


def window(start: dt.time, end: dt.time) -> str:
    """'21:00–07:00' (it may wrap midnight)."""
    return f"{clock(start)}–{clock(end)}"
