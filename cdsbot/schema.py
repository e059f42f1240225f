"""The knowledge base's schema: field checkers and the fields each kind of record has.

Each checker returns None when a value is fine, or what is wrong with it (in Vietnamese, for the
editors); knowledge.py turns that into `file:line: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from cdsbot import strings
from cdsbot.aspects import ASPECTS

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
UNITS = {"percent": "%", "count": "", "bool": ""}
COMPARATORS = (">=", ">", "=")
LEVELS = ("city", "district", "commune")
UNIT_LEVELS = ("city", "department", "district", "commune")
MAX_DAYS_BEFORE = 60  # the furthest ahead a reminder or notification may be set


def check_str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return strings.knowledge.NEEDS_TEXT
    return None


def check_id(value: Any) -> str | None:
    if not isinstance(value, str) or not ID_RE.match(value):
        return strings.knowledge.BAD_ID
    return None


def check_strs(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return strings.knowledge.NEEDS_TEXTS
    if any(check_str(v) for v in value):
        return strings.knowledge.EACH_TEXT
    return None


def _sources(value: Any) -> str | None:
    if isinstance(value, str):
        return check_id(value)
    if isinstance(value, list) and value and not any(check_id(v) for v in value):
        return None
    return strings.knowledge.NEEDS_SOURCES


def _date(value: Any) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return None
    return strings.knowledge.NEEDS_DATE


def _int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return strings.knowledge.NEEDS_INT
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else strings.knowledge.NEEDS_BOOL


def _one_of(options: Iterable[str]) -> Callable[[Any], str | None]:
    allowed = tuple(options)

    def check(value: Any) -> str | None:
        return None if value in allowed else strings.knowledge.one_of(allowed)

    return check


def _aspects(value: Any) -> str | None:
    if isinstance(value, list) and value and all(v in ASPECTS for v in value):
        return None
    return strings.knowledge.aspects(ASPECTS)


def _ids(value: Any) -> str | None:
    if isinstance(value, list) and value and not any(check_id(v) for v in value):
        return None
    return strings.knowledge.NEEDS_IDS


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
    "covers": (_ids, OPT),
}
REFERRAL_SPEC: Spec = {
    "subject": (check_id, REQ), "terms": (check_strs, REQ), "text": (check_str, REQ),
    "source": (_sources, REQ),
}

def _section(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]\d{1,2}", value):
        return None
    return strings.knowledge.NEEDS_SECTION


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
# English glossary (synonyms.yaml `english:`): "" drops the words ("in Vietnam")
ENGLISH_SPEC: Spec = {"terms": (check_strs, REQ),
                      "means": (lambda v: None if v == "" else check_str(v), REQ)}


def _days_from(lowest: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if (isinstance(value, list) and value
                and all(isinstance(v, int) and not isinstance(v, bool)
                        and lowest <= v <= MAX_DAYS_BEFORE for v in value)):
            return None
        return strings.knowledge.days_between(lowest, MAX_DAYS_BEFORE)

    return check


def _clock(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return None
    return strings.knowledge.NEEDS_CLOCK


def _clock_pair(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2 and not any(_clock(v) for v in value):
        return None
    return strings.knowledge.NEEDS_CLOCK_PAIR


REMINDER_SPEC: Spec = {"remind_days_before_close": (_days_from(1), REQ),
                       "remind_at": (_clock, REQ)}
NOTIFICATION_SPEC: Spec = {"milestone_days_before": (_days_from(0), REQ),
                           "send_at": (_clock, REQ), "quiet_hours": (_clock_pair, REQ)}


def target_problem(unit: str, comparator: str, target: Any) -> str | None:
    if unit == "bool":
        if target is not True or comparator != "=":
            return strings.knowledge.BOOL_TARGET
        return None
    if isinstance(target, bool) or not isinstance(target, (int, float)):
        return strings.knowledge.target_not_number(unit)
    if unit == "percent" and not 0 <= target <= 100:
        return strings.knowledge.PERCENT_TARGET
    if unit == "count" and target < 0:
        return strings.knowledge.NEGATIVE_COUNT
    return None
