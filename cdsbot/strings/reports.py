"""Officials' reports: why one is refused (each message says how to write it right), and the
names of periods and levels. Plain text from plain values: imports nothing from the domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cdsbot.strings import template, times

# who reports an indicator of each level
LEVEL_NAMES = {"city": "cấp thành phố (do thành phố và các sở báo cáo)",
               "district": "cấp huyện", "commune": "cấp xã"}
EXAMPLE_YEAR = 2022  # the plan's year: the examples' year when the indicator's is not known


def period_forms(year: int | None = None) -> str:
    """How a period may be written, with the indicator's own year ("Q3/2026" for a 2026
    target, not "Q3/2022")."""
    y = year or EXAMPLE_YEAR
    return f"quý 3, Q3/{y}, quý III/{y}, tháng 9, T9/{y}, {y}-Q3, 09/{y} hoặc {y}"


DONE, NOT_DONE = "đã có", "chưa có"  # the value of a yes/no indicator
MISSING_ARGUMENTS = "Thiếu mã chỉ tiêu hoặc giá trị."
NEGATIVE_COUNT = "Số lượng không được âm."
FRACTIONAL_COUNT = "Số lượng phải là số nguyên."
month = template("tháng {month}/{year}")
quarter = template("quý {quarter}/{year}")
year = template("năm {year}")


def unknown_indicator(given: str, suggestions: Sequence[str]) -> str:
    hint = f" Có phải: {', '.join(suggestions)}?" if suggestions else ""
    return f"Không có chỉ tiêu “{given}”.{hint} Gõ /baocao để chọn từ danh sách."


def bad_period(raw: str, year: int | None = None) -> str:
    return f"Kỳ “{raw}” không hợp lệ. Viết ví dụ: {period_forms(year)}."


outside_year = template("Chỉ tiêu “{indicator}” là mục tiêu năm {year}; kỳ {period} nằm ngoài "
                        "năm đó.")
not_started = template("Kỳ {period} chưa bắt đầu; không thể báo cáo trước.")


def unit_not_then(unit: str, since: dt.date | None, until: dt.date | None,
                  period: str) -> str:
    """A unit reporting for a period it did not exist in (a commune formed in 2025, a district
    abolished in 2025)."""
    lived = (f"chỉ có từ {times.date(since)}" if since and not until else
             f"chỉ có đến {times.date(until)}" if until and not since else
             f"chỉ có từ {times.date(since)} đến {times.date(until)}")
    return f"{unit} {lived}; kỳ {period} không thuộc thời gian đó nên không báo cáo được."


def value_missing(indicator: str) -> str:
    """The one number after an indicator named in words belongs to its name ("mức độ 4"); the
    handler adds the usage line, with its example (MissingArguments)."""
    return (f"Chưa có giá trị cho “{indicator}”: số trong tên chỉ tiêu không phải giá trị. Gõ "
            "giá trị sau tên chỉ tiêu.")


def no_period_for_unit(unit: str, year: int) -> str:
    return (f"{unit} không tồn tại trong kỳ nào của năm {year} (năm của chỉ tiêu), nên không có "
            "kỳ nào để báo cáo chỉ tiêu này.")
yes_or_no = template("Chỉ tiêu “{indicator}” là dạng có/không: trả lời “có” hoặc “không”.")
not_a_number = template("Giá trị “{raw}” không phải là số. Ví dụ: 87,5 hoặc 1.250.")
percent_range = template("Giá trị phần trăm phải từ 0 đến 100 (bạn gửi {raw}).")
count_with_percent = template("Chỉ tiêu “{indicator}” là số lượng, không dùng dấu %.")
not_for_unit = template("Bạn không được báo cáo chỉ tiêu “{indicator}” cho {unit}.")


def not_your_level(name: str, level: str) -> str:
    return (f"Đơn vị của bạn không báo cáo chỉ tiêu “{name}”: đây là chỉ tiêu "
            f"{LEVEL_NAMES.get(level, level)}. Gõ /baocao để chọn trong các chỉ tiêu của đơn vị "
            "bạn.")


def which_unit(allowed: Sequence[str]) -> str:
    return "Bạn phụ trách nhiều đơn vị; hãy ghi mã đơn vị sau giá trị: " + ", ".join(allowed)


note_too_long = template("Ghi chú dài quá {most} ký tự.")
reason_after_value = template("Hãy ghi lý do sửa số liệu sau giá trị (ít nhất {least} ký tự).")
reason_needed = template("Hãy ghi lý do sửa số liệu (ít nhất {least} ký tự).")
not_understood = template("Không hiểu “{word}”: không phải mã đơn vị hay kỳ báo cáo hợp lệ (kỳ "
                          "đang hiểu là {period}). Ghi chú phải bắt đầu bằng chữ.")
not_this_unit = template("Bạn không được báo cáo chỉ tiêu này cho {unit}.")
cumulative_fell = template("Chỉ tiêu “{indicator}” là lũy kế nên không giảm (kỳ trước "
                           "{previous}). Nếu đúng, hãy ghi lý do.")
jumped = template("Giá trị thay đổi hơn một nửa so với kỳ trước ({previous} → {value}). Nếu "
                  "đúng, hãy ghi lý do.")
