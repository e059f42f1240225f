"""CSV exports (CLI `export …` and the admin's /xuat): what is stored, nothing unconfirmed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from cdsbot import reporting
from cdsbot.knowledge import KnowledgeBase
from cdsbot.storage import Storage

KINDS = ("indicators", "units", "reports", "audit")


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def indicators(kb: KnowledgeBase) -> str:
    return _csv(
        ("id", "name", "unit", "target", "comparator", "level", "year", "pillar", "source"),
        ((i.id, i.name, i.unit, "true" if i.target is True else reporting.show_value(
            i, float(i.target)).rstrip("%"), i.comparator, i.level, i.year, i.pillar, i.source)
         for i in kb.indicators.values()))


def units(kb: KnowledgeBase) -> str:
    return _csv(("id", "name", "level"), ((u.id, u.name, u.level) for u in kb.units.values()))


def reports(storage: Storage) -> str:
    """Every confirmed report, corrections and withdrawals included with their status."""
    return _csv(
        ("indicator", "unit", "period", "value", "reporter", "created_at", "status", "note",
         "supersedes", "id"),
        ((r.indicator_id, r.unit_id, r.period, f"{r.value:g}", r.reporter_id, r.created_at,
          r.status, r.note, r.supersedes or "", r.id) for r in storage.reports(status=None)))


def audit(storage: Storage) -> str:
    entries = sorted(storage.audit_entries(limit=1_000_000), key=lambda e: e.id)
    return _csv(("id", "at", "actor", "chat", "action", "target", "outcome", "detail"),
                ((e.id, e.at, e.actor_id, e.chat_id, e.action, e.target, e.outcome, e.detail)
                 for e in entries))


def export(kind: str, kb: KnowledgeBase, storage: Storage) -> str:
    if kind == "indicators":
        return indicators(kb)
    if kind == "units":
        return units(kb)
    if kind == "reports":
        return reports(storage)
    if kind == "audit":
        return audit(storage)
    raise ValueError(kind)
