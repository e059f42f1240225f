"""Load and validate knowledge/ into an immutable KnowledgeBase.

Every problem is reported as `file:line: message` (in Vietnamese, for the editors); loading
collects all of them before failing, so one `python bot.py check` run lists everything to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdsbot import schema, strings, yamlfile
from cdsbot.english import words as english_words
from cdsbot.schema import (
    COVERAGE_SPEC,
    ENGLISH_SPEC,
    ENTRY_SPEC,
    INDICATOR_SPEC,
    MILESTONE_SPEC,
    NOTIFICATION_SPEC,
    PILLAR_SPEC,
    PLAN_INDICATOR_SPEC,
    PLAN_SPEC,
    PLAN_YEAR_SPEC,
    REFERRAL_SPEC,
    REMINDER_SPEC,
    SOURCE_SPEC,
    SYNONYM_SPEC,
    UNIT_SPEC,
)
from cdsbot.strings import indicators as indicators_text
from cdsbot.strings.citizen import TELEGRAM_LIMIT
from cdsbot.yamlfile import LineDict, LineList

MAX_ANSWER_CHARS = 3500  # leaves room for the title, the source line and the date under 4096
MAX_ANSWER_WORDS = 90  # the first message is read in a chat: about 80 words, details in `more`


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    file: str
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Entry:
    """Anything the answer engine can answer with."""

    id: str
    kind: str  # faq | service | indicator
    topic: str
    title: str
    phrasings: tuple[str, ...]
    answer: str
    sources: tuple[str, ...]
    as_of: str
    file: str = ""
    line: int = 0
    more: str = ""  # details behind "Xem thêm"
    aspects: tuple[str, ...] = ()  # kinds of fact the answer states (see aspects.py)
    covers: tuple[str, ...] = ()  # entries whose question this answer answers too


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    aliases: tuple[str, ...]
    pillar: str
    unit: str  # percent | count | bool
    comparator: str
    target: float | bool
    level: str
    year: int
    source: str
    quote: str
    cumulative: bool = False
    note: str = ""

    @property
    def per_unit(self) -> bool:
        """A district's or commune's target: reached by each reporting unit, not the city."""
        return self.level != "city"


@dataclass(frozen=True)
class Milestone:
    id: str
    date: dt.date
    precision: str  # day | month
    title: str
    text: str
    source: str
    notify: bool = True


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    level: str
    source: str
    aliases: tuple[str, ...] = ()
    since: dt.date | None = None  # None: since before the first plan
    until: dt.date | None = None  # None: still exists

    def exists_on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until)


@dataclass(frozen=True)
class PlanYear:
    """One plan by year: the base plan (plan.yaml + indicators.yaml) or one in plans/."""

    id: str
    title: str
    year: int
    source: str
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    number: str
    title: str
    date: dt.date
    issuer: str
    legal_basis: tuple[str, ...]
    purpose: str
    pillars: tuple[Pillar, ...]
    task_groups: tuple[str, ...]
    lead_agency: str
    lead_duties: str
    units_plan_deadline: str
    source: str
    as_of: str


@dataclass(frozen=True)
class Referral:
    """Who can help with a subject the bot has no answer for (from the sources)."""

    subject: str
    terms: tuple[str, ...]  # words that show a question is about this subject
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """Where a fact section of shared/sources is answered: entries, or why it is not."""

    section: str  # A1, B5, U1 … as headed in the fact file
    file: str  # facts.md | facts-2026.md
    entries: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    entry_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reminders:
    days_before: tuple[int, ...] = (7, 1)
    at: dt.time = dt.time(8, 0)


@dataclass(frozen=True)
class NoticeSettings:
    days_before: tuple[int, ...] = (7, 1, 0)
    send_at: dt.time = dt.time(8, 0)
    quiet_from: dt.time = dt.time(21, 0)
    quiet_until: dt.time = dt.time(7, 0)


def _time(text: str) -> dt.time:
    hour, minute = map(int, text.split(":"))
    return dt.time(hour, minute)


@dataclass(frozen=True)
class KnowledgeBase:
    plan: Plan
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    entries: dict[str, Entry]
    topics: dict[str, Topic]
    milestones: tuple[Milestone, ...]
    units: dict[str, Unit]
    synonyms: tuple[tuple[str, str], ...]  # (abbreviation or slang, meaning), raw text
    other_places: tuple[str, ...]
    reminders: Reminders = Reminders()
    notices: NoticeSettings = NoticeSettings()
    referrals: tuple[Referral, ...] = ()  # who can help, by subject, when the bot cannot
    coverage: tuple[Coverage, ...] = ()  # fact sections of the sources -> entries or a reason
    plans: tuple[PlanYear, ...] = ()  # by year, oldest first
    english: tuple[tuple[str, str], ...] = ()  # (English phrase, the Vietnamese read for it)

    def plan_in_force(self, today: dt.date) -> PlanYear:
        """The latest plan whose year has begun (the earliest one before any began)."""
        begun = [p for p in self.plans if p.year <= today.year]
        return begun[-1] if begun else self.plans[0]

    def plan_of_year(self, year: int) -> PlanYear | None:
        return next((p for p in reversed(self.plans) if p.year == year), None)

    def indicators_of(self, plan: PlanYear) -> list[Indicator]:
        return [self.indicators[i] for i in plan.indicator_ids if i in self.indicators]

    def units_on(self, day: dt.date) -> list[Unit]:
        """The units that exist on `day` (a unit merged away keeps its history)."""
        return [u for u in self.units.values() if u.exists_on(day)]

    def source_line(self, source_ids: Iterable[str]) -> list[Source]:
        return [self.sources[s] for s in source_ids if s in self.sources]


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` are `file:line: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(strings.knowledge.problems(len(problems)))
        self.problems = problems


@dataclass
class _Checker:
    root: Path
    problems: list[str] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        try:
            name = path.relative_to(self.root.parent)
        except ValueError:
            name = path
        self.problems.append(f"{name}:{line}: {message}")

    def load(self, path: Path, required: bool = True) -> Any:
        if not path.exists():
            if required:
                self.add(path, 1, strings.knowledge.MISSING_FILE)
            return None
        try:
            data, duplicates = yamlfile.load(path)
        except yamlfile.YamlProblem as exc:
            self.add(path, exc.line, exc.message)
            return None
        for line, key in duplicates:
            self.add(path, line, strings.knowledge.duplicate_key(key))
        return data

    def fields(
        self, path: Path, item: Any, spec: schema.Spec,
        what: str,
    ) -> LineDict | None:
        """Check a mapping against {field: (checker, required)}; return it if usable."""
        if not isinstance(item, LineDict):
            line = getattr(item, "line", 1)
            self.add(path, line, strings.knowledge.not_mapping(what))
            return None
        ok = True
        for key in item:
            if key not in spec:
                self.add(path, item.line_of(key), strings.knowledge.unknown_field(key, what, spec))
                ok = False
        for key, (check, required) in spec.items():
            if key not in item:
                if required:
                    self.add(path, item.line, strings.knowledge.missing_field(what, key))
                    ok = False
                continue
            message = check(item[key])
            if message:
                self.add(path, item.line_of(key), strings.knowledge.bad_field(key, message))
                ok = False
        return item if ok else None


def _items(
    ck: _Checker, path: Path, data: Any, key: str, extra: tuple[str, ...] = ()
) -> list[Any]:
    """The list under `key` of a top-level mapping (other allowed keys: `extra`)."""
    if data is None:
        return []
    if not isinstance(data, LineDict) or key not in data:
        ck.add(path, getattr(data, "line", 1), strings.knowledge.needs_list(key))
        return []
    items = data[key]
    if not isinstance(items, LineList):
        ck.add(path, data.line_of(key), strings.knowledge.not_list(key))
        return []
    for other in data:
        if other != key and other not in extra:
            ck.add(path, data.line_of(other), strings.knowledge.unknown_top_key(other))
    return list(items)


def _source_ids(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


class _Loader:
    """One pass over knowledge/: parse every file, collect every problem, then cross-check."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ck = _Checker(root)
        self.id_lines: dict[str, str] = {}  # entry/indicator id -> where first defined
        self.refs: list[tuple[Path, int, str, str]] = []  # (file, line, kind, id) to resolve
        self.unreadable: set[str] = set()  # kinds whose defining file could not be parsed

    def claim_id(self, path: Path, line: int, ident: str, space: str) -> bool:
        key = f"{space}:{ident}"
        if key in self.id_lines:
            self.ck.add(path, line, strings.knowledge.duplicate_id(ident, self.id_lines[key]))
            return False
        self.id_lines[key] = f"{path.name}:{line}"
        return True

    def ref(self, path: Path, line: int, kind: str, ident: str) -> None:
        self.refs.append((path, line, kind, ident))

    def sources(self) -> dict[str, Source]:
        path = self.root / "sources.yaml"
        result: dict[str, Source] = {}
        data = self.ck.load(path)
        if data is None:
            self.unreadable.add("source")
        for item in _items(self.ck, path, data, "sources"):
            item = self.ck.fields(path, item, SOURCE_SPEC, strings.knowledge.SOURCE)
            if item and self.claim_id(path, item.line, item["id"], "source"):
                result[item["id"]] = Source(item["id"], item["title"], item["file"],
                                            item.get("url", ""), item.get("date", ""))
        return result

    def plan(self) -> Plan | None:
        path = self.root / "plan.yaml"
        data = self.ck.load(path)
        if data is None:
            self.unreadable.add("pillar")
            return None
        item = self.ck.fields(path, data, PLAN_SPEC, strings.knowledge.PLAN)
        pillars: list[Pillar] = []
        raw = data.get("pillars") if isinstance(data, LineDict) else None
        if isinstance(raw, LineList):
            for p in raw:
                p = self.ck.fields(path, p, PILLAR_SPEC, strings.knowledge.PILLAR)
                if p and self.claim_id(path, p.line, p["id"], "pillar"):
                    pillars.append(Pillar(p["id"], p["name"], tuple(p.get("aliases", ()))))
        elif isinstance(data, LineDict) and "pillars" in data:
            self.ck.add(path, data.line_of("pillars"), strings.knowledge.PILLARS_NOT_LIST)
        if not item or isinstance(item["date"], str):
            return None
        self.ref(path, item.line_of("source"), "source", item["source"])
        return Plan(item["number"], item["title"], item["date"], item["issuer"],
                    tuple(item["legal_basis"]), item["purpose"], tuple(pillars),
                    tuple(item["task_groups"]), item["lead_agency"], item["lead_duties"],
                    item["units_plan_deadline"], item["source"], item["as_of"])

    def indicators(self) -> dict[str, Indicator]:
        path = self.root / "indicators.yaml"
        result: dict[str, Indicator] = {}
        for item in _items(self.ck, path, self.ck.load(path), "indicators"):
            ind = self.indicator(path, item, INDICATOR_SPEC, None)
            if ind is not None:
                result[ind.id] = ind
        return result

    def indicator(self, path: Path, item: Any, spec: schema.Spec,
                  year: int | None) -> Indicator | None:
        """One indicator; in a plan file `year` is the plan's (the field may be left out)."""
        item = self.ck.fields(path, item, spec, strings.knowledge.INDICATOR)
        if not item:
            return None
        problem = schema.target_problem(item["unit"], item["comparator"], item["target"])
        if problem:
            self.ck.add(path, item.line_of("target"), problem)
            return None
        if year is not None and item.get("year", year) != year:
            self.ck.add(path, item.line_of("year"), strings.knowledge.wrong_year(year))
            return None
        if not self.claim_id(path, item.line, item["id"], "entry"):
            return None
        self.ref(path, item.line_of("pillar"), "pillar", item["pillar"])
        self.ref(path, item.line_of("source"), "source", item["source"])
        target = item["target"] if item["unit"] == "bool" else float(item["target"])
        return Indicator(
            item["id"], item["name"], tuple(item["aliases"]), item["pillar"], item["unit"],
            item["comparator"], target, item["level"], item.get("year", year), item["source"],
            item["quote"], item.get("cumulative", False), item.get("note", ""))

    def plans(self, indicators: dict[str, Indicator], units: dict[str, Unit]
              ) -> list[PlanYear]:
        """knowledge/plans/*.yaml (optional): later plans with their indicators and units,
        added to `indicators` and `units`."""
        folder = self.root / "plans"
        found: list[PlanYear] = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = self.ck.load(path)
            item = self.ck.fields(path, data, PLAN_YEAR_SPEC, strings.knowledge.PLAN_YEAR)
            valid = item is not None
            if item is None and isinstance(data, LineDict) and not isinstance(
                    data.get("year"), bool) and isinstance(data.get("year"), int):
                item = data  # still check its indicators and units, so one run lists all
            if item is None or (valid and not self.claim_id(path, item.line, item["id"],
                                                            "plan")):
                continue
            if valid:
                self.ref(path, item.line_of("source"), "source", item["source"])
            ids = []
            raw = item.get("indicators")
            if (not isinstance(raw, LineList) or not raw) and "indicators" in item:
                self.ck.add(path, item.line_of("indicators"),
                            strings.knowledge.INDICATORS_NOT_LIST)
            for entry in raw if isinstance(raw, LineList) else []:
                ind = self.indicator(path, entry, PLAN_INDICATOR_SPEC, item["year"])
                if ind is not None:
                    indicators[ind.id] = ind
                    ids.append(ind.id)
            extra = item.get("units", [])
            if not isinstance(extra, LineList) and extra != []:
                self.ck.add(path, item.line_of("units"), strings.knowledge.UNITS_NOT_LIST)
                extra = []
            for entry in extra:
                unit = self.unit(path, entry)
                if unit is not None:
                    units[unit.id] = unit
            if valid:
                found.append(PlanYear(item["id"], item["title"], item["year"], item["source"],
                                      tuple(ids)))
        return found

    def entries(self, path: Path, kind: str, topic_key: str | None) -> tuple[Topic, list[Entry]]:
        data = self.ck.load(path)
        if data is None:
            self.unreadable.add("entry")  # do not report references to its ids as unknown
        topic_id, title = topic_key or path.stem, path.stem
        if isinstance(data, LineDict) and kind == "faq":
            for key in ("topic", "title"):
                if key not in data:
                    self.ck.add(path, data.line, strings.knowledge.topic_missing(key))
                elif schema.check_str(data[key]):
                    self.ck.add(path, data.line_of(key), strings.knowledge.bad_field(
                        key, strings.knowledge.NEEDS_STRING))
            if not schema.check_id(data.get("topic")):
                topic_id = data["topic"]
            title = data.get("title", title) if isinstance(data.get("title"), str) else title
        elif isinstance(data, LineDict) and "title" in data:
            title = data["title"] if isinstance(data["title"], str) else title
        result: list[Entry] = []
        for item in _items(self.ck, path, data, "entries", ("topic", "title")):
            item = self.ck.fields(path, item, ENTRY_SPEC, strings.knowledge.ENTRY)
            if not item or not self.claim_id(path, item.line, item["id"], "entry"):
                continue
            if len(item["answer"]) > MAX_ANSWER_CHARS:
                self.ck.add(path, item.line_of("answer"),
                            strings.knowledge.answer_chars(len(item["answer"]), MAX_ANSWER_CHARS,
                                                         TELEGRAM_LIMIT))
                continue
            words = len(item["answer"].split())
            if words > MAX_ANSWER_WORDS:
                self.ck.add(path, item.line_of("answer"),
                            strings.knowledge.answer_words(words, MAX_ANSWER_WORDS))
                continue
            sources = _source_ids(item["source"])
            for s in sources:
                self.ref(path, item.line_of("source"), "source", s)
            covers = tuple(item.get("covers", ()))
            for other in covers:
                self.ref(path, item.line_of("covers"), "entry", other)
            result.append(Entry(
                item["id"], kind, topic_id, item.get("title", item["question"]),
                (item["question"], *item["phrasings"]), item["answer"].strip(), sources,
                item.get("as_of", ""), str(path.relative_to(self.root.parent)), item.line,
                item.get("more", "").strip(), tuple(item.get("aspects", ())), covers))
        return Topic(topic_id, title, tuple(e.id for e in result)), result

    def milestones(self) -> list[Milestone]:
        path = self.root / "milestones.yaml"
        result: list[Milestone] = []
        for item in _items(self.ck, path, self.ck.load(path), "milestones"):
            item = self.ck.fields(path, item, MILESTONE_SPEC, strings.knowledge.MILESTONE)
            if not item or not self.claim_id(path, item.line, item["id"], "milestone"):
                continue
            self.ref(path, item.line_of("source"), "source", item["source"])
            date, precision = item["date"], "day"
            if isinstance(date, str):
                try:
                    date, precision = dt.date.fromisoformat(date + "-01"), "month"
                except ValueError:
                    self.ck.add(path, item.line_of("date"), strings.knowledge.BAD_MONTH)
                    continue
            result.append(Milestone(item["id"], date, precision, item["title"], item["text"],
                                    item["source"], item.get("notify", True)))
        return sorted(result, key=lambda m: m.date)

    def units(self) -> dict[str, Unit]:
        path = self.root / "units.yaml"
        result: dict[str, Unit] = {}
        for item in _items(self.ck, path, self.ck.load(path), "units"):
            unit = self.unit(path, item)
            if unit is not None:
                result[unit.id] = unit
        return result

    def unit(self, path: Path, item: Any) -> Unit | None:
        item = self.ck.fields(path, item, UNIT_SPEC, strings.knowledge.UNIT)
        if not item or not self.claim_id(path, item.line, item["id"], "unit"):
            return None
        self.ref(path, item.line_of("source"), "source", item["source"])
        since, until = item.get("since"), item.get("until")
        if isinstance(since, str) or isinstance(until, str):
            self.ck.add(path, item.line, strings.knowledge.UNIT_DATES)
            return None
        return Unit(item["id"], item["name"], item["level"], item["source"],
                    tuple(item.get("aliases", ())), since, until)

    def synonyms(self) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]:
        """(synonyms, other places, the English glossary) of synonyms.yaml."""
        path = self.root / "synonyms.yaml"
        data = self.ck.load(path)
        pairs: list[tuple[str, str]] = []
        for item in _items(self.ck, path, data, "synonyms", ("other_places", "english")):
            item = self.ck.fields(path, item, SYNONYM_SPEC, strings.knowledge.SYNONYM)
            if item:
                pairs.extend((term, item["means"]) for term in item["terms"])
        english: list[tuple[str, str]] = []
        if isinstance(data, LineDict) and "english" in data:
            found = data["english"]
            if not isinstance(found, LineList):
                self.ck.add(path, data.line_of("english"), strings.knowledge.not_list("english"))
                found = []
            # a term read as another with a different meaning: the later would silently win
            seen: dict[str, tuple[int, str]] = {}
            for item in found:
                item = self.ck.fields(path, item, ENGLISH_SPEC, strings.knowledge.ENGLISH)
                if not item:
                    continue
                for term in item["terms"]:
                    key = " ".join(english_words(term))
                    line, means = seen.setdefault(key, (item.line, item["means"]))
                    if means != item["means"]:
                        self.ck.add(path, item.line,
                                    strings.knowledge.duplicate_english(term, line))
                    english.append((term, item["means"]))
        places: list[str] = []
        if isinstance(data, LineDict) and "other_places" in data:
            if schema.check_strs(data["other_places"]):
                self.ck.add(path, data.line_of("other_places"), strings.knowledge.NEEDS_STRINGS)
            else:
                places = list(data["other_places"])
        return pairs, places, english

    def referrals(self) -> list[Referral]:
        """referrals.yaml (optional): who can help, by subject; the first is the default."""
        path = self.root / "referrals.yaml"
        data = self.ck.load(path, required=False)
        if data is None:
            return []
        result: list[Referral] = []
        for item in _items(self.ck, path, data, "referrals"):
            item = self.ck.fields(path, item, REFERRAL_SPEC, strings.knowledge.REFERRAL)
            if not item:
                continue
            sources = _source_ids(item["source"])
            for s in sources:
                self.ref(path, item.line_of("source"), "source", s)
            result.append(Referral(item["subject"], tuple(item["terms"]),
                                   item["text"].strip(), sources))
        return result

    def coverage(self) -> list[Coverage]:
        """coverage.yaml (optional): every fact section maps to entries or gives a reason.

        Only the form is checked here (the deployed bot has no shared/sources); the entry ids
        are resolved in load(), and tests/test_coverage.py holds it against the fact files."""
        path = self.root / "coverage.yaml"
        data = self.ck.load(path, required=False)
        result: list[Coverage] = []
        if data is None:
            return result
        seen: set[tuple[str, str]] = set()
        for item in _items(self.ck, path, data, "sections"):
            item = self.ck.fields(path, item, COVERAGE_SPEC, strings.knowledge.COVERAGE)
            if not item:
                continue
            key = (item["file"], item["section"])
            if key in seen:
                self.ck.add(path, item.line, strings.knowledge.coverage_repeated(
                    item["section"], item["file"]))
                continue
            seen.add(key)
            if "entries" not in item and "reason" not in item:
                self.ck.add(path, item.line,
                            strings.knowledge.coverage_empty(item["section"]))
                continue
            entries = tuple(item.get("entries", ()))
            for ident in entries:
                self.ref(path, item.line_of("entries"), "entry", ident)
            result.append(Coverage(item["section"], item["file"], entries,
                                   item.get("reason", "")))
        return result

    def settings(self, name: str, spec: schema.Spec, what: str) -> LineDict | None:
        """An optional settings file: None (defaults apply) when absent or invalid (the
        problems are recorded)."""
        path = self.root / name
        data = self.ck.load(path, required=False)
        return None if data is None else self.ck.fields(path, data, spec, what)

    def reminders(self) -> Reminders:
        item = self.settings("reporting.yaml", REMINDER_SPEC, strings.knowledge.REMINDERS)
        if not item:
            return Reminders()
        days = tuple(sorted(set(item["remind_days_before_close"]), reverse=True))
        return Reminders(days, _time(item["remind_at"]))

    def notices(self) -> NoticeSettings:
        item = self.settings("notifications.yaml", NOTIFICATION_SPEC, strings.knowledge.NOTICES)
        if not item:
            return NoticeSettings()
        days = tuple(sorted(set(item["milestone_days_before"]), reverse=True))
        start, end = item["quiet_hours"]
        return NoticeSettings(days, _time(item["send_at"]), _time(start), _time(end))

    def resolve(self, known: dict[str, Iterable[str]]) -> None:
        for path, line, kind, ident in self.refs:
            if kind not in self.unreadable and ident not in known[kind]:
                self.ck.add(path, line, strings.knowledge.undeclared(kind, ident))


