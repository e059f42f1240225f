"""Start-up failures: each is ONE line on stderr and its documented exit code (docs/OPERATIONS.md).

0 stopped normally · 1 knowledge base invalid · 2 usage/setting (no token, no webhook secret)
· 3 token rejected by Telegram · 4 Telegram unreachable · 5 database unusable.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_telegram import TOKEN
from tests.harness import KNOWLEDGE, ROOT, clean_env


def _run(tmp_path: Path, tg_url: str, *args: str, cwd: Path | None = None, **env: str
         ) -> subprocess.CompletedProcess[str]:
    environment = clean_env(tmp_path, **{"TELEGRAM_BOT_TOKEN": TOKEN,
                                         "TELEGRAM_API_BASE_URL": tg_url,
                                         "CDSBOT_KNOWLEDGE": str(KNOWLEDGE), **env})
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *(args or ("run",))],
                          cwd=cwd or tmp_path, env=environment, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL)


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_no_token_names_the_console_and_exits_2(tmp_path):
    proc = _run(tmp_path, "http://127.0.0.1:9/bot", "run", TELEGRAM_BOT_TOKEN="")
    assert proc.returncode == 2
    line = _one_line(proc)
    assert "BotFather" in line and "python bot.py console" in line


@pytest.mark.parametrize(("variable", "value"), [
    ("CDSBOT_TZ", "Mars/Olympus"),  # was a ZoneInfoNotFoundError traceback and exit 1
    ("CDSBOT_TZ", "../../etc/passwd"),
    ("CDSBOT_TZ", "Asia"),  # a folder of zones: IsADirectoryError
    ("CDSBOT_TZ", "A" * 300),  # too long a file name: OSError
    ("CDSBOT_WEBHOOK_SECRET", "bad secret!"),  # Telegram would refuse it at setWebhook
])
@pytest.mark.parametrize("command", [("run",), ("stats",), ("notify", "due")])
def test_a_malformed_setting_is_one_line_and_exit_2(tmp_path, tg, variable, value, command):
    proc = _run(tmp_path, tg.base_url, *command, **{variable: value})
    assert proc.returncode == 2
    assert variable in _one_line(proc)


def test_rejected_token_exits_3(tmp_path, tg):
    proc = _run(tmp_path, tg.base_url, "run", TELEGRAM_BOT_TOKEN="999:wrong-token")
    assert proc.returncode == 3
    assert "BotFather" in _one_line(proc)
    assert "wrong-token" not in proc.stderr + proc.stdout


def test_telegram_unreachable_exits_4(tmp_path):
    with __import__("socket").socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _run(tmp_path, f"http://127.0.0.1:{port}/bot", "run")
    assert proc.returncode == 4
    line = _one_line(proc)
    assert "Telegram" in line and "HTTPS" in line
    assert TOKEN not in proc.stderr


def test_invalid_knowledge_base_exits_1_in_one_line(tmp_path, tg, kb_copy):
    units = kb_copy / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "\n  - id: [\n", encoding="utf-8")
    proc = _run(tmp_path, tg.base_url, "run", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert proc.returncode == 1
    line = _one_line(proc)
    assert "units.yaml:" in line and "python bot.py check" in line


def _truncated(tmp_path: Path) -> Path:
    good = tmp_path / "good.db"
    from cdsbot.storage import Storage

    storage = Storage(good)
    for i in range(300):
        storage.learning.count_asked(dt.date(2022, 10, 1), "none", None,
                                     unanswered=f"câu hỏi số {i} " + "x" * 200)
    storage.flush_counts()
    storage.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    storage.close()
    data = good.read_bytes()
    bad = tmp_path / "truncated.db"
    bad.write_bytes(data[: len(data) // 2])
    return bad


@pytest.mark.parametrize("case", ["directory", "not-creatable", "not-sqlite", "truncated",
                                  "empty-name"])
def test_unusable_database_exits_5_in_one_line(tmp_path, tg, case):
    if case == "directory":
        db = tmp_path / "adir"
        db.mkdir()
    elif case == "not-creatable":
        (tmp_path / "afile").write_text("x")
        db = tmp_path / "afile" / "sub" / "cdsbot.db"
    elif case == "not-sqlite":
        db = tmp_path / "notes.db"
        db.write_text("đây không phải SQLite\n" * 100, encoding="utf-8")
    elif case == "truncated":
        db = _truncated(tmp_path)
    else:
        db = tmp_path / "x" / ".."
    for args in (("run",), ("users", "list"), ("stats",)):
        proc = _run(tmp_path, tg.base_url, *args, CDSBOT_DB=str(db))
        assert proc.returncode == 5, (args, proc.stderr)
        line = _one_line(proc)
        assert "CDSBOT_DB" in line or str(db) in line


def _read_only(paths: list[Path]) -> bool:
    """Make files and folders unwritable even for root (chattr +i); False if impossible."""
    if os.geteuid() != 0:
        for p in paths:
            os.chmod(p, 0o555 if p.is_dir() else 0o444)
        return True
    return subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode == 0


def _writable(paths: list[Path]) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
    for p in paths:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)


def test_read_only_database_refuses_to_start(tmp_path, tg):
    """A database the service user may read but not write: exit 5 at start, not a traceback
    on every update."""
    home = tmp_path / "ro"
    home.mkdir()
    db = home / "cdsbot.db"
    from cdsbot.storage import Storage

    Storage(db).close()
    paths = [db, home]
    if not _read_only(paths):
        pytest.skip("cannot make a file read-only here")
    try:
        proc = _run(tmp_path, tg.base_url, "run", CDSBOT_DB=str(db))
    finally:
        _writable(paths)
    assert proc.returncode == 5, proc.stderr
    assert "ghi" in _one_line(proc)


def test_cli_main_returns_the_database_code_in_process(tmp_path, monkeypatch):
    from cdsbot import cli

    monkeypatch.setenv("CDSBOT_DB", str(tmp_path))
    monkeypatch.setenv("CDSBOT_KNOWLEDGE", str(KNOWLEDGE))
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["users", "list"], io.StringIO(), out, err) == 5
    assert len(err.getvalue().strip().splitlines()) == 1


def test_health_check_says_ok_or_names_what_is_wrong(tmp_path, tg, monkeypatch):
    from cdsbot import cli
    from cdsbot.storage import Storage

    monkeypatch.setenv("CDSBOT_DB", str(tmp_path / "h.db"))
    monkeypatch.setenv("CDSBOT_KNOWLEDGE", str(KNOWLEDGE))
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["health"], io.StringIO(), out, err) == 0, err.getvalue()
    assert out.getvalue().startswith("ổn:")
    storage = Storage(tmp_path / "h.db")  # a notification whose delivery never happened
    storage.notices.subscribe(42, 42)
    storage.notices.notify("test:1", "announcement", "Thử", "Nội dung")
    storage.db.execute("UPDATE outbox SET next_at = '2020-01-01T00:00:00+00:00'")
    storage.close()
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["health"], io.StringIO(), out, err) == 1
    assert err.getvalue().startswith("TẮC:") and len(err.getvalue().splitlines()) == 1
    monkeypatch.setenv("CDSBOT_DB", str(tmp_path))
    assert cli.main(["health"], io.StringIO(), io.StringIO(), io.StringIO()) == 5


def test_webhook_port_in_use_is_one_line_and_exit_4(tmp_path, tg):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _run(tmp_path, tg.base_url, "run", "--webhook", f"http://127.0.0.1:{port}/hook",
                    "--port", str(port), CDSBOT_WEBHOOK_SECRET="bi-mat-123")
    assert proc.returncode == 4, proc.stderr
    assert str(port) in _one_line(proc)
