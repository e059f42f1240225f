"""Notifications, pure: what is due now, quiet hours, and the pace of sending.

Nothing here remembers anything: what is due is computed from the knowledge base and the clock
at every tick, and the unique keys in the database make each notification happen once. So a
restart, a missed tick or a late job neither loses nor repeats anything.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

from cdsbot import strings
from cdsbot.knowledge import KnowledgeBase, Milestone, NoticeSettings
from cdsbot.strings.citizen import milestone_date

# Telegram allows about 30 broadcast messages a second; we promise at most 25 in any second at
# the receiving end. Sends are spaced for 24.5 a second, and no 26 sends are ever closer than
# WINDOW: arrival jitter (network, the server's scheduling, a send written a little after it
# was counted) of up to 30 ms between two sends cannot put 26 messages into one second, and
# 10 000 messages still take under 7 minutes (about 24.1 a second).
SPACING_RATE = 24.5
WINDOW_LIMIT = 25
WINDOW = 1.03  # seconds that any WINDOW_LIMIT + 1 consecutive sends span at least
CATCH_UP = 0.005  # a send this much late does not move the schedule (timers fire late)
PER_CHAT_GAP = 1.0  # at most one message a second to one chat


@dataclass(frozen=True)
class Due:
    key: str
    kind: str
    title: str
    body: str


def deadline(m: Milestone) -> dt.date:
    """A month-precision milestone ("trong tháng 4/2022") falls due on the month's last day."""
    if m.precision != "month":
        return m.date
    nxt = dt.date(m.date.year + (m.date.month == 12), m.date.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def due(now: dt.datetime, kb: KnowledgeBase) -> list[Due]:
    """Milestone reminders due at local time `now`.

    A reminder `d` days before a milestone is due from its send time that day until the end of
    that day: a tick missed by a few hours still sends it, a reminder whose day has passed is
    not sent late (the next one, or the day itself, still comes).
    """
    settings = kb.notices
    out = []
    for m in kb.milestones:
        if not m.notify:
            continue
        day = deadline(m)
        for d in settings.days_before:
            send_day = day - dt.timedelta(days=d)
            if now.date() == send_day and now.time() >= settings.send_at:
                title = strings.notices.milestone_title(milestone_date(m), d, m.title)
                out.append(Due(f"milestone:{m.id}:{d}", "milestone", title, m.text))
    return out


def quiet(now: dt.datetime, settings: NoticeSettings) -> bool:
    """Inside quiet hours (which may wrap midnight, e.g. 21:00–07:00)."""
    t, start, end = now.time(), settings.quiet_from, settings.quiet_until
    if start == end:
        return False
    return start <= t or t < end if start > end else start <= t < end


def delivery_time(now: dt.datetime, settings: NoticeSettings, urgent: bool
                  ) -> dt.datetime | None:
    """When a notification queued at local time `now` starts going out: None for at once,
    else the end of the quiet hours (today's or tomorrow's)."""
    if urgent or not quiet(now, settings):
        return None
    at = now.replace(hour=settings.quiet_until.hour, minute=settings.quiet_until.minute,
                     second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


@dataclass
class Pacer:
    """Sends spaced evenly at `rate` a second (no start-up burst), never WINDOW_LIMIT + 1 of
    them within WINDOW, and at most one send a second to one chat."""

    rate: float = SPACING_RATE
    chat_gap: float = PER_CHAT_GAP
    next_at: float = 0.0
    last_by_chat: dict[int, float] = field(default_factory=dict)
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=WINDOW_LIMIT))

    @property
    def spacing(self) -> float:
        return 0.0 if self.rate <= 0 else 1.0 / self.rate

    def wait_for(self, chat_id: int, now: float) -> float:
        """Seconds to wait before sending to chat_id at monotonic time `now`."""
        at = max(self.next_at, self.last_by_chat.get(chat_id, -1e9) + self.chat_gap)
        if self.rate > 0 and len(self.recent) == WINDOW_LIMIT:
            at = max(at, self.recent[0] + WINDOW)
        return max(0.0, at - now)

    def sent(self, chat_id: int, at: float) -> None:
        self.next_at = max(self.next_at, at - CATCH_UP) + self.spacing
        self.recent.append(at)
        self.last_by_chat[chat_id] = at
        if len(self.last_by_chat) > 50_000:
            cutoff = at - self.chat_gap
            self.last_by_chat = {c: t for c, t in self.last_by_chat.items() if t >= cutoff}