def load(root: Path) -> KnowledgeBase:
    """Load knowledge/ or raise KnowledgeError listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeError([strings.knowledge.no_folder(root)])
    ld = _Loader(root)
    sources = ld.sources()
    plan = ld.plan()
    indicators = ld.indicators()
    topics: dict[str, Topic] = {}
    entries: dict[str, Entry] = {}
    service_topic, services = ld.entries(root / "services.yaml", "service", "services")
    topics[service_topic.id] = service_topic
    faq_files = sorted((root / "faq").glob("*.yaml")) if (root / "faq").is_dir() else []
    if not faq_files:
        ld.ck.add(root / "faq", 1, strings.knowledge.NO_FAQ)
    all_entries = list(services)
    for path in faq_files:
        topic, found = ld.entries(path, "faq", None)
        if topic.id in topics:
            ld.ck.add(path, 1, strings.knowledge.duplicate_topic(topic.id))
        topics[topic.id] = topic
        all_entries.extend(found)
    milestones = ld.milestones()
    units = ld.units()
    later_plans = ld.plans(indicators, units)
    synonyms, places, english = ld.synonyms()
    reminders = ld.reminders()
    notices = ld.notices()
    referrals = ld.referrals()
    coverage = ld.coverage()
    ld.resolve({"source": sources, "pillar": {p.id for p in plan.pillars} if plan else (),
                "entry": {e.id for e in all_entries} | set(indicators)})
    if ld.ck.problems or plan is None:
        raise KnowledgeError(ld.ck.problems or [strings.knowledge.PLAN_INVALID])
    for entry in all_entries:
        entries[entry.id] = entry
    pillar_names = {p.id: p for p in plan.pillars}
    for ind in indicators.values():
        pillar = pillar_names[ind.pillar]
        entries[ind.id] = Entry(
            ind.id, "indicator", "goals", ind.name,
            indicators_text.phrasings(ind.name, ind.aliases),
            indicators_text.answer(ind.year, pillar.name, ind.level,
                                   indicators_text.target_text(ind.unit, ind.comparator,
                                                               ind.target),
                                   ind.quote, ind.note),
            (ind.source,), plan.as_of,
            "knowledge/indicators.yaml", 0)
    topics["goals"] = Topic("goals", indicators_text.GOALS_TOPIC, tuple(indicators))
    later = {i for p in later_plans for i in p.indicator_ids}
    base = PlanYear("base", plan.title, plan.date.year, plan.source,
                    tuple(i for i in indicators if i not in later))
    plans = tuple(sorted([base, *later_plans], key=lambda p: p.year))
    return KnowledgeBase(plan, sources, indicators, entries, topics, tuple(milestones), units,
                         tuple(synonyms), tuple(places), reminders, notices,
                         tuple(referrals), tuple(coverage), plans, tuple(english))


def check(root: Path) -> tuple[KnowledgeBase | None, list[str]]:
    """(kb, []) when valid, (None, problems) when not."""
    try:
        return load(root), []
    except KnowledgeError as exc:
        return None, exc.problems
