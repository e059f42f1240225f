"""Exports (CLI `export …`, the admin's /xuat): CSV of what is stored, nothing unconfirmed;
YAML of the phrasings admins attached."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from cdsbot import strings
from cdsbot.knowledge import KnowledgeBase
from cdsbot.officials import reporting
from cdsbot.storage import Storage

KINDS = ("indicators", "units", "reports", "audit", "phrasings")
# the files' names, which /xuat also takes (folded): "/xuat nhatky", "/xuat nhật ký"
FILE_NAMES = {"reports": "baocao", "audit": "nhatky", "units": "donvi",
              "indicators": "chitieu", "phrasings": "cachhoi"}
_ALIASES = {name: kind for kind, name in FILE_NAMES.items()}


def kind_of(typed: str) -> str | None:
    """The export kind a /xuat argument names (folded): the reports when empty, a kind, or a
    file's name, its words apart or not ("nhat ky"); None for anything else."""
    if not typed:
        return "reports"
    return typed if typed in KINDS else _ALIASES.get(typed.replace(" ", ""))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A cell that Excel or LibreOffice will show, never run: text starting with = + - @, a
    tab or a carriage return gets a leading apostrophe (OWASP "CSV injection"); numbers are
    written as they are."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    out = str(value)
    return "'" + out if out.startswith(FORMULA_START) else out


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
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
        ((r.indicator_id, r.unit_id, r.period, r.value, r.reporter_id, r.created_at,
          r.status, r.note, r.supersedes or "", r.id) for r in storage.reports.find(status=None)))


def audit(storage: Storage) -> str:
    entries = sorted(storage.people.audit_entries(limit=1_000_000), key=lambda e: e.id)
    return _csv(("id", "at", "actor", "chat", "action", "target", "outcome", "detail"),
                ((e.id, e.at, e.actor_id, e.chat_id, e.action, e.target, e.outcome, e.detail)
                 for e in entries))


def phrasings(kb: KnowledgeBase, storage: Storage) -> str:
    """Phrasings attached by admins, as YAML the editors merge into knowledge/ by hand."""
    by_entry: dict[str, list[str]] = {}
    for entry_id, phrasing in storage.learning.phrasings():
        by_entry.setdefault(entry_id, []).append(phrasing)
    out = [*strings.cli.PHRASINGS_HEADER, "phrasings:"]
    for entry_id, items in by_entry.items():
        entry = kb.entries.get(entry_id)
        where = entry.file if entry and entry.file else "knowledge/"
        out.append(f"  {entry_id}:  # {where}")
        out += [f"    - {json.dumps(p, ensure_ascii=False)}" for p in items]
    return "\n".join(out) + "\n"


def export(kind: str, kb: KnowledgeBase, storage: Storage) -> str:
    if kind == "indicators":
        return indicators(kb)
    if kind == "units":
        return units(kb)
    if kind == "reports":
        return reports(storage)
    if kind == "audit":
        return audit(storage)
    if kind == "phrasings":
        return phrasings(kb, storage)
    raise ValueError(kind)
