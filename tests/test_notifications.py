"""Milestones, achievements and announcements reach every subscriber exactly once."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
from collections import Counter

import pytest

from cdsbot import knowledge, strings
from cdsbot.notices import schedule
from tests.harness import ICT, KNOWLEDGE, Clock, buttons, edited, press, run_cli, say, settle

KB = knowledge.load(KNOWLEDGE)
ADMIN, OFFICIAL = 9001, 9002
SUBSCRIBERS = [8001, 8002, 8003]


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ICT)


# --- what is due, at chosen instants ---------------------------------------------------

@pytest.mark.parametrize(
    ("moment", "keys"),
    [
        (local(2022, 10, 3, 7, 59), []),
        (local(2022, 10, 3, 8, 0), ["milestone:ngay-cds-2022:7"]),
        (local(2022, 10, 3, 23, 59), ["milestone:ngay-cds-2022:7"]),
        (local(2022, 10, 4, 8, 0), []),  # a missed day is not sent late
        (local(2022, 10, 9, 9, 0), ["milestone:ngay-cds-2022:1"]),
        (local(2022, 10, 10, 8, 0), ["milestone:ngay-cds-2022:0"]),
        (local(2022, 4, 30, 8, 0), ["milestone:han-ke-hoach-don-vi:0"]),  # "tháng 4/2022"
        (local(2021, 10, 26, 8, 0), []),  # notify: false
    ],
)
def test_due_at_chosen_instants(moment, keys):
    assert [d.key for d in schedule.due(moment, KB)] == keys


def test_day_boundary_is_local_time():
    utc = dt.datetime(2022, 10, 3, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hải Phòng
    assert [d.key for d in schedule.due(utc.astimezone(ICT), KB)] == ["milestone:ngay-cds-2022:7"]
    assert schedule.due(dt.datetime(2022, 10, 3, 0, 30, tzinfo=dt.UTC).astimezone(ICT), KB) == []


@pytest.mark.parametrize(("hour", "minute", "quiet"),
                         [(20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True),
                          (6, 59, True), (7, 0, False), (12, 0, False)])
def test_quiet_hours_wrap_midnight(hour, minute, quiet):
    assert schedule.quiet(local(2022, 10, 3, hour, minute), KB.notices) is quiet


def test_pacer_never_exceeds_25_a_second_nor_1_a_second_per_chat():
    pacer, now, sends = schedule.Pacer(), 0.0, []
    chats = [i % 7 for i in range(300)]  # chats repeat: the per-chat gap matters too
    for chat in chats:
        now += pacer.wait_for(chat, now)
        pacer.sent(chat, now)
        sends.append((now, chat))
    times = [t for t, _ in sends]
    assert max(sum(1 for u in times if t <= u <= t + 1.0) for t in times) <= 25
    by_chat: dict[int, list[float]] = {}
    for t, chat in sends:
        by_chat.setdefault(chat, []).append(t)
    assert min(b - a for ts in by_chat.values() for a, b in itertools.pairwise(ts)) \
        >= 1.0 - 1e-9  # float rounding
    assert times[0] == 0.0 and times[1] > 0  # no burst at start


def test_pacer_keeps_25_a_second_at_the_receiving_end_despite_late_timers_and_jitter():
    """Timers fire up to 2 ms late, one in fifty 30 ms late (a busy event loop), and each
    message arrives with ±10 ms of network jitter: still never 26 arrivals in one second, and
    10 000 messages take under 7 minutes."""
    rng = random.Random(7)
    pacer, now, arrivals = schedule.Pacer(), 0.0, []
    for chat in range(10_000):
        now += pacer.wait_for(chat, now) + (0.030 if chat % 50 == 0 else rng.uniform(0, 0.002))
        pacer.sent(chat, now)
        arrivals.append(now + rng.uniform(-0.010, 0.010))
    arrivals.sort()
    assert max(bisect.bisect_right(arrivals, t + 1.0) - i for i, t in enumerate(arrivals)) <= 25
    assert now < 7 * 60


# --- end to end ------------------------------------------------------------------------

@pytest.fixture
def clock():
    return Clock(local(2022, 10, 3, 8, 30))


@pytest.fixture
def bot(make_bot, clock, tmp_path):
    run_cli(tmp_path, "users", "grant", str(OFFICIAL), "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    return make_bot(clock=clock, admins=(ADMIN,), send_timeout=0.5)


def subscribe_all(tg, users=SUBSCRIBERS):
    for user in users:
        assert "Bạn đang nhận thông báo" in say(tg, user, "/theodoi")["text"]


def tick(bot):
    job = bot.app.job_queue.get_jobs_by_name("notify")[0]
    bot.call(job.run(bot.app))


def notices_to(tg, chat):
    return [m for m in tg.messages_to(chat) if "để dừng nhận thông báo" in m.get("text", "")]


def wait_notices(tg, chats, count=1):
    tg.wait(lambda: all(len(notices_to(tg, c)) >= count for c in chats), timeout=20)


def test_toggles_district_and_unsubscribe(bot, tg):
    msg = say(tg, 8001, "/theodoi")
    assert buttons(msg)[:3] == ["td:t:milestones", "td:t:achievements", "td:t:announcements"]
    assert "td:d:quan-do-son" in buttons(msg)
    press(tg, 8001, msg, "td:t:announcements")
    assert "⬜ Thông báo" in str(edited(tg, msg)["reply_markup"])
    press(tg, 8001, msg, "td:d:quan-do-son")
    sub = bot.storage.notices.subscription(8001)
    assert (sub.milestones, sub.achievements, sub.announcements, sub.district) == (
        True, True, False, "quan-do-son")
    assert say(tg, 8001, "/huytheodoi")["text"] == strings.citizen.UNSUBSCRIBED
    assert not bot.storage.notices.subscription(8001).active
    assert say(tg, 8001, "/huytheodoi")["text"] == strings.citizen.NOT_SUBSCRIBED


def test_a_district_merged_away_is_offered_no_more_but_a_follower_can_leave_it(make_bot, tg):
    """From 01/7/2025 there are no districts (units.yaml `until`): /theodoi in 2026 offers none
    of them; someone who followed one still sees it, marked, and can go back to the city."""
    bot = make_bot(clock=Clock(dt.datetime(2026, 11, 30, 9, 0, tzinfo=ICT)))
    msg = say(tg, 8020, "/theodoi")
    assert not [b for b in buttons(msg) if b.startswith("td:d:")], buttons(msg)
    bot.storage.notices.set_district(8020, "quan-do-son")  # chosen back in 2022
    msg = say(tg, 8020, "/theodoi")
    assert {"td:d:quan-do-son", "td:d:-"} <= set(buttons(msg))
    assert "UBND quận Đồ Sơn (đến 30/6/2025)" in str(msg["reply_markup"])
    press(tg, 8020, msg, "td:d:-")
    assert bot.storage.notices.subscription(8020).district is None
    press(tg, 8020, msg, "td:d:quan-do-son")  # the old button again: gone is gone
    assert bot.storage.notices.subscription(8020).district is None


def test_start_offers_to_subscribe(bot, tg):
    msg = say(tg, 8004, "/start")
    assert "td:start" in buttons(msg)
    tg.press(8004, msg, "td:start")
    tg.wait(lambda: bot.storage.notices.subscription(8004))
    assert "td:start" not in buttons(say(tg, 8004, "/start"))


def test_milestone_reminder_once_at_the_configured_time(bot, tg, clock):
    subscribe_all(tg)
    say(tg, 8005, "/theodoi")
    press(tg, 8005, tg.messages_to(8005)[-1], "td:t:milestones")  # 8005 turns milestones off
    tick(bot)
    tick(bot)  # a second tick writes nothing new
    wait_notices(tg, SUBSCRIBERS)
    settle(tg)
    for chat in SUBSCRIBERS:
        (notice,) = notices_to(tg, chat)
        assert "📅" in notice["text"] and "Mốc 10/10/2022 (còn 7 ngày)" in notice["text"]
    assert notices_to(tg, 8005) == []
    assert notices_to(tg, 8999) == []


def achievements_to(tg, chat):
    return [m for m in notices_to(tg, chat) if "🎉" in m["text"]]


def pass_time(bot, clock, minutes):
    clock.advance(minutes=minutes)
    bot.app.bot_data.courier.wake.set()


def test_achievement_after_an_officials_report(bot, tg, clock):
    subscribe_all(tg)
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    assert "sẽ nhận thông báo đạt mục tiêu sau 10 phút" in edited(tg, prompt)["text"]
    settle(tg)
    assert achievements_to(tg, 8001) == []  # held while the report may be withdrawn
    pass_time(bot, clock, 10)
    tg.wait(lambda: all(achievements_to(tg, c) for c in SUBSCRIBERS), timeout=20)
    text = achievements_to(tg, 8001)[0]["text"]
    # a district's target: the district reached it, not the city
    assert "UBND quận Đồ Sơn đạt mục tiêu: Hồ sơ công việc tại cấp huyện" in text


def test_a_withdrawn_report_announces_nothing_and_the_value_that_stands_is_announced(
        bot, tg, clock):
    """An official's trial: a report withdrawn a minute after ✅ had already told every
    subscriber the target was reached, and when the right value reached it later nothing was
    sent (the first notice held its key). The notice now waits out the withdrawal window and
    goes with the report."""
    subscribe_all(tg)
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    pass_time(bot, clock, 1)
    asked = say(tg, OFFICIAL, "/rutlai")
    press(tg, OFFICIAL, asked, buttons(asked)[0])
    assert "↩️ Đã rút lại" in edited(tg, asked)["text"]
    pass_time(bot, clock, 15)
    settle(tg)
    assert achievements_to(tg, 8001) == []
    assert bot.storage.notices.notifications() == [
        n for n in bot.storage.notices.notifications() if n[1] != "achievement"]
    withdrawn = bot.storage.people.audit_entries(5)
    assert any(e.action == "report.withdraw" and "notice_dropped" in e.detail
               for e in withdrawn)
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 57 2022-Q3")
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    pass_time(bot, clock, 10)
    tg.wait(lambda: all(achievements_to(tg, c) for c in SUBSCRIBERS), timeout=20)
    settle(tg)
    assert [("57%" in m["text"]) for m in achievements_to(tg, 8001)] == [True]


def test_announcement_preview_send_and_delivery_report(bot, tg):
    subscribe_all(tg)
    tg.blocked.add(8003)
    preview = say(tg, ADMIN, "/thongbao Hệ thống <b>tạm dừng</b> & bảo trì tối nay")
    assert "Sẽ gửi tới <b>3</b> người" in preview["text"]
    assert "&lt;b&gt;tạm dừng&lt;/b&gt; &amp; bảo trì" in preview["text"]
    press(tg, ADMIN, preview, buttons(preview)[0])
    assert "Đã xếp hàng gửi tới 3 người" in edited(tg, preview)["text"]
    report = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                              if m.get("text", "").startswith("📬")], timeout=20)[0]
    assert report["text"] == "📬 Báo cáo gửi thông báo: đã gửi 2, bị chặn 1, lỗi 0."
    assert not bot.storage.notices.subscription(8003).active
    assert bot.storage.people.audit_entries(5)[0].action == "announce"
    # someone who had blocked the bot comes back with /start and is active again
    tg.blocked.discard(8003)
    say(tg, 8003, "/start")
    assert bot.storage.notices.subscription(8003).active


def test_non_urgent_waits_for_morning_urgent_does_not(bot, tg, clock):
    subscribe_all(tg, [8001])
    clock.moment = local(2022, 10, 3, 22, 0)
    preview = say(tg, ADMIN, "/thongbao thông báo thường")
    press(tg, ADMIN, preview, buttons(preview)[0])
    urgent = say(tg, ADMIN, "/thongbao thông báo khẩn")
    press(tg, ADMIN, urgent, buttons(urgent)[1])
    wait_notices(tg, [8001])
    settle(tg)
    assert [("khẩn" in m["text"]) for m in notices_to(tg, 8001)] == [True]
    clock.moment = local(2022, 10, 4, 7, 0)
    bot.app.bot_data.courier.wake.set()
    wait_notices(tg, [8001], count=2)
    assert "thông báo thường" in notices_to(tg, 8001)[1]["text"]


def test_unsubscribed_get_nothing_more(bot, tg):
    subscribe_all(tg)
    say(tg, 8002, "/huytheodoi")
    preview = say(tg, ADMIN, "/thongbao lần hai")
    press(tg, ADMIN, preview, buttons(preview)[0])
    wait_notices(tg, [8001, 8003])
    settle(tg)
    assert notices_to(tg, 8002) == []


def test_a_notice_queued_for_the_morning_is_not_sent_after_unsubscribing(bot, tg, clock):
    """A Telegram trial: an announcement held for the morning (quiet hours) still reached
    someone who had typed /huytheodoi in between; so did an achievement."""
    subscribe_all(tg, [8001, 8002])
    clock.moment = local(2022, 10, 3, 22, 0)
    preview = say(tg, ADMIN, "/thongbao tập huấn VNeID")
    press(tg, ADMIN, preview, buttons(preview)[0])
    settle(tg)
    say(tg, 8002, "/huytheodoi")
    clock.moment = local(2022, 10, 4, 7, 0)
    bot.app.bot_data.courier.wake.set()
    wait_notices(tg, [8001])
    tg.wait(lambda: not bot.storage.db.execute(  # every copy of it settled
        "SELECT 1 FROM outbox o JOIN notifications n ON n.id = o.notification_id WHERE "
        "n.kind = 'announcement' AND o.state IN ('pending', 'sending')").fetchone())
    settle(tg)
    assert not [m for m in tg.messages_to(8002) if "tập huấn VNeID" in m.get("text", "")]


def test_a_personal_notice_is_not_held_for_the_morning(bot, tg, clock):
    """A Telegram trial: the alert that an invite was used ("if it was not the person you
    invited, revoke…") waited for 07:00 like a subscriber's notice."""
    clock.moment = local(2022, 10, 3, 22, 0)
    code = re.search(r"inv_([\w-]+)", say(tg, ADMIN, "/moi quan-do-son")["text"])[1]
    say(tg, 9300, f"/start inv_{code}")
    told = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                            if "Lời mời của bạn đã được dùng" in m.get("text", "")], timeout=10)
    assert told


