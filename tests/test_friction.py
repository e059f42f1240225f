"""A newcomer's and an operator's friction (issue 14): paths from the project folder, a quiet
Ctrl-C and `| head`, a flood guard that lets people browse, replies to stickers and the like."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from cdsbot.handlers.common import FloodGuard, costly
from cdsbot.strings.chat import OTHER_CONTENT
from tests.harness import ROOT, buttons, clean_env, press, say


def test_commands_work_from_any_folder(tmp_path):
    """No CDSBOT_KNOWLEDGE, run from elsewhere: knowledge/ is found next to bot.py."""
    env = clean_env(tmp_path)
    env.pop("CDSBOT_KNOWLEDGE", None)
    for args in (["check"], ["ask", "vneid có tốn phí ko"]):
        res = subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], cwd=tmp_path,
                             env=env, capture_output=True, text=True, encoding="utf-8",
                             timeout=60)
        assert res.returncode == 0, res.stderr
        assert "không tìm thấy" not in res.stderr


def _default_sigint() -> None:
    # a shell that starts the tests in the background leaves SIGINT ignored, and a child that
    # inherits that never sees Ctrl-C: give the console what a terminal gives it
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_console_ctrl_c_exits_quietly(tmp_path):
    proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "console"], cwd=tmp_path,
                            env=clean_env(tmp_path), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", preexec_fn=_default_sigint)
    try:
        assert proc.stdout.readline().startswith("cdsbot")  # the intro: the console is up
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_ask_into_head_has_no_broken_pipe(tmp_path):
    questions = "\n".join(["vneid có tốn phí ko", "dịch vụ công là gì"] * 300) + "\n"
    script = (f"{sys.executable} {ROOT / 'bot.py'} ask | head -n 1")
    res = subprocess.run(["sh", "-c", script], input=questions, cwd=tmp_path,
                         env=clean_env(tmp_path), capture_output=True, text=True,
                         encoding="utf-8", timeout=120)
    assert res.stdout.strip()
    assert "BrokenPipeError" not in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_flood_guard_lets_people_browse_and_stops_floods():
    now = [0.0]
    guard = FloodGuard(clock=lambda: now[0])
    for _ in range(120):  # two minutes of tapping twice a second
        assert guard.allow(1, guard.press_cost) == (True, False)
        now[0] += 0.5
    for _ in range(30):  # a typed question every 1.2 s
        assert guard.allow(2)[0]
        now[0] += 1.2
    served = [guard.allow(3)[0] for _ in range(40)]  # 40 messages at once
    assert 5 <= served.count(True) <= 10
    assert guard.allow(3) == (False, False)  # one notice, then silence
    assert [guard.allow_costly(4) for _ in range(5)] == [True, True, True, False, False]
    now[0] += guard.costly_every
    assert guard.allow_costly(4)


def test_brisk_menu_browsing_is_served_in_the_bot(make_bot, tg):
    make_bot(flood=FloodGuard())  # the production settings
    user = 8700
    start = say(tg, user, "/start")
    menus = [d for d in buttons(start) if d.startswith("m:")]
    answers = [press(tg, user, start, menus[i % len(menus)]) for i in range(16)]
    assert all(not a.get("show_alert") for a in answers)
    msgs = [m["text"] for m in tg.messages_to(user)]
    assert not any("hơi nhanh" in t for t in msgs)


def test_costly_actions_are_limited_per_person(make_bot, tg):
    make_bot(flood=FloodGuard())
    user = 8800
    for _ in range(3):
        after = tg.last_message_id()
        tg.send_text(user, "/tiendo bieudo")
        tg.wait(lambda a=after: [m for m in tg.messages_to(user) if m["message_id"] > a])
    wait = say(tg, user, "/tiendo bieudo")["text"]
    seconds = re.search(r"khoảng (\d+) giây", wait)  # the real wait, not "ít phút"
    assert "tốn nhiều tài nguyên" in wait and seconds and 1 <= int(seconds[1]) <= 20
    assert "Mục tiêu" in say(tg, user + 1, "/muctieu")["text"]  # others are not affected


def _push(tg, user: int, **content) -> dict:
    update = tg.message_update(user, "")
    message = update["message"]
    del message["text"]
    message.update(content)
    return tg._push(update)


def test_stickers_photos_voice_locations_and_unknown_commands_get_a_reply(make_bot, tg):
    make_bot()
    user = 8900
    contents = [
        {"sticker": {"file_id": "s1", "file_unique_id": "s1", "width": 1, "height": 1,
                     "is_animated": False, "is_video": False, "type": "regular"}},
        {"photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}]},
        {"voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 1}},
        {"location": {"latitude": 20.86, "longitude": 106.68}},
    ]
    for content in contents:
        after = tg.last_message_id()
        _push(tg, user, **content)
        assert tg.wait_for_message(user, after=after)["text"] == OTHER_CONTENT
    reply = say(tg, user, "/khongcolenhnay")
    assert "/khongcolenhnay" in reply["text"] and "/trogiup" in reply["text"]


def test_a_mistyped_export_is_not_counted_against_the_limit():
    """A Telegram trial: three mistyped /xuat (each only got the usage line) used up the
    allowance, and /thongke was then refused."""
    assert not costly("/xuat bogus") and not costly("/xuat xyz abc")
    assert costly("/xuat") and costly("/xuat audit") and costly("/xuat REPORTS")
    assert costly("/xuat reports.") and costly("/xuat rêports")  # read as /xuat reads it
    assert costly("/thongke") and costly("/tiendo bieudo") and not costly("/tiendo")
