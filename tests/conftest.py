"""Shared fixtures: the shipped knowledge base, the fake Telegram, running bots, the clock.
Shared plain helpers live in tests/harness.py."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

from tests.harness import ADMIN, ICT, KNOWLEDGE, OFFICIAL, Clock, run_cli


@pytest.fixture(scope="session")
def kb():
    from cdsbot import knowledge

    return knowledge.load(KNOWLEDGE)


@pytest.fixture(scope="session")
def assistant(kb):
    from cdsbot.assistant import Assistant

    return Assistant(kb)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ for tests that break it on purpose."""
    dest = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    return dest


@pytest.fixture
def tg():
    from tests.fake_telegram import FakeTelegram

    with FakeTelegram() as fake:
        yield fake


ON_THE_LOOP: list[str] = []  # statements the bot ran on its event loop (never: its thread)


def _on_the_loop(sql: str) -> None:
    if threading.current_thread().name == "bot-under-test":
        ON_THE_LOOP.append(sql)


@pytest.fixture
def make_bot(tmp_path, tg, assistant):
    """make_bot(**settings) -> a running polling bot; fails the test if a handler raised."""
    from cdsbot.app import build_application
    from cdsbot.config import Settings
    from cdsbot.storage import Storage
    from tests.fake_telegram import TOKEN
    from tests.harness import BotThread

    ON_THE_LOOP.clear()
    running: list[BotThread] = []
    stores: list[Storage] = []

    def make(mode: str = "polling", flood=None, port: int = 0, secret: str = "s3cret",
             brain=None, clock=None, dialog_timeout=600, send_timeout=None, **overrides):
        settings = Settings(**{"token": TOKEN, "api_base_url": tg.base_url,
                               "db": tmp_path / "cdsbot.db", "knowledge": KNOWLEDGE,
                               **overrides})
        storage = Storage(settings.db, clock=clock) if clock else Storage(settings.db)
        stores.append(storage)
        storage.db.conn.set_trace_callback(_on_the_loop)
        from cdsbot.assistant import Assistant
        from cdsbot.handlers.common import FloodGuard
        from cdsbot.live import Live
        from cdsbot.officials.office import Office

        brain_ = brain or Assistant(assistant.kb, tuple(storage.learning.phrasings()))
        live = Live(settings.knowledge, brain_, storage)
        office = Office(live, storage, settings.admins, settings.tz, owner_key=settings.token)
        app = build_application(settings, office,
                                rate_limit=False, flood=flood or FloodGuard(limit=10_000),
                                dialog_timeout=dialog_timeout, send_timeout=send_timeout)
        bot = BotThread(app)
        running.append(bot)
        tg.idle_waiters.append(bot.wait_idle)
        if mode == "polling":
            bot.start_polling()
        else:
            bot.start_webhook(port, "hook", secret)
        bot.storage = storage
        return bot

    yield make
    errors = []
    for bot in running:
        bot.stop()
        errors += bot.errors
    for storage in stores:
        storage.close()
    assert not errors, f"a handler raised: {errors!r}"
    assert not ON_THE_LOOP, f"SQL on the event loop: {ON_THE_LOOP[:5]!r}"


@pytest.fixture
def fuzz_bot(make_bot, tmp_path, tg):
    """One running bot for all the examples of a hypothesis test (an admin and an official)."""
    run_cli(tmp_path, "users", "grant", "9002", "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    make_bot(admins=(9001,))
    return tg


@pytest.fixture
def clock():
    """The officials' tests' clock: 15/10/2022 09:00 in Hải Phòng, advanced by hand."""
    return Clock(dt.datetime(2022, 10, 15, 9, 0, tzinfo=ICT))


@pytest.fixture
def office_bot(make_bot, clock, tmp_path):
    """A bot with one admin (CDSBOT_ADMINS, with Telegram's anonymous admin id, which must
    never get rights) and one official of Đồ Sơn granted by the CLI."""
    res = run_cli(tmp_path, "users", "grant", str(OFFICIAL), "official", "--unit",
                  "quan-do-son", "--allow-closed-unit")
    assert res.returncode == 0, res.stderr
    return make_bot(clock=clock, admins=(ADMIN, 1087968824))
