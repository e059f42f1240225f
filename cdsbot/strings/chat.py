"""What the Telegram front end says on its own (the flood guard, refused forwards and edits,
content it cannot read), apart from what the core's answers and the office say."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cdsbot.strings import times

if TYPE_CHECKING:
    from cdsbot.knowledge import Unit

def costly_wait(seconds: int) -> str:
    """A chart or an export asked too often: how long to wait."""
    return ("Biểu đồ và tệp xuất tốn nhiều tài nguyên nên mỗi người chỉ yêu cầu được vài lần "
            f"mỗi phút. Vui lòng thử lại sau khoảng {seconds} giây.")
FORWARDED_COMMAND = ("Lệnh được chuyển tiếp từ tin nhắn khác không được thực hiện. Hãy tự gõ "
                     "lệnh trong cuộc trò chuyện này.")
EDITED_REPORT = ("Bạn đã sửa tin nhắn của một báo cáo đang chờ xác nhận: báo cáo cũ đã hủy, "
                 "không xác nhận được nữa. Hãy gửi lại /baocao với giá trị đúng.")
EDITED_COMMAND = "Sửa một tin nhắn lệnh đã gửi không làm gì cả. Hãy gửi lệnh mới."
OTHER_CONTENT = ("Tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi về chuyển đổi số, dịch vụ công "
                 "trực tuyến hay Kế hoạch 74 của Hải Phòng, hoặc chọn một chủ đề dưới đây.")
UNKNOWN_COMMAND = ("Không có lệnh {command}. Gõ /trogiup để xem các lệnh, hoặc gõ câu hỏi "
                   "bằng lời thường.")
OPS_ERROR = "⚠️ Lỗi khi xử lý update {update_id}: <code>{name}</code> {detail}"
EXPORT_CAPTION = "Các báo cáo đã xác nhận (CSV, UTF-8)."
RATE_UP, RATE_DOWN = "👍 Hữu ích", "👎 Chưa đúng ý"
WHOLE_CITY = "Cả thành phố"


def unit_label(unit: Unit, today: dt.date) -> str:
    """A unit's name; one that no longer exists is dated, as a subscriber who followed it
    sees it ("UBND quận Đồ Sơn (đến 30/6/2025)")."""
    if unit.until is None or unit.exists_on(today):
        return unit.name
    return f"{unit.name} (đến {times.date(unit.until)})"


def usage_caption(days: int) -> str:
    return f"Câu hỏi mỗi ngày trong {times.days(days)} qua."
BUSY = ("⏳ Cơ sở dữ liệu đang bận (đang sao lưu hoặc bảo trì) nên yêu cầu này chưa được "
        "thực hiện, chưa có gì được lưu. Vui lòng thử lại sau ít phút.")
