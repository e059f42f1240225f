"""Usage statistics for administrators (/thongke, `python bot.py stats`) and the labels of the
charts, in plain text (the bot escapes it). Imports nothing from the domain."""

from __future__ import annotations

import datetime as dt

from cdsbot.strings import template
from cdsbot.strings.times import days as days_text

# charts
PROGRESS_TITLE = "Tiến độ chỉ tiêu năm 2022"
progress_title = template("Tiến độ chỉ tiêu năm {year}")  # the plan in force's year
PROGRESS_AXIS = "% mục tiêu (100 = đạt)"
NO_DATA = "chưa có số liệu"
WEEKLY_TITLE = "Câu hỏi mỗi ngày"
OUTCOMES = {"answer": "trả lời", "suggest": "gợi ý", "none": "chưa trả lời"}

# the report
TOP_ENTRIES = "Mục được hỏi nhiều nhất:"
RATINGS = "Đánh giá (👍/👎):"
REPORTS = "Báo cáo đang hiệu lực theo đơn vị và chỉ tiêu:"
PER_DAY = "Theo ngày:"


def heading(since: dt.date, days: int) -> str:
    return f"Thống kê từ {since.strftime('%d/%m/%Y')} ({days_text(days)})"


def questions(asked: int, answered: str, suggested: str, unanswered: str) -> str:
    return (f"Câu hỏi: {asked} — {OUTCOMES['answer']} {answered}, {OUTCOMES['suggest']} "
            f"{suggested}, {OUTCOMES['none']} {unanswered}")


subscribers = template("Người theo dõi: {active} (mốc {milestones}, tiến độ {achievements}, "
                       "thông báo {announcements})")
deliveries = template("Tin đã gửi {sent}, bị chặn {blocked}, lỗi {failed}, đang chờ {waiting}")
