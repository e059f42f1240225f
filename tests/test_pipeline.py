"""The pipeline end to end: concurrency across chats, order within one, no race on a
confirmation or a rating, a hung send bounded by its timeout, a database lock held by another
process that stalls nothing that does not need the database, an inbox that cannot store a batch
that loses nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

import pytest

from cdsbot import strings
from tests.harness import ADMIN, OFFICIAL, buttons, edited, press, ratings, say

LATENCY, JITTER = 0.04, 0.03  # per Telegram call: a real network, replies would reorder


@pytest.fixture
def slow_tg(tg):
    tg.delay, tg.jitter = LATENCY, JITTER
    return tg


def test_different_chats_are_handled_at_the_same_time(make_bot, slow_tg):
    make_bot()
    slow_tg.delay = slow_tg.jitter = 0.0
    say(slow_tg, 31_000, "/trogiup")  # warm up: the first answer builds what is cached
    slow_tg.delay = 0.25
    users = range(31_001, 31_021)
    start = time.monotonic()
    for user in users:
        slow_tg.send_text(user, "/trogiup")
    slow_tg.wait(lambda: all(slow_tg.messages_to(u) for u in users), timeout=30)
    # one after another this is 20 x (getUpdates share + 0.25 s) > 5 s
    assert time.monotonic() - start < 2.5


def test_one_users_burst_is_answered_in_order(make_bot, slow_tg):
    make_bot()
    commands = ["/muctieu", "/dichvu", "/moc", "/lienhe", "/kehoach", "/trogiup"] * 2
    expected = []
    for command in commands:  # the reply to each, alone, in another chat
        expected.append(say(slow_tg, 32_002, command)["text"])
    for command in commands:
        slow_tg.send_text(32_001, command)
    slow_tg.wait(lambda: len(slow_tg.messages_to(32_001)) == len(commands), timeout=30)
    assert [m["text"] for m in slow_tg.messages_to(32_001)] == expected


def test_two_officials_confirming_at_once_store_one_and_refuse_the_other(make_bot, slow_tg,
                                                                         tmp_path):
    bot = make_bot(admins=(ADMIN,))
    other = 9010
    for user in (OFFICIAL, other):
        bot.storage.people.grant(user, "official", "quan-do-son", None, "cli")
    first = say(slow_tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    second = say(slow_tg, other, "/baocao ho-so-mang-huyen 44 2022-Q3")
    answered = len(slow_tg.callback_answers)
    slow_tg.press(OFFICIAL, first, buttons(first)[0])
    slow_tg.press(other, second, buttons(second)[0])
    slow_tg.settle()
    reports = bot.storage.reports.find(status=None)
    assert len(reports) == 1 and reports[0].value in (40.0, 44.0)
    winner, loser = (first, second) if reports[0].value == 40.0 else (second, first)
    assert "✅ Đã lưu báo cáo" in edited(slow_tg, winner)["text"]
    refusals = [a for a in slow_tg.callback_answers[answered:] if a.get("text")]
    assert len(refusals) == 1 and "Trong lúc chờ xác nhận" in refusals[0]["text"]
    assert loser["message_id"] != winner["message_id"]


def test_a_rating_pressed_twice_at_once_counts_once(make_bot, slow_tg):
    bot = make_bot()
    answer = say(slow_tg, 33_001, "vneid có mất phí không")
    up = next(b for b in buttons(answer) if b.startswith("r:") and b.endswith(":1"))
    entry = up.split(":")[1]
    slow_tg.press(33_001, answer, up)
    slow_tg.press(33_001, answer, up)
    slow_tg.settle()
    assert ratings(bot.storage, entry) == (1, 0)
    texts_given = Counter(a.get("text") for a in slow_tg.callback_answers)
    assert texts_given == {strings.citizen.RATED: 1, strings.citizen.RATED_ALREADY: 1}


def test_a_hung_send_delays_a_broadcast_by_at_most_its_timeout(make_bot, tg):
    bot = make_bot(send_timeout=0.5)
    chats = list(range(34_001, 34_031))
    for chat in chats:
        bot.storage.notices.subscribe(chat, chat)
    tg.stall_next("sendMessage", 60.0)  # the first send: no answer for a minute
    bot.storage.notices.notify("announcement:hung", "announcement", "Kiểm tra", "Thông báo treo",
                               urgent=True)
    start = time.monotonic()
    bot.app.bot_data.courier.wake.set()
    tg.wait(lambda: {m["chat"]["id"] for m in tg.sent} >= set(chats), timeout=30)
    took = time.monotonic() - start
    # 30 messages take 1.2 s at 24.5/s; the hung one is retried 0.5 s (timeout) + 1 s
    # (back-off) later, while the others go on. Without a timeout: 60 s.
    assert took < 1.2 + 0.5 + 1.0 + 1.5, took
    tg.settle()
    assert Counter(m["chat"]["id"] for m in tg.sent if "treo" in m.get("text", "")) == \
        dict.fromkeys(chats, 1)


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
write = sys.argv[3] if len(sys.argv) > 3 else "INSERT INTO dismissed VALUES ('khoá', NULL, '')"
conn.execute(write)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_a_database_lock_held_elsewhere_stalls_nothing_that_does_not_need_it(make_bot, tg,
                                                                             tmp_path):
    bot = make_bot()
    say(tg, 35_000, "/trogiup")
    say(tg, 35_000, "vneid có mất phí không")  # warm up
    hold = 12.0  # longer than SQLite's busy timeout (5 s)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path / "cdsbot.db"),
                               str(hold)], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        for user in range(35_001, 35_004):
            start = time.monotonic()
            say(tg, user, "vneid có mất phí không")  # counted: waits in the counter thread
            assert time.monotonic() - start < 0.5
            start = time.monotonic()
            say(tg, user + 10, "/trogiup")
            assert time.monotonic() - start < 0.5
        assert time.monotonic() - locked_at < hold / 2  # all of it while the lock was held
    finally:
        assert locker.wait(timeout=hold + 10) == 0
    tg.settle()
    stats = bot.storage.learning.question_stats(bot.storage.clock().date())  # waits for the counts
    assert sum(n for *_, n in stats) == 4


def test_a_lock_held_elsewhere_delays_only_who_writes_and_they_are_told_to_retry(make_bot, tg,
                                                                              tmp_path):
    """Ratings, subscriptions… wait for the database in its thread, not on the event loop:
    everyone else is served at once. When the lock outlasts SQLite's busy timeout (5 s), the
    person is told to try again and nothing of it is stored; pressed again later, it is."""
    bot = make_bot()
    say(tg, 37_000, "/trogiup")  # warm up
    answer = say(tg, 37_001, "vneid có mất phí không")
    up = next(b for b in buttons(answer) if b.startswith("r:") and b.endswith(":1"))
    entry = up.split(":")[1]
    tg.settle()
    bot.storage.flush_counts()  # the answer's 👍 may rate it: written before the lock
    hold = 12.0
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path / "cdsbot.db"),
                               str(hold)], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        tg.press(37_001, answer, up)  # a write: waits for the lock
        tg.send_text(37_002, "/theodoi")  # a write too
        for user in range(37_010, 37_013):  # meanwhile everyone else is served at once
            start = time.monotonic()
            say(tg, user, "vneid có mất phí không")
            assert time.monotonic() - start < 0.5
            start = time.monotonic()
            say(tg, user + 10, "/trogiup")
            assert time.monotonic() - start < 0.5
        told = tg.wait(lambda: [a for a in tg.callback_answers if a.get("text")], timeout=10)
        waited = time.monotonic() - locked_at
        assert [a["text"] for a in told] == [strings.chat.BUSY]
        assert 4.5 < waited < hold - 2, waited  # after the busy timeout, while still locked
        busy = tg.wait(lambda: tg.messages_to(37_002), timeout=5)
        assert [m["text"] for m in busy] == [strings.chat.BUSY]
        assert locker.poll() is None  # all of it while the lock was held
    finally:
        assert locker.wait(timeout=hold + 10) == 0
    tg.settle()
    assert ratings(bot.storage, entry) == (0, 0)  # nothing half-written
    assert bot.storage.notices.subscription(37_002) is None
    assert press(tg, 37_001, answer, up)["text"] == strings.citizen.RATED  # and again: stored
    assert ratings(bot.storage, entry) == (1, 0)
    assert say(tg, 37_002, "/theodoi")["text"] == strings.citizen.SUBSCRIBE_INTRO
    assert bot.storage.notices.subscription(37_002) is not None


def test_a_question_does_not_wait_behind_charts_or_a_reload(make_bot, tg):
    make_bot(admins=(ADMIN,))
    say(tg, 36_000, "vneid có mất phí không")  # warm up
    for user in range(36_001, 36_006):
        tg.send_text(user, "/tiendo bieudo")  # the first imports matplotlib, then draws
    tg.send_text(ADMIN, "/tailai")  # checks knowledge/ and rebuilds the index
    start = time.monotonic()
    say(tg, 36_010, "vneid có mất phí không")
    waited = time.monotonic() - start
    tg.settle(timeout=60)
    photos = [m for m in tg.sent if m.get("method") == "sendphoto"]
    assert len(photos) == 5
    assert "✅ Đã nạp lại kho tri thức" in tg.messages_to(ADMIN)[-1]["text"]
    assert waited < 0.5, waited  # on the event loop they took ≈ 0.75 s + 5 × 0.28 s


def test_a_batch_the_inbox_cannot_store_is_not_acknowledged_and_comes_again(make_bot, tg,
                                                                            tmp_path):
    """Polling stores each getUpdates batch before python-telegram-bot reads it. While the
    inbox is locked by another process longer than SQLite waits, the batch is not read: its
    offset is never confirmed, and once the lock is gone it is fetched again and answered
    once."""
    make_bot()
    say(tg, 36_000, "/trogiup")  # polling runs
    hold = 7.0  # longer than SQLite's busy timeout (5 s)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path / "cdsbot.inbox.db"),
                               str(hold), "INSERT INTO inbox VALUES (1, '{}', 'x', 'x')"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        update = tg.send_text(36_001, "vneid có mất phí không")
        time.sleep(hold - 1.5)
        assert not tg.messages_to(36_001)  # not stored: not handled
        assert tg.confirmed_offset <= update["update_id"]  # and not acknowledged
    finally:
        assert locker.wait(timeout=hold + 10) == 0
    tg.wait(lambda: tg.messages_to(36_001), timeout=20)
    tg.settle()
    assert len(tg.messages_to(36_001)) == 1
    tg.wait(lambda: tg.confirmed_offset > update["update_id"], timeout=10)  # stored: acknowledged


def test_an_update_twice_in_one_batch_is_answered_once(make_bot, tg):
    make_bot()
    say(tg, 37_000, "/trogiup")  # polling runs
    with tg.cond:  # the same update twice in the queue: one getUpdates answer holds both
        update = tg.message_update(37_001, "/trogiup")
        tg._push(update)
        tg.updates.append(dict(update))
        tg.cond.notify_all()
    tg.wait(lambda: tg.messages_to(37_001), timeout=10)
    tg.settle()
    assert len(tg.messages_to(37_001)) == 1
