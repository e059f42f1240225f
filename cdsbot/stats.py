"""Usage statistics for administrators (/thongke, `python bot.py stats`) and the weekly chart."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cdsbot import charts, strings
from cdsbot.knowledge import KnowledgeBase
from cdsbot.storage import Storage

STATUSES = ("answer", "suggest", "none")
DAYS = 7  # the statistics cover the last week, today included


@dataclass
class Stats:
    since: dt.date
    per_day: dict[str, Counter[str]] = field(default_factory=dict)  # day -> status -> n
    top_entries: list[tuple[str, int]] = field(default_factory=list)
    ratings: list[tuple[str, int, int]] = field(default_factory=list)  # entry, 👍, 👎
    reports: list[tuple[str, str, int]] = field(default_factory=list)  # unit, indicator, n
    subscribers: dict[str, int] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for day in self.per_day.values():
            total.update(day)
        return total


def gather(storage: Storage, today: dt.date, days: int = DAYS) -> Stats:
    since = today - dt.timedelta(days=days - 1)
    stats = Stats(since)
    entries: Counter[str] = Counter()
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for day, status, entry_id, n in storage.learning.question_stats(since):
        per_day[day][status] += n
        if status == "answer" and entry_id:
            entries[entry_id] += n
    stats.per_day = {(since + dt.timedelta(days=i)).isoformat():
                     per_day.get((since + dt.timedelta(days=i)).isoformat(), Counter())
                     for i in range(days)}
    stats.top_entries = entries.most_common(5)
    stats.ratings = storage.learning.rating_summary(5)
    stats.reports = storage.reports.active_counts(10)
    stats.subscribers = storage.notices.subscriber_counts()
    stats.deliveries = storage.notices.delivery_counts()
    return stats


def _short(name: str, limit: int = 50) -> str:
    """A long indicator name cut at a word, for one line of the statistics."""
    return name if len(name) <= limit else name[:limit - 1].rsplit(" ", 1)[0] + "…"


def render(stats: Stats, kb: KnowledgeBase) -> str:
    """Plain text (the CLI prints it; the bot escapes it into HTML)."""
    total = stats.totals
    asked = sum(total.values())

    def share(status: str) -> str:
        return f"{total[status] / asked * 100:.0f}%" if asked else "–"

    lines = [strings.stats.heading(stats.since, len(stats.per_day)),
             strings.stats.questions(asked, share("answer"), share("suggest"), share("none")),
             strings.stats.PER_DAY]
    lines += [f"  {day[8:10]}/{day[5:7]}: {sum(c.values())}" for day, c in stats.per_day.items()]

    def title(entry_id: str) -> str:
        entry = kb.entries.get(entry_id)
        return entry.title if entry else entry_id

    if stats.top_entries:
        lines.append(strings.stats.TOP_ENTRIES)
        lines += [f"  {title(e)}: {n}" for e, n in stats.top_entries]
    if stats.ratings:
        lines.append(strings.stats.RATINGS)
        lines += [f"  {title(e)}: {up}/{down}" for e, up, down in stats.ratings]
    if stats.reports:
        lines.append(strings.stats.REPORTS)
        lines += [f"  {kb.units[u].name if u in kb.units else u} · "  # names, not ids
                  f"{_short(kb.indicators[i].name) if i in kb.indicators else i}: {n}"
                  for u, i, n in stats.reports]
    s = stats.subscribers
    lines.append(strings.stats.subscribers(s.get("active", 0), s.get("milestones", 0),
                                           s.get("achievements", 0), s.get("announcements", 0)))
    d = stats.deliveries
    lines.append(strings.stats.deliveries(d.get("sent", 0), d.get("blocked", 0),
                                          d.get("failed", 0),
                                          d.get("pending", 0) + d.get("sending", 0)))
    return "\n".join(lines)


def weekly_png(stats: Stats) -> bytes:
    """Stacked bars of questions per day by outcome."""
    plt = charts.pyplot()
    days = list(stats.per_day)
    labels = [f"{d[8:10]}/{d[5:7]}" for d in days]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=150)
    try:
        bottom = [0] * len(days)
        colours = {"answer": "#2e7d32", "suggest": "#f9a825", "none": "#c62828"}
        for status in STATUSES:
            values = [stats.per_day[d][status] for d in days]
            ax.bar(labels, values, bottom=bottom, color=colours[status],
                   label=strings.stats.OUTCOMES[status])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_title(strings.stats.WEEKLY_TITLE, fontsize=12, fontweight="bold")
        ax.yaxis.get_major_locator().set_params(integer=True)  # counts: no "0.25" tick
        ax.legend(fontsize=9)
        return charts.png(fig, ax)
    finally:
        plt.close(fig)
