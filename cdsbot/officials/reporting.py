"""Officials' reports, pure: parse and validate a report, who may report what, progress.

No I/O. Every rejection is a ReportError subclass whose message tells the official, in
Vietnamese, exactly what is wrong and how to write it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from cdsbot import strings, vietnamese
from cdsbot.knowledge import Indicator, KnowledgeBase, Unit
from cdsbot.strings import vocabulary

# Ids that Telegram uses for someone other than a person: an anonymous group admin, a post on
# behalf of a channel, the service account. Rights are never granted or checked by these.
SPECIAL_IDS = frozenset({1087968824, 136817688, 777000})
MAX_NOTE = 300
MIN_REASON = 5  # characters: the reason for a correction is a few words, not "ok"
JUMP = 0.5  # a change of more than half against the previous value needs a reason
PENDING_VALID = dt.timedelta(minutes=30)  # an unconfirmed report expires
WITHDRAW_WITHIN = dt.timedelta(minutes=10)  # a confirmed report may be withdrawn this long



class ReportError(ValueError):
    """A report that cannot be accepted; str(exc) is the message for the official. `draft`:
    the report as parsed, when the refusal came after parsing (to keep what was typed)."""

    draft: Draft | None = None


class MissingArguments(ReportError):
    """Too few words; the handler adds the usage line."""


class UnrecognisedWord(MissingArguments):
    """A word where a unit, a period or the note's first word should be that looks like a
    mistyped unit or period (digits, a slash, a hyphenated code): never taken as a note."""


class UnknownIndicator(ReportError):
    def __init__(self, given: str, suggestions: list[str]) -> None:
        super().__init__(strings.reports.unknown_indicator(given[:40], suggestions))
        self.suggestions = suggestions


class NotAuthorised(ReportError):
    """The person may not do this (role, unit, chat type)."""


class InvalidValue(ReportError):
    pass


class InvalidPeriod(ReportError):
    pass


class NeedsReason(ReportError):
    pass


class AlreadyReported(ReportError):
    """A value is already stored for this indicator, unit and period: correct it instead."""

    def __init__(self, message: str, existing_value: float, draft: Draft | None = None
                 ) -> None:
        super().__init__(message)
        self.existing_value = existing_value
        self.draft = draft


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int = 0  # 1-4, 0 when not a quarter
    month: int = 0  # 1-12, 0 when not a month

    @property
    def key(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.month:
            return strings.reports.month(self.month, self.year)
        if self.quarter:
            return strings.reports.quarter(self.quarter, self.year)
        return strings.reports.year(self.year)

    @property
    def start(self) -> dt.date:
        if self.month:
            return dt.date(self.year, self.month, 1)
        if self.quarter:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.month:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        elif self.quarter:
            m = 3 * self.quarter + 1
            nxt = dt.date(self.year + (m > 12), (m - 1) % 12 + 1, 1)
        else:
            nxt = dt.date(self.year + 1, 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"(?:quy|q)\s*(?P<q>[1-4]|iv|i{1,3})"
_M = r"(?:thang|t)\s*(?P<m>\d{1,2})"
_Y = r"(?P<y>\d{4})"
_SEP = r"\s*(?:[/.,-]|\s|nam)\s*(?:nam\s*)?"
_PERIODS = [re.compile(rx) for rx in (
    rf"^(?:ca\s*)?(?:nam\s*)?{_Y}$",
    rf"^{_Q}(?:{_SEP}{_Y})?$",
    rf"^{_Y}\s*[-\s]?\s*{_Q}$",
    rf"^{_M}(?:{_SEP}{_Y})?$",
    rf"^{_Y}-(?P<m>\d{{1,2}})$",
    rf"^(?P<m>\d{{1,2}})[/-]{_Y}$",
)]


def _clean_period(raw: str) -> str:
    folded = vietnamese.fold(unicodedata.normalize("NFC", raw)).strip().rstrip(".?!")
    folded = re.sub(r"^(?:ky|ky bao cao)\s+", "", folded)
    return re.sub(r"\s+", " ", folded)


def parse_period(raw: str, year: int | None = None) -> Period:
    """A period written any natural way -> Period; `year` fills in a period without one.

    '2022', 'năm 2022', '2022-Q3', 'Q3/2022', 'Q3 2022', 'quý 3', 'quý III/2022', 'quý 3 năm
    2022', 'tháng 9', 'T9/2022', '2022-09', '09/2022'.
    """
    cleaned = _clean_period(raw[:40])
    for rx in _PERIODS:
        m = rx.match(cleaned)
        if m is None:
            continue
        groups = m.groupdict()
        y = int(groups["y"]) if groups.get("y") else year
        if y is None or not 2000 <= y <= 2100:
            break
        if groups.get("q"):
            q = groups["q"]
            return Period(y, quarter=_ROMAN.get(q) or int(q))
        if groups.get("m"):
            month = int(groups["m"])
            if not 1 <= month <= 12:
                break
            return Period(y, month=month)
        return Period(y)
    raise InvalidPeriod(strings.reports.bad_period(raw[:20], year))


def looks_like_period(token: str, year: int | None = None) -> bool:
    try:
        parse_period(token, year)
    except InvalidPeriod:
        return False
    return True


def take_period(words: list[str], year: int | None) -> tuple[Period | None, list[str]]:
    """The longest run of leading words (up to four) that is a period, and the rest."""
    for n in range(min(4, len(words)), 0, -1):
        joined = " ".join(words[:n])
        if n == 1 and not re.search(r"\d", joined):
            continue
        if looks_like_period(joined, year):
            return parse_period(joined, year), words[n:]
    return None, words


def period_choices(year: int, today: dt.date) -> list[Period]:
    """The periods of a plan year that have started: the current quarter first, then the
    other quarters, the months (newest first) and the whole year."""
    started = [p for p in ([Period(year, quarter=q) for q in range(4, 0, -1)]
                           + [Period(year, month=m) for m in range(12, 0, -1)])
               if p.start <= today]
    current = [p for p in started if p.quarter and p.start <= today <= p.end]
    rest = [p for p in started if p not in current]
    return current + rest + [Period(year)]


def default_period(ind: Indicator, today: dt.date) -> Period:
    """The current quarter when it lies in the indicator's year, else the whole year."""
    if today.year == ind.year:
        return Period(today.year, quarter=(today.month - 1) // 3 + 1)
    return Period(ind.year)


def existed(unit: Unit | None, period: Period) -> bool:
    """True when the unit existed for some of the period (a commune formed on 1/7/2025 did
    not exist in 2022; a district abolished on 30/6/2025 did)."""
    return unit is None or ((unit.since is None or unit.since <= period.end)
                            and (unit.until is None or period.start <= unit.until))


def out_of_time(kb: KnowledgeBase, unit_id: str, among: list[Indicator]) -> bool:
    """True when the unit's level reports indicators of `among` but the unit existed in none
    of their years (a ward formed on 1/7/2025, under the 2022 plan): its official would have
    nothing to report, so no invite or grant is made for it."""
    unit = kb.units[unit_id]
    mine = reportable(kb, [unit_id], among)
    return bool(mine) and not any(existed(unit, Period(i.year)) for i in mine)


def check_period(ind: Indicator, period: Period, today: dt.date,
                 unit: Unit | None = None) -> None:
    """The period lies in the indicator's year, has started, and the reporting unit existed
    in it (an official's trial: a ward formed in 2025 reported 2022 figures, and /tiendo
    showed it reaching a 2022 target)."""
    if period.year != ind.year:
        raise InvalidPeriod(strings.reports.outside_year(ind.name, ind.year, period.label))
    if period.start > today:
        raise InvalidPeriod(strings.reports.not_started(period.label))
    if not existed(unit, period):
        assert unit is not None
        raise InvalidPeriod(strings.reports.unit_not_then(unit.name, unit.since, unit.until,
                                                          period.label))


CANCEL_WORDS = ("huy", "thoi", "dung", "dung lai", "cancel", "stop", "khong bao cao nua",
                "thoi khong bao cao nua", "huy bao cao", "thoi khong bao cao", "bo qua het")


def is_cancel(raw: str, as_typed: bool = False) -> bool:
    """“hủy”, “thôi”, “thôi không báo cáo nữa”… typed without a slash; `as_typed`: only the
    words that cannot mean anything else, accents as typed."""
    if as_typed:
        return vietnamese.cancels(raw)
    folded = vietnamese.normalise(raw)
    return folded in CANCEL_WORDS or folded.startswith(("thoi khong", "huy bao cao",
                                                        "khong bao cao nua"))


YES = {"co", "yes", "1", "dat", "da", "roi", "xong", "hoan thanh", "da hoan thanh", "true"}
NO = {"khong", "no", "0", "chua", "chua dat", "chua co", "chua xong", "false"}


# a number, its sign kept ("-40" is a negative value to refuse, not 40), not a digit inside a
# word or after a hyphen ("Q3-40", "2022-40")
_RANGE = re.compile(r"\d\s*[-–]\s*\d")
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.,\-−–])[-−–]?\d[\d.,]*(?:\s*%)?")


