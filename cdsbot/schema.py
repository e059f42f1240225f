"""The knowledge base's schema: field checkers and the fields each kind of record has.

Each checker returns None when a value is fine, or what is wrong with it (in Vietnamese, for the
editors); knowledge.py turns that into `file:line: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from cdsbot.aspects import ASPECTS

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
UNITS = {"percent": "%", "count": "", "bool": ""}
COMPARATORS = (">=", ">", "=")
LEVELS = ("city", "district", "commune")
UNIT_LEVELS = ("city", "department", "district", "commune")


def check_str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "cần một chuỗi không rỗng"
    return None


def check_id(value: Any) -> str | None:
    if not isinstance(value, str) or not ID_RE.match(value):
        return "mã phải gồm chữ thường không dấu, số và gạch ngang (ví dụ: dvc-muc-do-4)"
    return None


def check_strs(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "cần một danh sách chuỗi không rỗng"
    if any(check_str(v) for v in value):
        return "mỗi phần tử phải là một chuỗi không rỗng"
    return None


def _sources(value: Any) -> str | None:
    if isinstance(value, str):
        return check_id(value)
    if isinstance(value, list) and value and not any(check_id(v) for v in value):
        return None
    return "cần mã nguồn (hoặc danh sách mã nguồn) khai báo trong sources.yaml"


def _date(value: Any) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return None
    return "cần ngày dạng YYYY-MM-DD (hoặc tháng dạng YYYY-MM)"


def _int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "cần một số nguyên"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "cần true hoặc false"


def _one_of(options: Iterable[str]) -> Callable[[Any], str | None]:
    allowed = tuple(options)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"phải là một trong: {', '.join(allowed)}"

    return check


def _aspects(value: Any) -> str | None:
    if isinstance(value, list) and value and all(v in ASPECTS for v in value):
        return None
    return f"cần danh sách khía cạnh, mỗi khía cạnh là một trong: {', '.join(ASPECTS)}"


def _any(value: Any) -> str | None:
    return None


REQ, OPT = True, False
Spec = dict[str, tuple[Callable[[Any], str | None], bool]]

SOURCE_SPEC: Spec = {
    "id": (check_id, REQ), "title": (check_str, REQ), "file": (check_str, REQ),
    "url": (check_str, OPT), "date": (check_str, OPT),
}
ENTRY_SPEC: Spec = {
    "id": (check_id, REQ), "question": (check_str, REQ), "phrasings": (check_strs, REQ),
    "answer": (check_str, REQ), "source": (_sources, REQ), "as_of": (check_str, OPT),
    "title": (check_str, OPT), "more": (check_str, OPT), "aspects": (_aspects, OPT),
}
REFERRAL_SPEC: Spec = {
    "subject": (check_id, REQ), "terms": (check_strs, REQ), "text": (check_str, REQ),
    "source": (_sources, REQ),
}

def _section(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]\d{1,2}", value):
        return None
    return "cần mã mục của tệp dữ kiện, ví dụ A1, B5, U1"


def _ids(value: Any) -> str | None:
    if isinstance(value, list) and value and not any(check_id(v) for v in value):
        return None
    return "cần danh sách mã mục trả lời (hoặc chỉ tiêu)"


COVERAGE_SPEC: Spec = {
    "section": (_section, REQ), "file": (_one_of(("facts.md", "facts-2026.md")), REQ),
    "entries": (_ids, OPT), "reason": (check_str, OPT),
}
INDICATOR_SPEC: Spec = {
    "id": (check_id, REQ), "name": (check_str, REQ), "aliases": (check_strs, REQ),
    "pillar": (check_id, REQ), "unit": (_one_of(UNITS), REQ),
    "comparator": (_one_of(COMPARATORS), REQ), "target": (_any, REQ),
    "level": (_one_of(LEVELS), REQ), "year": (_int, REQ), "source": (check_id, REQ),
    "quote": (check_str, REQ), "cumulative": (_bool, OPT), "note": (check_str, OPT),
}
MILESTONE_SPEC: Spec = {
    "id": (check_id, REQ), "date": (_date, REQ), "title": (check_str, REQ),
    "text": (check_str, REQ), "source": (check_id, REQ), "notify": (_bool, OPT),
}
UNIT_SPEC: Spec = {
    "id": (check_id, REQ), "name": (check_str, REQ), "level": (_one_of(UNIT_LEVELS), REQ),
    "source": (check_id, REQ), "aliases": (check_strs, OPT),
    "since": (_date, OPT), "until": (_date, OPT),  # first / last day the unit exists
}
# knowledge/plans/<id>.yaml: a later plan (its year, source, indicators, and units)
PLAN_YEAR_SPEC: Spec = {
    "id": (check_id, REQ), "title": (check_str, REQ), "year": (_int, REQ),
    "source": (check_id, REQ), "number": (check_str, OPT), "date": (_date, OPT),
    "indicators": (_any, REQ), "units": (_any, OPT),
}
PLAN_INDICATOR_SPEC: Spec = {**INDICATOR_SPEC, "year": (_int, OPT)}
PILLAR_SPEC: Spec = {
    "id": (check_id, REQ), "name": (check_str, REQ), "aliases": (check_strs, OPT),
}
PLAN_SPEC: Spec = {
    "number": (check_str, REQ), "title": (check_str, REQ), "date": (_date, REQ),
    "issuer": (check_str, REQ), "legal_basis": (check_strs, REQ), "purpose": (check_str, REQ),
    "pillars": (_any, REQ), "task_groups": (check_strs, REQ), "lead_agency": (check_str, REQ),
    "lead_duties": (check_str, REQ), "units_plan_deadline": (check_str, REQ),
    "source": (check_id, REQ), "as_of": (check_str, REQ),
}
SYNONYM_SPEC: Spec = {"terms": (check_strs, REQ), "means": (check_str, REQ)}


def _days_from(lowest: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if (isinstance(value, list) and value
                and all(isinstance(v, int) and not isinstance(v, bool) and lowest <= v <= 60
                        for v in value)):
            return None
        return f"cần danh sách số ngày nguyên từ {lowest} đến 60, ví dụ [7, 1]"

    return check


def _clock(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return None
    return "cần giờ dạng \"HH:MM\", ví dụ \"08:00\""


def _clock_pair(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2 and not any(_clock(v) for v in value):
        return None
    return "cần hai giờ [\"từ\", \"đến\"], ví dụ [\"21:00\", \"07:00\"]"


REMINDER_SPEC: Spec = {"remind_days_before_close": (_days_from(1), REQ),
                       "remind_at": (_clock, REQ)}
NOTIFICATION_SPEC: Spec = {"milestone_days_before": (_days_from(0), REQ),
                           "send_at": (_clock, REQ), "quiet_hours": (_clock_pair, REQ)}


def target_problem(unit: str, comparator: str, target: Any) -> str | None:
    if unit == "bool":
        if target is not True or comparator != "=":
            return "chỉ tiêu có/không (unit: bool) cần target: true và comparator: \"=\""
        return None
    if isinstance(target, bool) or not isinstance(target, (int, float)):
        return f"target của chỉ tiêu đơn vị {unit} phải là một số"
    if unit == "percent" and not 0 <= target <= 100:
        return "target phần trăm phải nằm trong 0–100"
    if unit == "count" and target < 0:
        return "target dạng số lượng không được âm"
    return None
