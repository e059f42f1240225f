"""What is wrong with knowledge/, for the editors (plain text; the loader adds `file:line: `).

Used by yamlfile.py, schema.py and knowledge.py; imports nothing from the domain, so the loader
can use it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdsbot.strings import template

# --- yamlfile: one YAML file --------------------------------------------------------------------
KEY_NOT_STRING = "khóa phải là một chuỗi"
not_utf8 = template("tệp không phải UTF-8 ({reason})")
yaml_syntax = template("lỗi cú pháp YAML: {problem}")


# --- schema: one field --------------------------------------------------------------------------
NEEDS_TEXT = "cần một chuỗi không rỗng"
BAD_ID = "mã phải gồm chữ thường không dấu, số và gạch ngang (ví dụ: dvc-muc-do-4)"
NEEDS_TEXTS = "cần một danh sách chuỗi không rỗng"
EACH_TEXT = "mỗi phần tử phải là một chuỗi không rỗng"
NEEDS_SOURCES = "cần mã nguồn (hoặc danh sách mã nguồn) khai báo trong sources.yaml"
NEEDS_DATE = "cần ngày dạng YYYY-MM-DD (hoặc tháng dạng YYYY-MM)"
NEEDS_INT = "cần một số nguyên"
NEEDS_BOOL = "cần true hoặc false"
NEEDS_SECTION = "cần mã mục của tệp dữ kiện, ví dụ A1, B5, U1"
NEEDS_IDS = "cần danh sách mã mục trả lời (hoặc chỉ tiêu)"
NEEDS_CLOCK = "cần giờ dạng \"HH:MM\", ví dụ \"08:00\""
NEEDS_CLOCK_PAIR = "cần hai giờ [\"từ\", \"đến\"], ví dụ [\"21:00\", \"07:00\"]"
BOOL_TARGET = "chỉ tiêu có/không (unit: bool) cần target: true và comparator: \"=\""
PERCENT_TARGET = "target phần trăm phải nằm trong 0–100"
NEGATIVE_COUNT = "target dạng số lượng không được âm"


def one_of(allowed: Iterable[str]) -> str:
    return f"phải là một trong: {', '.join(allowed)}"


def aspects(allowed: Iterable[str]) -> str:
    return f"cần danh sách khía cạnh, mỗi khía cạnh là một trong: {', '.join(allowed)}"


days_between = template("cần danh sách số ngày nguyên từ {lowest} đến {highest}, ví dụ [7, 1]")
target_not_number = template("target của chỉ tiêu đơn vị {unit} phải là một số")


# --- knowledge: records and files ---------------------------------------------------------------
# what each kind of record is called in a message ("nguồn thiếu trường bắt buộc “id”")
SOURCE, PLAN, PILLAR, INDICATOR = "nguồn", "kế hoạch", "trụ cột", "chỉ tiêu"
PLAN_YEAR, ENTRY, MILESTONE, UNIT = "kế hoạch theo năm", "mục hỏi đáp", "mốc", "đơn vị"
SYNONYM, REFERRAL, COVERAGE = "từ đồng nghĩa", "nơi hỗ trợ", "mục dữ kiện"
ENGLISH = "mục từ điển tiếng Anh"
REMINDERS, NOTICES = "cài đặt nhắc báo cáo", "cài đặt thông báo"
# what an unresolved reference points to, by kind
REFERENCES = {"source": "nguồn", "pillar": "trụ cột", "entry": "mục trả lời"}

MISSING_FILE = "thiếu tệp"
PILLARS_NOT_LIST = "“pillars” phải là một danh sách"
INDICATORS_NOT_LIST = "“indicators” phải là một danh sách chỉ tiêu (ít nhất một)"
UNITS_NOT_LIST = "“units” phải là một danh sách"
NEEDS_STRING = "cần một chuỗi"
NEEDS_STRINGS = "cần một danh sách chuỗi"
BAD_MONTH = "tháng không hợp lệ"
UNIT_DATES = "“since”/“until” cần ngày dạng YYYY-MM-DD"
NO_FAQ = "thiếu thư mục faq/ với ít nhất một tệp .yaml"
PLAN_INVALID = "knowledge/plan.yaml:1: kế hoạch không hợp lệ"
problems = template("{count} lỗi trong kho tri thức")
duplicate_key = template("khóa “{key}” bị lặp lại")
not_mapping = template("{what} phải là một bảng khóa: giá trị (mapping)")


def unknown_field(key: str, what: str, known: Iterable[str]) -> str:
    return f"trường lạ “{key}” trong {what} (có: {', '.join(known)})"


missing_field = template("{what} thiếu trường bắt buộc “{key}”")
bad_field = template("trường “{key}”: {message}")
needs_list = template("tệp phải có khóa “{key}:” chứa một danh sách")
not_list = template("“{key}” phải là một danh sách")
unknown_top_key = template("khóa lạ “{key}” ở đầu tệp")
duplicate_id = template("mã “{ident}” trùng với {where}")
wrong_year = template("chỉ tiêu của kế hoạch năm {year} phải có year: {year}")
topic_missing = template("tệp chủ đề thiếu trường “{key}”")
answer_chars = template("câu trả lời dài {chars} ký tự, tối đa {most} (Telegram giới hạn "
                        "{telegram_limit})")
answer_words = template("câu trả lời dài {words} từ, tối đa {most}: giữ ý chính trong “answer”, "
                        "chuyển phần chi tiết sang “more”")
coverage_repeated = template("mục “{section}” của {file} bị lặp")
coverage_empty = template("mục “{section}” cần “entries” (mã mục trả lời) hoặc “reason” (vì sao "
                          "không trả lời)")


def undeclared(kind: str, ident: str) -> str:
    return f"{REFERENCES[kind]} “{ident}” chưa được khai báo"


no_folder = template("{root}:1: không tìm thấy thư mục kho tri thức")
duplicate_english = template("cụm từ tiếng Anh “{term}” đã có ở dòng {line}")
duplicate_topic = template("chủ đề “{topic}” trùng với một tệp khác")