# "à nhầm, 58,5 chứ", "sai rồi, 58,5", "không phải, 58,5": a value said again, for a card
# waiting for ✅ (folded words; "chứ" only after the number)
_RETYPE = re.compile(vocabulary.RETYPE_CUES)
_RETYPE_ASKS = re.compile(vocabulary.RETYPE_ASKS)
RETYPE_WORDS = 8  # longer, it says more than a value said again
# the number of something else: "lộn đơn vị rồi, phường 5", "sai chỉ tiêu số 3", and a count:
# "số cũ sai do thiếu 3 xã" (a review: it became the value 3)
_OTHER_NUMBER = re.compile(r"\b(?:phuong|xa|quan|huyen|so|chi tieu|don vi|muc|lan|muc do)\s+\d|"
                           r"\d\s+(?:xa|phuong|quan|huyen|ho so|don vi|thu tuc|nguoi|ho|"
                           r"dich vu|so|ngay|thang|lan)\b")


def _says_again(raw: str) -> bool:
    """A short message that says it puts a mistake right ("à nhầm, …", "sai rồi, …", "…
    chứ"), read with its accents when it has them, and asks nothing."""
    folded = vietnamese.normalise(raw)
    typed = vietnamese.as_typed(raw).rstrip(" .!")
    return (len(folded.split()) <= RETYPE_WORDS and _RETYPE.search(typed) is not None
            and not _RETYPE_ASKS.search(typed) and "?" not in raw
            and not _OTHER_NUMBER.search(folded))