def test_injected_errors_lose_nothing_and_repeat_nothing(bot, tg, clock):
    group_old, group_new = -100500, -100999
    subscribe_all(tg)
    tg.chat_admins[group_old] = {8010}  # only a group's admins subscribe it
    say(tg, 8010, "/theodoi", chat_id=group_old, chat_type="group")
    tg.migrated[group_old] = group_new
    tg.blocked.add(8003)
    preview = say(tg, ADMIN, "/thongbao kiểm tra lỗi")
    # the next sendMessage calls are the courier's (the press answers and edits, not sends)
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    tg.stall_next("sendMessage", 1.0)  # longer than the courier's read timeout: TimedOut
    tg.fail_next("sendMessage", 502, "Bad Gateway")  # a network error: retried with back-off
    press(tg, ADMIN, preview, buttons(preview)[1])

    def reported():  # time passes for the back-off (the test clock moves on)
        clock.advance(seconds=5)
        bot.app.bot_data.courier.wake.set()
        return [m for m in tg.messages_to(ADMIN) if m["text"].startswith("📬")]

    tg.wait(reported, timeout=40)
    settle(tg)
    counts = Counter(m["chat"]["id"] for m in tg.sent if "kiểm tra lỗi" in m.get("text", ""))
    assert counts == {8001: 1, 8002: 1, group_new: 1}
    delivery = bot.storage.notices.delivery()[0].counts
    assert delivery == {"sent": 3, "blocked": 1}
    assert bot.storage.notices.subscription(group_new) is not None
    assert bot.storage.notices.subscription(group_old) is None


def test_notify_cli(bot, tg, tmp_path):
    subscribe_all(tg, [8001])
    res = run_cli(tmp_path, "notify", "due", "--at", "2022-10-09T09:00")
    assert res.stdout.startswith("milestone:ngay-cds-2022:1\tsẽ ghi\tMốc 10/10/2022 (ngày mai)")
    tick(bot)
    wait_notices(tg, [8001])
    status = run_cli(tmp_path, "notify", "status").stdout.splitlines()
    assert status[0].startswith("key\tpending\tsending\tsent")
    assert status[1].startswith("milestone:ngay-cds-2022:7\t0\t0\t1\t0\t0")
    again = run_cli(tmp_path, "notify", "due", "--at", "2022-10-03T08:30")
    assert "\tđã ghi\t" in again.stdout
