"""Titles of pushed notifications (plain text; `citizen.render_notice` escapes and frames them)."""

from __future__ import annotations

from cdsbot.strings.times import days as days_text


def days_left(days: int) -> str:
    """'hôm nay', 'ngày mai', 'còn 7 ngày'."""
    return "hôm nay" if days == 0 else "ngày mai" if days == 1 else f"còn {days_text(days)}"


def milestone_title(date: str, days: int, title: str) -> str:
    """'Mốc 10/10/2022 (còn 7 ngày): …'."""
    return f"Mốc {date} ({days_left(days)}): {title}"