# a period said again ("nhầm, quý 2 chứ"): its number is no value
_PERIOD_WORD = re.compile(r"\b(?:quy|q|thang|t|ky|nam)\s*\d|\b(?:19|20)\d\d\b")


def retyped_value(raw: str) -> str | None:
    """The value of a short message that says a value again after a mistake ("à nhầm,
    58,5 chứ" -> "58,5"); None for anything else (no cue, no number or several, a period:
    "nhầm, quý 2 chứ" would have been 2 %: see `retyped_period`)."""
    if not _says_again(raw) or _PERIOD_WORD.search(vietnamese.normalise(raw)):
        return None
    return sole_number(raw)


def may_retype(raw: str) -> bool:
    """A short message that says something again after a mistake, with a figure in it: a
    value or a period (`retyped_value`, `retyped_period`)."""
    return _says_again(raw) and any(c.isdigit() for c in raw)


def typed_value(ind: Indicator, value: float) -> str:
    """A stored value as it may be typed again (`parse_value` reads it back exactly)."""
    if ind.unit == "bool":
        return "1" if value else "0"
    return format(value, "f").rstrip("0").rstrip(".").replace(".", ",")


def retyped_period(raw: str, year: int) -> Period | None:
    """The period of a short message that says a period again after a mistake ("nhầm, quý 2
    chứ", "sai kỳ, Q2/2022") in a plan's `year`; None for anything else (a value besides it
    says more than a period)."""
    if not _says_again(raw):
        return None
    folded = vietnamese.normalise(raw)
    words = re.sub(r"[,.;!?]+(?=\s|$)", " ", folded).split()
    for i in range(len(words)):
        period, rest = take_period(words[i:], year)
        if period is not None:
            others = words[:i] + rest
            return None if any(re.search(r"\d", w) for w in others) else period
    return None


def sole_number(raw: str) -> str | None:
    """The one number a sentence holds ("em nhập nhầm, là 35,5%" -> "35,5%"), for the step
    of the dialogue that asks for a value; None when it holds none or several ("quý 3 là
    53,5"), so nothing is guessed."""
    found = [m.group(0).rstrip(".,") for m in _NUMBER_IN_TEXT.finditer(raw)]
    if len(found) != 1 or _RANGE.search(raw):  # "40-45": two numbers, nothing guessed
        return None
    return found[0].replace("−", "-").replace("–", "-")


