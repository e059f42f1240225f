"""Operations: backup and restore, database settings."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import sqlite_utils

from cdsbot.storage import StaleReport, Storage
from cdsbot.storage.base import MIGRATIONS
from tests.harness import run_cli

ALL = [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]


def test_backup_and_restore_round_trip(tmp_path):
    run_cli(tmp_path, "users", "grant", "42", "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    storage = Storage(tmp_path / "cdsbot.db")
    storage.notices.subscribe(8001, 8001)
    storage.notices.subscribe(8002, 8002)
    pending = storage.reports.create_pending(42, 42, 7, "ho-so-mang-huyen", "quan-do-son",
                                             "2022-Q3", 52.5, "", None, dt.timedelta(hours=1))
    storage.reports.confirm(pending, 42)
    backup = tmp_path / "backups" / "cdsbot-1.db"
    res = run_cli(tmp_path, "backup", str(backup))  # while the database is open (live)
    assert res.returncode == 0 and "integrity_check: ok" in res.stdout, res.stderr
    assert res.stdout.count("\n") == 1
    again = run_cli(tmp_path, "backup", str(backup))
    assert again.returncode == 1 and "đã tồn tại" in again.stderr
    storage.notices.subscribe(8003, 8003)  # written after the backup: not in it
    storage.close()
    # restore, as docs/OPERATIONS.md says: stop the bot, copy the backup over the database
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / "cdsbot.db")
    copy = Storage(restored / "cdsbot.db")
    try:
        assert [(r.indicator_id, r.value) for r in copy.reports.find()] == [("ho-so-mang-huyen",
                                                                               52.5)]
        assert copy.notices.recipients("announcement") == [8001, 8002]
        assert [r.user_id for r in copy.people.active_roles()] == [42]
        assert copy.migrate() == []  # already at the newest schema
    finally:
        copy.close()
    exported = run_cli(restored, "export", "reports")
    assert "ho-so-mang-huyen,quan-do-son,2022-Q3,52.5" in exported.stdout


def test_backup_without_database(tmp_path):
    res = run_cli(tmp_path, "backup", str(tmp_path / "b.db"))
    assert res.returncode == 1 and "Không có cơ sở dữ liệu" in res.stderr


def test_every_connection_is_wal_full_with_busy_timeout(tmp_path):
    storage = Storage(tmp_path / "x.db")
    try:
        pragma = {name: storage.db.execute(f"PRAGMA {name}").fetchone()[0]
                  for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
        assert pragma == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000,
                          "foreign_keys": 1}
    finally:
        storage.close()
    raw = sqlite3.connect(tmp_path / "x.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent
    raw.close()


def test_migrations_are_safe_to_run_twice(tmp_path):
    first = Storage(tmp_path / "m.db")
    first.close()
    second = Storage(tmp_path / "m.db")
    try:
        assert second.migrate() == []
        names = [r["name"] for r in second.db["_sqlite_migrations"].rows]
        assert names == sorted(set(names)) == ALL
    finally:
        second.close()


def test_a_database_migrated_by_the_old_record_is_adopted(tmp_path):
    """A database made before sqlite-utils' Migrations kept what it applied in a table
    `migrations`: that is not applied again, what it lacks is, and one record remains."""
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for migration in MIGRATIONS.pending(db)[:4]:  # an older version knew four
        with db.atomic():
            migration.fn(db)
            db.execute("INSERT INTO migrations VALUES (?, '2022-10-01T00:00:00+00:00')",
                       [migration.name])
    db["reports"].insert({"indicator_id": "ho-so-mang-huyen", "unit_id": "quan-do-son",
                          "period": "2022-Q3", "value": 52.5, "reporter_id": 42,
                          "chat_id": 42, "message_id": 7, "created_at": "2022-10-01"})
    db.close()
    storage = Storage(path)
    try:
        names = [r["name"] for r in storage.db["_sqlite_migrations"].rows]
        assert names == ALL
        assert not storage.db["migrations"].exists()
        assert storage.migrate() == []
        assert [r.value for r in storage.reports.find()] == [52.5]  # kept
        storage.people.remember(42, "Lan", "lan", has_role=True)  # 005_people's table
        assert storage.people.names() == {42: ("Lan", "lan")}
    finally:
        storage.close()


def test_a_stale_confirmation_expires_its_card_in_the_same_transaction(tmp_path):
    """Found stale, the card expires with its audit row in the transaction that found it: a
    second transaction could meet another connection's lock after the first had written, and
    the database thread cannot run a call again once it wrote (a soak run failed so)."""
    storage = Storage(tmp_path / "cdsbot.db")
    first, second = (storage.reports.create_pending(
        user, user, 7, "ho-so-mang-huyen", "quan-do-son", "2022-Q3", value, "", None,
        dt.timedelta(hours=1)) for user, value in ((42, 40.0), (43, 44.0)))
    storage.reports.confirm(first, 42)
    begun: list[str] = []
    storage.db.conn.set_trace_callback(
        lambda sql: begun.append(sql) if sql.startswith("BEGIN") else None)
    try:
        storage.reports.confirm(second, 43)
    except StaleReport as exc:
        assert exc.current is not None and exc.current.value == 40.0
    else:
        raise AssertionError("a value stored meanwhile was replaced")
    storage.db.conn.set_trace_callback(None)
    assert begun == ["BEGIN IMMEDIATE"]
    state = storage.db.execute("SELECT state FROM pending_reports WHERE id = ?",
                               [second.id]).fetchone()[0]
    assert state == "expired"
    assert [e.action for e in storage.people.audit_entries(10)][:1] == ["report.stale"]
    assert storage.reports.confirm(second, 43) is None  # no longer pending: a second press
    storage.close()


def test_a_card_whose_indicator_was_reloaded_away_is_refused_not_crashed(tmp_path):
    """A review: ✅ under a card whose indicator a reload had removed raised KeyError."""
    import shutil

    from cdsbot import knowledge
    from cdsbot.assistant import Assistant
    from cdsbot.live import Live
    from cdsbot.officials.office import Office
    from cdsbot.officials.reporting import ReportError
    from cdsbot.permissions import Actor
    from tests.harness import KNOWLEDGE

    kb_dir = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, kb_dir)
    storage = Storage(tmp_path / "cdsbot.db")
    office = Office(Live(kb_dir, Assistant(knowledge.load(kb_dir)), storage), storage,
                    admins=(42,))
    pending = storage.reports.create_pending(42, 42, 7, "no-longer-there", "so-tttt",
                                             "2022-Q3", 50.0, "", None, dt.timedelta(hours=1))
    try:
        office.confirm(Actor(42, 42, True), pending.id)
    except ReportError as exc:
        assert "không còn trong kho tri thức" in str(exc)
    else:
        raise AssertionError("a report of an unknown indicator was stored")
    assert storage.reports.pending(pending.id).state == "expired"
    storage.close()
