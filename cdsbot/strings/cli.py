"""The command line (`python bot.py …`), the settings and start-up failures, in plain text for
the operator: help, one-line results and one-line problems. Imports nothing from the domain."""

from __future__ import annotations

from collections.abc import Iterable

from cdsbot.strings import citizen, template
from cdsbot.strings.times import days as days_text

NO_TOKEN = citizen.NO_TOKEN + " Thử ngay không cần Telegram: python bot.py console"

# --- argparse help ------------------------------------------------------------------------------
DESCRIPTION = "cdsbot – trợ lý Telegram về Kế hoạch chuyển đổi số Hải Phòng năm 2022."
HELP_RUN = "chạy bot Telegram (mặc định; long polling)"
HELP_WEBHOOK = "chạy chế độ webhook với URL công khai này"
HELP_LISTEN = "địa chỉ lắng nghe webhook"
HELP_PORT = "cổng lắng nghe webhook"
HELP_CHECK = "kiểm tra kho tri thức knowledge/"
HELP_ASK = "hỏi một câu (không có câu hỏi: đọc mỗi dòng stdin)"
HELP_QUESTION = "câu hỏi"
HELP_JSON = "in mỗi câu trả lời là một đối tượng JSON"
HELP_CONSOLE = "hỏi đáp trên dòng lệnh, không cần Telegram"
HELP_USERS = "cấp, thu hồi, liệt kê quyền"
HELP_GRANT = "cấp quyền: grant <telegram_id> official --unit <mã> | grant <telegram_id> admin"
HELP_UNIT = "mã đơn vị (bắt buộc với official)"
HELP_ALLOW_CLOSED = ("cấp cả cho đơn vị không còn tồn tại (hay chưa có) hôm nay, để báo cáo, sửa "
                     "các kỳ đơn vị còn tồn tại; hay cho đơn vị chưa có trong năm nào của kế "
                     "hoạch đang áp dụng (trước khi thêm kế hoạch mới)")
OUT_OF_PLAN_ANYWAY = ("Nếu vẫn cần cấp (chẳng hạn trước khi thêm kế hoạch mới), thêm "
                      "--allow-closed-unit.")
ALLOW_CLOSED = ("Nếu cần báo cáo hay sửa các kỳ đơn vị còn tồn tại, thêm --allow-closed-unit.")
HELP_REVOKE = "thu hồi mọi quyền của một người"
HELP_LIST = "liệt kê quyền đang hiệu lực"
HELP_BACKUP = "sao lưu cơ sở dữ liệu đang chạy vào PATH"
HELP_NOTIFY = "thông báo: due (sắp gửi), status (hàng đợi)"
HELP_DUE = "liệt kê thông báo mốc đến hạn, không gửi"
HELP_AT = "thời điểm (giờ địa phương nếu không ghi múi giờ), mặc định: bây giờ"
HELP_STATUS = "số tin theo trạng thái của từng thông báo"
HELP_EXPORT = "xuất CSV ra stdout"
HELP_HEALTH = "kiểm tra sức khỏe: kho tri thức, CSDL, hàng đợi thông báo (exit 0 nếu ổn)"
HELP_STUCK = "coi là tắc nếu tin chờ gửi quá hạn N phút (mặc định %(default)s)"


def help_stats(days: int) -> str:
    return f"thống kê sử dụng {days_text(days)} qua"


# --- the database and the knowledge base at start-up --------------------------------------------
DB_IS_FOLDER = "đó là một thư mục, không phải tệp"
DB_CORRUPT = ("tệp không phải cơ sở dữ liệu SQLite hoặc đã hỏng (bị cắt cụt?); khôi phục từ bản "
              "sao lưu")
DB_READ_ONLY = ("không mở hoặc không ghi được; người dùng chạy bot cần quyền ghi tệp và thư mục "
                "chứa nó")
db_no_folder = template("không tạo được thư mục {folder} ({why})")
db_sqlite = template("lỗi SQLite: {exc}")
db_unusable = template("Cơ sở dữ liệu {path} (CDSBOT_DB) không dùng được: {why}.")


def kb_invalid_line(first: str, more: int) -> str:
    """An invalid knowledge base in one line: the first problem and how to see them all."""
    others = f" (và {more} lỗi khác)" if more else ""
    return f"Kho tri thức không hợp lệ: {first}{others}. Xem tất cả: python bot.py check"


kb_invalid = template("Kho tri thức không hợp lệ ({count} lỗi):")
no_network = template("Không kết nối được tới Telegram ({host}). Máy chủ cần ra được Internet "
                      "qua HTTPS (cổng 443); nếu mạng phải đi qua proxy, đặt HTTPS_PROXY (xem "
                      "docs/OPERATIONS.md).")
port_unavailable = template("Không mở được cổng webhook {listen}:{port}: {why}.")


# --- settings (config.py) -----------------------------------------------------------------------
config_error = template("Lỗi cấu hình: {exc}")
not_user_ids = template("{name}: “{part}” không phải mã người dùng Telegram (một số)")
not_days = template("{name}: “{raw}” phải là số ngày từ {lowest} đến {highest}")