def parse_value(ind: Indicator, raw: str) -> float:
    """A value for this indicator, checked against its unit."""
    if ind.unit == "bool":
        folded = vietnamese.normalise(raw)
        if folded in YES:
            return 1.0
        if folded in NO:
            return 0.0
        raise InvalidValue(strings.reports.yes_or_no(ind.name))
    try:
        value, had_percent = vietnamese.parse_number(raw)
    except vietnamese.NumberError as exc:
        raise InvalidValue(strings.reports.not_a_number(raw[:30])) from exc
    if ind.unit == "percent":
        if not 0 <= value <= 100:
            raise InvalidValue(strings.reports.percent_range(raw[:30]))
    else:
        if had_percent:
            raise InvalidValue(strings.reports.count_with_percent(ind.name))
        if value < 0:
            raise InvalidValue(strings.reports.NEGATIVE_COUNT)
        if value != int(value):
            raise InvalidValue(strings.reports.FRACTIONAL_COUNT)
    return value


def may_report(ind: Indicator, unit_level: str) -> bool:
    """City-level targets are reported by the city and its departments; district and commune
    targets by units of that level."""
    if ind.level == "city":
        return unit_level in ("city", "department")
    return unit_level == ind.level


def reportable(kb: KnowledgeBase, unit_ids: list[str],
               among: list[Indicator] | None = None) -> list[Indicator]:
    """The indicators (of `among`, by default all) that units of these levels report."""
    levels = {kb.units[u].level for u in unit_ids if u in kb.units}
    pool = list(kb.indicators.values()) if among is None else among
    return [i for i in pool if any(may_report(i, lv) for lv in levels)]


def suggest_indicators(kb: KnowledgeBase, given: str, limit: int = 3,
                       among: list[Indicator] | None = None) -> list[str]:
    ids = [i.id for i in among] if among is not None else list(kb.indicators)
    hits = process.extract(given.lower(), ids, scorer=fuzz.WRatio, limit=limit,
                           score_cutoff=50)
    return [h[0] for h in hits]


def _name_numbers(ind: Indicator) -> set[str]:
    """The numbers an indicator's name or aliases hold ("mức độ 4", "5G")."""
    return {w for n in (ind.name, *ind.aliases) for w in vietnamese.normalise(n).split()
            if w.isdigit()}


def _is_number(word: str) -> bool:
    try:
        vietnamese.parse_number(word)
    except vietnamese.NumberError:
        return False
    return True


_ANY_YEAR = 2000  # to tell a period without its year ("quý 3", "T9") from other words
_BEFORE_VALUE = frozenset({"la", "=", ":", "dat"})  # "quý 3 là 18%", "quý 3 đạt 18%"


def _name_words(args: list[str]) -> tuple[list[str], list[str]]:
    """The words of a one-line report that name its indicator (those before the value or a
    period), and the words of a period typed right after them, if any."""
    for i, word in enumerate(args):
        if _is_number(word):  # a bare number is the value ("2050" may be a count)
            return list(args[:i]), []
        period, rest = take_period(args[i:], _ANY_YEAR)
        if period is not None and i:
            return list(args[:i]), list(args[i:len(args) - len(rest)])
    return list(args), []


_NOT = frozenset({"chua", "khong", "ko", "k"})


def _yes_no_words(lead: list[str]) -> int:
    """How many of the last words of a report's name part say yes or no ("chưa có": 2,
    "không": 1); a "chưa", "không" before them belongs to them, and makes a phrase that
    `parse_value` refuses unless it is one ("không có" asks again, never reads as "có")."""
    folded = [vietnamese.normalise(w) for w in lead]
    if len(lead) > 2 and (" ".join(folded[-2:]) in YES | NO or folded[-2] in _NOT):
        return 2
    if len(lead) > 1 and folded[-1] in YES | NO:
        return 1
    return 0


