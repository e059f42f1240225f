"""Audit events and notices, typed: one small dataclass per kind (as datasette's events.py).

An event is one audit row: `action` (what was done: the name its label in strings.office.ACTIONS
is found by, so rows written before these classes still display), `target`, `outcome` and the
rest of its fields as the row's detail. A notice is what is queued to people (its key makes it
at most once). Storage writes both; nothing else builds their rows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Event:
    """An audit row; subclasses name their `action` and add their detail fields."""

    action: ClassVar[str] = ""
    outcome: ClassVar[str] = "ok"
    target: str = ""

    def detail(self) -> dict[str, object]:
        """The fields other than the target, those with a value (the row's JSON detail)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name not in ("target", "of") and getattr(self, f.name) is not None}


@dataclass(frozen=True)
class Refused(Event):
    """Someone was refused `of` (an action of cdsbot.permissions), and why (as told them)."""

    outcome: ClassVar[str] = "denied"
    of: str = ""
    reason: str = ""
    pending: int | None = None

    @property
    def action(self) -> str:  # type: ignore[override]
        return self.of


@dataclass(frozen=True)
class Invalid(Event):
    """`of` was tried with what cannot be accepted (a report, an invite code, a draft)."""

    outcome: ClassVar[str] = "invalid"
    of: str = ""
    error: str | None = None
    state: str | None = None

    @property
    def action(self) -> str:  # type: ignore[override]
        return self.of


@dataclass(frozen=True)
class Exported(Event):
    """Data went out (`target`: what): in chat, or from the command line, where there is no
    Telegram actor and `os_user` says who ran it on the server."""

    action: ClassVar[str] = "export"
    bytes: int = 0
    os_user: str | None = None


@dataclass(frozen=True)
class BackedUp(Event):
    """`python bot.py backup PATH` (`target`) wrote a sound copy of the database."""

    action: ClassVar[str] = "backup"
    bytes: int = 0
    os_user: str | None = None


@dataclass(frozen=True)
class Viewed(Event):
    """An administrator read what only administrators may (`of`: roles.list, audit.read,
    stats)."""

    of: str = ""

    @property
    def action(self) -> str:  # type: ignore[override]
        return self.of


@dataclass(frozen=True)
class Reloaded(Event):
    """The knowledge base was reloaded (`problems` 0), or kept because of its problems."""

    action: ClassVar[str] = "reload"
    problems: int = 0

    @property
    def outcome(self) -> str:  # type: ignore[override]
        return "ok" if not self.problems else "invalid"


@dataclass(frozen=True)
class Notice:
    """Something queued to people, at most once per `key`."""

    kind: ClassVar[str] = ""
    title: str
    body: str

    @property
    def key(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Achievement(Notice):
    """A report reached an indicator's target: once per indicator, or once per unit for a
    target every district or commune has of its own (`unit_id`); to the unit's district's
    subscribers and those of the whole city."""

    kind: ClassVar[str] = "achievement"
    indicator_id: str = ""
    district: str | None = None
    unit_id: str | None = None

    @property
    def key(self) -> str:
        return achievement_key(self.indicator_id, self.unit_id)


def achievement_key(indicator_id: str, unit_id: str | None = None) -> str:
    """The key that makes an achievement once: per indicator, or per indicator and unit."""
    return f"achievement:{indicator_id}" + (f":{unit_id}" if unit_id else "")