OPS_CHAT_NOT_ID = "CDSBOT_OPS_CHAT phải là mã chat Telegram (một số)"
not_time_zone = template("CDSBOT_TZ: “{raw}” không phải múi giờ IANA (ví dụ: Asia/Ho_Chi_Minh)")
BAD_WEBHOOK_SECRET = ("CDSBOT_WEBHOOK_SECRET phải gồm 1–256 ký tự A-Z, a-z, 0-9, _ hoặc - "
                      "(Telegram không nhận ký tự khác)")


# --- check, console -----------------------------------------------------------------------------
problem_count = template("{count} lỗi.")
valid = template("Hợp lệ: {entries} mục trả lời ({phrasings} cách hỏi), {indicators} chỉ tiêu, "
                 "{milestones} mốc, {units} đơn vị, {synonyms} từ viết tắt/đồng nghĩa, {english} "
                 "cụm từ tiếng Anh, {sources} nguồn.")
no_console_command = template("Không có lệnh /{command} trong chế độ dòng lệnh. Gõ /trogiup để "
                              "xem các lệnh.")
telegram_only = template("Lệnh /{command} chỉ có trên Telegram (nó dùng cơ sở dữ liệu của bot). "
                         "Ở đây bạn gõ câu hỏi, hoặc dùng /muctieu /dichvu /moc /lienhe "
                         "/kehoach.")
# --- users --------------------------------------------------------------------------------------
not_telegram_id = template("“{raw}” không phải mã người dùng Telegram (một số nguyên dương, chữ "
                           "số 0-9). Người dùng có thể xem mã của mình qua @userinfobot.")
telegram_id_too_long = template("“{raw}” quá dài để là mã người dùng Telegram (tối đa 16 chữ số).")
special_id = template("{raw} là tài khoản ẩn danh/kênh/dịch vụ của Telegram, không cấp quyền "
                      "được.")


NO_ROLES = "Chưa có ai được cấp quyền."
STILL_ADMIN = "Lưu ý: người này vẫn là quản trị vì có trong CDSBOT_ADMINS."
ADMIN_ROLE = "quản trị"
ADMIN_NO_UNIT = ("Quyền quản trị dùng cho mọi đơn vị, không gắn với --unit; bỏ --unit (hoặc cấp "
                 "quyền official cho đơn vị đó).")
no_rights = template("{user_id} không có quyền nào đang hiệu lực.")
env_admin = template("{user_id} là quản trị vì có trong biến môi trường CDSBOT_ADMINS, không "
                     "phải quyền cấp trong cơ sở dữ liệu nên không thu hồi bằng lệnh này được. "
                     "Hãy bỏ {user_id} khỏi CDSBOT_ADMINS (trong môi trường hoặc tệp .env) rồi "
                     "khởi động lại bot.")
revoked = template("Đã thu hồi {count} quyền của {user_id}.")


def unit_required(units: Iterable[str]) -> str:
    return "Cấp quyền cán bộ cần --unit <mã đơn vị>. Các đơn vị: " + ", ".join(units)


def unknown_unit(unit: str, units: Iterable[str]) -> str:
    return f"Không có đơn vị “{unit}”. Các đơn vị: {', '.join(units)}"


official_role = template("cán bộ {unit_name}")
granted = template("Đã cấp quyền {what} cho {user_id}.")
already_granted = template("{user_id} đã có quyền này ({what}); không có gì thay đổi.")


# --- backup -------------------------------------------------------------------------------------
no_database = template("Không có cơ sở dữ liệu {path} để sao lưu.")
backup_failed = template("Sao lưu thất bại: {path}: {why}")
backup_broken = template("Sao lưu {path} HỎNG (integrity_check: {result}).")
backed_up = template("Đã sao lưu {db} -> {path} ({kib:.0f} KiB, {seconds:.2f} s, "
                     "integrity_check: ok).")
backup_exists = template("{target} đã tồn tại; chọn tên khác để không ghi đè.")


# --- notify, health -----------------------------------------------------------------------------
WRITTEN, TO_WRITE = "đã ghi", "sẽ ghi"  # a due milestone notice: already in the outbox or not
bad_moment = template("--at “{raw}” không phải thời điểm ISO, ví dụ 2022-10-03T08:30")
nothing_due = template("Không có thông báo mốc nào đến hạn lúc {at}.")


def quiet_now(quiet: bool, recipients: int) -> str:
    return (f"Giờ nghỉ: {'có' if quiet else 'không'}; người theo dõi nhận mốc: "
            f"{recipients}.")


health = template("kho tri thức: {entries} mục; CSDL {db}: đọc/ghi được; hàng đợi: {waiting} tin "
                  "chờ gửi, {failed} tin lỗi")
stuck = template("TẮC: {line}; tin chờ lâu nhất quá hạn {late_minutes:.0f} phút (bot có đang "
                 "chạy và ra được Internet không?)")
healthy = template("ổn: {line}")


# --- export phrasings ---------------------------------------------------------------------------
PHRASINGS_HEADER = (
    "# Cách hỏi do quản trị viên gắn từ câu hỏi thật (python bot.py export phrasings).",
    "# Thêm vào trường phrasings của mục tương ứng trong knowledge/, rồi chạy",
    "# python bot.py check.",
)


# --- argparse's own words (usage, errors), for Python 3.11's argparse --------------------------
ARGPARSE = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn %(value)r không hợp lệ (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần kiểu %(type)s)",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s không rõ: có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
}