def _named_indicator(kb: KnowledgeBase, args: list[str], units: list[str]
                     ) -> tuple[Indicator, str, list[str]]:
    """`/baocao ho so thanh pho 40 quy 2`: the indicator named in words before the value,
    among those the person reports (indicator, value, the rest); UnknownIndicator with the
    likely ones otherwise (a Telegram trial was offered a district's and an unrelated
    indicator, not the one named)."""
    # the name, the period and the value read without the marks around them ("cáp quang
    # (quý 3): 60", a review); a note keeps its own
    clean = [w.strip(":,;()") for w in args]
    lead, period = _name_words(clean)
    n = len(lead) + len(period) + 1  # the name, the period and the value
    args = [w for w in clean[:n] if w] + args[n:]
    lead, period = _name_words(args)  # (a mark alone, "(", was a word)
    # ("dich vu 5g có quý 3": a yes or no before the period is the value, taken below)
    if period and not _yes_no_words(lead):
        # "cap quang 2022-Q3 60", "danh tinh so quy 3 nam 2022 la 18%": the period
        # typed before the value is the period (it was read as words of the name and lost, or
        # its quarter as the value), and "là" before the value is no word of the note
        after = args[len(lead) + len(period):]
        after = after[1:] if len(after) > 1 and vietnamese.fold(after[0]) in _BEFORE_VALUE \
            else after
        args = [*lead, *after[:1], *period, *after[1:]]
    pool = reportable(kb, units)
    said = _yes_no_words(lead)
    if said and "-" not in lead[0]:
        # "dien thoai thong minh không 2022": the yes or no of a yes/no indicator named in
        # words (a staff trial: "không" was read as a word of the name, "2022" as the value);
        # "chưa có", "không có" are two words (a review: "có" alone was saved as yes)
        named = find_indicators(kb, " ".join(lead[:-said]), pool)
        if len(named) == 1 and named[0].unit == "bool":
            return named[0], " ".join(lead[-said:]), list(args[len(lead):])
    # words, not a mistyped id ("ho-so-mang-huyn": the closest ids are offered, not taken)
    found = find_indicators(kb, " ".join(lead), pool) if lead and "-" not in lead[0] else []
    # a number of the name is no value: "dvc mức độ 4 90 quý 4" (a staff trial: "mức độ 4
    # quý 4" was saved as 4 %)
    numbers = _name_numbers(found[0]) if len(found) == 1 else set()
    while len(lead) < len(args) and args[len(lead)] in numbers:  # each number of it once
        numbers.discard(args[len(lead)])
        lead.append(args[len(lead)])
        if len(lead) == len(args) or not _is_number(args[len(lead)]):
            raise MissingArguments(strings.reports.value_missing(found[0].name))
    if len(found) == 1 and len(lead) < len(args):
        return found[0], args[len(lead)], list(args[len(lead) + 1:])
    given = " ".join(lead) or args[0]
    raise UnknownIndicator(given, [i.id for i in found][:3]
                           or suggest_indicators(kb, args[0].lower(), among=pool))


@dataclass(frozen=True)
class Draft:
    """A validated report waiting for the official's confirmation."""

    indicator_id: str
    unit_id: str
    period: str  # Period.key
    value: float
    note: str = ""


def parse_report(kb: KnowledgeBase, args: list[str], units: list[str], today: dt.date,
                 *, note_required: bool = False) -> Draft:
    """`<indicator> <value> [unit] [period] [note…]` for an official of `units` -> Draft.

    An admin passes every unit id. A note is whatever follows the recognised words.
    """
    if len(args) < 2:
        raise MissingArguments(strings.reports.MISSING_ARGUMENTS)
    ind_id, raw_value, rest = args[0].lower(), args[1], list(args[2:])
    ind = kb.indicators.get(ind_id)
    if ind is None:
        ind, raw_value, rest = _named_indicator(kb, args, units)
    if len(rest) and rest[0] in ("%", "％"):  # "87,5 %"
        raw_value, rest = raw_value + "%", rest[1:]
    value = parse_value(ind, raw_value)
    allowed = [u for u in units if u in kb.units and may_report(ind, kb.units[u].level)]
    unit_id = ""
    if rest and rest[0] in kb.units:
        unit_id = rest.pop(0)
        if unit_id not in allowed:
            raise NotAuthorised(strings.reports.not_for_unit(ind.name, kb.units[unit_id].name))
    elif len(allowed) == 1:
        unit_id = allowed[0]
    elif not allowed:
        raise NotAuthorised(strings.reports.not_your_level(ind.name, ind.level))
    else:
        raise ReportError(strings.reports.which_unit(allowed[:10]))
    period, rest = take_period(rest, ind.year)
    period = period or default_period(ind, today)
    check_period(ind, period, today, kb.units.get(unit_id))
    strict_note_start(rest, period)
    note = " ".join(rest).strip()
    if len(note) > MAX_NOTE:
        raise ReportError(strings.reports.note_too_long(MAX_NOTE))
    draft = Draft(ind.id, unit_id, period.key, value, note)
    if note_required and len(note) < MIN_REASON:
        exc = NeedsReason(strings.reports.reason_after_value(MIN_REASON))
        exc.draft = draft  # the correction typed, kept: the next message may be its reason
        raise exc
    return draft


