"""Officials' reports: why one is refused (each message says how to write it right), and the
names of periods and levels. Plain text from plain values: imports nothing from the domain."""

from __future__ import annotations

from collections.abc import Sequence

# who reports an indicator of each level
LEVEL_NAMES = {"city": "cấp thành phố (do thành phố và các sở báo cáo)",
               "district": "cấp huyện", "commune": "cấp xã"}
PERIOD_FORMS = "quý 3, Q3/2022, quý III/2022, tháng 9, T9/2022, 2022-Q3, 09/2022 hoặc 2022"
DONE, NOT_DONE = "đã có", "chưa có"  # the value of a yes/no indicator
MISSING_ARGUMENTS = "Thiếu mã chỉ tiêu hoặc giá trị."
NEGATIVE_COUNT = "Số lượng không được âm."
FRACTIONAL_COUNT = "Số lượng phải là số nguyên."


def month(month: int, year: int) -> str:
    return f"tháng {month}/{year}"


def quarter(quarter: int, year: int) -> str:
    return f"quý {quarter}/{year}"


def year(year: int) -> str:
    return f"năm {year}"


def unknown_indicator(given: str, suggestions: Sequence[str]) -> str:
    hint = f" Có phải: {', '.join(suggestions)}?" if suggestions else ""
    return f"Không có chỉ tiêu “{given}”.{hint} Gõ /baocao để chọn từ danh sách."


def bad_period(raw: str) -> str:
    return f"Kỳ “{raw}” không hợp lệ. Viết ví dụ: {PERIOD_FORMS}."


def outside_year(indicator_id: str, year: int, period: str) -> str:
    return f"Chỉ tiêu “{indicator_id}” là mục tiêu năm {year}; kỳ {period} nằm ngoài năm đó."


def not_started(period: str) -> str:
    return f"Kỳ {period} chưa bắt đầu; không thể báo cáo trước."


def yes_or_no(indicator_id: str) -> str:
    return f"Chỉ tiêu “{indicator_id}” là dạng có/không: trả lời “có” hoặc “không”."


def not_a_number(raw: str) -> str:
    return f"Giá trị “{raw}” không phải là số. Ví dụ: 87,5 hoặc 1.250."


def percent_range(raw: str) -> str:
    return f"Giá trị phần trăm phải từ 0 đến 100 (bạn gửi {raw})."


def count_with_percent(indicator_id: str) -> str:
    return f"Chỉ tiêu “{indicator_id}” là số lượng, không dùng dấu %."


def not_for_unit(indicator_id: str, unit_id: str) -> str:
    return f"Bạn không được báo cáo chỉ tiêu “{indicator_id}” cho đơn vị “{unit_id}”."


def not_your_level(name: str, level: str) -> str:
    return (f"Đơn vị của bạn không báo cáo chỉ tiêu “{name}”: đây là chỉ tiêu "
            f"{LEVEL_NAMES.get(level, level)}. Gõ /baocao để chọn trong các chỉ tiêu của đơn vị "
            "bạn.")


def which_unit(allowed: Sequence[str]) -> str:
    return "Bạn phụ trách nhiều đơn vị; hãy ghi mã đơn vị sau giá trị: " + ", ".join(allowed)


def note_too_long(most: int) -> str:
    return f"Ghi chú dài quá {most} ký tự."


def reason_after_value(least: int) -> str:
    return f"Hãy ghi lý do sửa số liệu sau giá trị (ít nhất {least} ký tự)."


def reason_needed(least: int) -> str:
    return f"Hãy ghi lý do sửa số liệu (ít nhất {least} ký tự)."


def not_understood(word: str, period: str) -> str:
    return (f"Không hiểu “{word}”: không phải mã đơn vị hay kỳ báo cáo hợp lệ (kỳ đang hiểu là "
            f"{period}). Ghi chú phải bắt đầu bằng chữ.")


def not_this_unit(unit_id: str) -> str:
    return f"Bạn không được báo cáo chỉ tiêu này cho đơn vị “{unit_id}”."


def cumulative_fell(indicator_id: str, previous: str) -> str:
    return (f"Chỉ tiêu “{indicator_id}” là lũy kế nên không giảm (kỳ trước {previous}). Nếu "
            "đúng, hãy ghi lý do.")


def jumped(previous: str, value: str) -> str:
    return (f"Giá trị thay đổi hơn một nửa so với kỳ trước ({previous} → {value}). Nếu đúng, "
            "hãy ghi lý do.")