_MISTYPED = re.compile(r"\d|/|^[^\W\d_]+(?:-[^\W\d_]+)+$")


def strict_note_start(rest: list[str], period: Period) -> None:
    """The note may not begin with what looks like a unit or a period that was not recognised
    ("2022/Q3", "0/2022", "quan-khong-co", a second number): that is an error with the usage
    line, never silently kept as a note. A note starts with a word."""
    if rest and _MISTYPED.search(rest[0]):
        raise UnrecognisedWord(strings.reports.not_understood(rest[0][:30], period.label))


def build_draft(kb: KnowledgeBase, indicator_id: str, raw_value: str, unit_id: str,
                period_key: str, note: str, units: list[str], today: dt.date,
                *, note_required: bool = False) -> Draft:
    """A report from the step-by-step dialog (each part already chosen) -> Draft, with the
    same checks as the one-line form."""
    ind = kb.indicators.get(indicator_id)
    if ind is None:
        raise UnknownIndicator(indicator_id, [])
    value = parse_value(ind, raw_value)
    allowed = [u for u in units if u in kb.units and may_report(ind, kb.units[u].level)]
    if unit_id not in allowed:
        raise NotAuthorised(strings.reports.not_this_unit(
            kb.units[unit_id].name if unit_id in kb.units else unit_id))
    period = parse_period(period_key, ind.year)
    check_period(ind, period, today, kb.units.get(unit_id))
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ReportError(strings.reports.note_too_long(MAX_NOTE))
    if note_required and len(note) < MIN_REASON:
        raise NeedsReason(strings.reports.reason_needed(MIN_REASON))
    return Draft(ind.id, unit_id, period.key, value, note)


def find_indicators(kb: KnowledgeBase, query: str, among: list[Indicator] | None = None,
                    limit: int = 5) -> list[Indicator]:
    """Indicators whose name, aliases or id match a few words ("hồ sơ xã"), best first."""
    pool = list(kb.indicators.values()) if among is None else among
    words = vietnamese.normalise(query).split()
    if not words:
        return []
    scored = []
    for ind in pool:
        names = [ind.id.replace("-", " "), ind.name, *ind.aliases]
        folded = [vietnamese.normalise(n) for n in names]
        hits = sum(any(w in n.split() for n in folded) for w in words)
        fuzzy = max(fuzz.token_set_ratio(" ".join(words), n) for n in folded)
        if hits == len(words) or fuzzy >= 80:
            scored.append((hits, fuzzy, ind))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    every_word = [ind for hits, _, ind in scored if hits == len(words)]
    if len(every_word) == 1:  # "kinh tế số GRDP": the one name holding every word typed
        return every_word
    return [ind for _, _, ind in scored[:limit]]


def check_change(ind: Indicator, value: float, previous: float | None, note: str) -> None:
    """A falling cumulative value, or a jump of more than half, needs a reason (the note)."""
    if previous is None or note.strip() or ind.unit == "bool":
        return
    if ind.cumulative and value < previous:
        raise NeedsReason(strings.reports.cumulative_fell(ind.name,
                                                          vietnamese.number(previous)))
    if previous and abs(value - previous) > JUMP * abs(previous):
        raise NeedsReason(strings.reports.jumped(vietnamese.number(previous),
                                                 vietnamese.number(value)))


# --- progress -----------------------------------------------------------------------------------


def reached(ind: Indicator, value: float) -> bool:
    if ind.unit == "bool":
        return value >= 1
    target = float(ind.target)
    return value > target if ind.comparator == ">" else value >= target


def percent_of_target(ind: Indicator, value: float) -> float:
    if ind.unit == "bool":
        return 100.0 if value >= 1 else 0.0
    target = float(ind.target)
    return 100.0 if target == 0 else value / target * 100


def bar(percent: float, width: int = 10) -> str:
    filled = max(0, min(width, round(percent / 100 * width)))
    return "▓" * filled + "░" * (width - filled)


def show_value(ind: Indicator, value: float) -> str:
    if ind.unit == "bool":
        return strings.reports.DONE if value >= 1 else strings.reports.NOT_DONE
    return vietnamese.number(value) + ("%" if ind.unit == "percent" else "")
