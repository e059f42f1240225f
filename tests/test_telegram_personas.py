"""End to end, three personas with their usual mistakes: a commune official, a newly invited
official and an administrator. No generic error reply, nothing typed lost, every refusal a
message with a way forward."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from cdsbot import knowledge, strings
from cdsbot.assistant import Assistant
from tests.harness import ICT, Clock, buttons, edited, export_rows, press, pressed, run_cli, say

ADMIN, COMMUNE, NEWCOMER, CITIZEN = 9001, 9402, 9403, 9404
COMMUNE_UNIT = """
  - id: phuong-van-huong
    name: UBND phường Vạn Hương
    level: commune
    source: doson-faq
"""


@pytest.fixture
def commune_kb(kb_copy):
    """The shipped knowledge plus one commune (a test unit, not a shipped fact)."""
    units = kb_copy / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + COMMUNE_UNIT, encoding="utf-8")
    return kb_copy


@pytest.fixture
def bot(make_bot, commune_kb, clock):
    brain = Assistant(knowledge.load(commune_kb))
    running = make_bot(clock=clock, admins=(ADMIN,), brain=brain, knowledge=commune_kb)
    running.storage.people.grant(COMMUNE, "official", "phuong-van-huong", None, "cli")
    return running


def no_generic_errors(tg, *chats):
    for chat in chats:
        for m in tg.messages_to(chat):
            assert strings.citizen.ERROR not in m.get("text", ""), m["text"]


def test_commune_official_reports_corrects_and_withdraws_by_buttons_and_words(bot, tg,
                                                                               tmp_path):
    # the one indicator a commune reports is chosen: the dialog asks for the period
    period = say(tg, COMMUNE, "/baocao")
    assert "Kỳ báo cáo" in period["text"] and "Hồ sơ công việc tại cấp xã" in period["text"]
    keys = buttons(period)
    assert keys[0] == "g:p:2022-Q4" and "g:p:2022-09" in keys and keys[-1] == "g:x"
    value = say(tg, COMMUNE, "quý 3")
    assert "Giá trị quý 3/2022" in value["text"]
    asked = say(tg, COMMUNE, "bao nhiêu phần trăm thì đạt?")  # a question, not a value
    assert "không phải là số" not in asked["text"]
    # answered with the target of the indicator being reported (a trial: "report first, ask
    # later")
    assert "Mục tiêu năm 2022" in asked["text"] and "30%" in asked["text"], asked["text"]
    assert "quý 3/2022" in asked["text"] and "Giá trị" in asked["text"]  # the step again
    note = say(tg, COMMUNE, "35,5")
    assert note["text"] == strings.office.DIALOG_NOTE
    card = pressed(tg, COMMUNE, note, "g:n")
    assert "35,5%" in card["text"] and "quý 3/2022" in card["text"]
    press(tg, COMMUNE, card, buttons(card)[0])
    saved = edited(tg, card)
    assert "✅ Đã lưu báo cáo" in saved["text"]
    fix, withdraw = buttons(saved)
    # ✏️ Sửa: the value step with the current value shown; a big fall needs a reason
    new_value = pressed(tg, COMMUNE, saved, fix)
    assert "hiện là 35,5%" in new_value["text"]
    reason = say(tg, COMMUNE, "10")
    assert strings.office.DIALOG_REASON in reason["text"]
    card = say(tg, COMMUNE, "số liệu giảm do rà soát lại hồ sơ")
    assert "Thay cho: 35,5%" in card["text"] and "rà soát lại hồ sơ" in card["text"]
    press(tg, COMMUNE, card, buttons(card)[0])
    fixed = edited(tg, card)
    assert "✅ Đã sửa số liệu" in fixed["text"]
    # ↩️ Rút lại the correction: it asks, and says the corrected value comes back
    question = pressed(tg, COMMUNE, fixed, buttons(fixed)[1])
    assert "35,5%" in question["text"] and "đã sửa" in question["text"]
    assert [r["status"] for r in export_rows(tmp_path)] == ["superseded", "active"]
    press(tg, COMMUNE, question, buttons(question)[0])
    done = edited(tg, question)
    assert "↩️ Đã rút lại" in done["text"] and "35,5%" in done["text"]
    assert [r["status"] for r in export_rows(tmp_path)] == ["active", "withdrawn"]
    progress = say(tg, COMMUNE, "/tiendo")["text"]
    assert "35,5%" in progress and "khôi phục" in progress  # never silently current
    assert withdraw.startswith("bc:wd:")
    no_generic_errors(tg, COMMUNE)


def test_the_stuck_dialog_of_the_trial_keeps_everything(bot, tg, tmp_path):
    """52,5 in Q2, then 10 in Q3 (a fall of more than half) with a reason typed afterwards;
    then the same period again (already reported): both refusals are messages with buttons."""
    first = say(tg, COMMUNE, "/baocao ho-so-mang-xa 52,5 Q2/2022")
    press(tg, COMMUNE, first, buttons(first)[0])
    edited(tg, first)
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    value = pressed(tg, COMMUNE, period, "g:p:2022-Q3")
    assert "Giá trị quý 3/2022" in value["text"]
    refused = say(tg, COMMUNE, "10")
    assert "hơn một nửa" in refused["text"] and strings.office.DIALOG_REASON in refused["text"]
    assert "g:r:value" in buttons(refused) and "g:x" in buttons(refused)
    card = say(tg, COMMUNE, "số liệu giảm do rà soát lại hồ sơ")
    assert "Kiểm tra lại" in card["text"] and "10%" in card["text"]
    press(tg, COMMUNE, card, buttons(card)[0])
    edited(tg, card)
    # the same period again, by words: told at once, with the fix as a button
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    exists = say(tg, COMMUNE, "Q3 2022")
    assert "Đã có số liệu" in exists["text"] and "10%" in exists["text"]
    assert buttons(exists)[:2] == ["g:fix", "g:r:period"]
    value = pressed(tg, COMMUNE, exists, "g:fix")
    assert "hiện là 10%" in value["text"]
    reason = say(tg, COMMUNE, "12")
    assert strings.office.DIALOG_REASON in reason["text"]
    note_question = say(tg, COMMUNE, "sao phải ghi lý do?")  # a question is not the reason
    assert strings.office.DIALOG_REASON in note_question["text"]
    card = say(tg, COMMUNE, "bổ sung hồ sơ tháng 9")
    assert "12%" in card["text"] and "bổ sung hồ sơ tháng 9" in card["text"]
    no_generic_errors(tg, COMMUNE)


@pytest.mark.parametrize("words", ["hủy", "thôi", "thôi không báo cáo nữa", "Huỷ"])
def test_cancel_words_at_any_step(bot, tg, tmp_path, words):
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    say(tg, COMMUNE, "tháng 9")
    assert say(tg, COMMUNE, words)["text"] == strings.office.DIALOG_CANCELLED
    assert export_rows(tmp_path) == []
    stale = pressed(tg, COMMUNE, period, "g:p:2022-Q3")  # a button of the ended dialog
    assert stale["text"] == strings.office.DIALOG_STALE


def test_the_stop_button_and_stale_buttons_inside_the_dialog(bot, tg):
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    value = pressed(tg, COMMUNE, period, "g:p:2022-Q3")
    note = say(tg, COMMUNE, "30")
    again = pressed(tg, COMMUNE, period, "g:p:2022-Q2")  # an earlier step's button
    assert "quý 2/2022, giá trị 30" in again["text"]  # the value typed is kept
    assert strings.office.DIALOG_NOTE in again["text"]
    assert pressed(tg, COMMUNE, value, "g:x")["text"] == strings.office.DIALOG_CANCELLED
    assert note["text"] == strings.office.DIALOG_NOTE


def test_newly_invited_official_finds_their_way(bot, tg):
    invite = say(tg, ADMIN, "/moi Đồ Sơn")  # a unit name of two words, with accents
    link = re.search(r"start=inv_([\w-]+)", invite["text"])
    assert link and "UBND quận Đồ Sơn" in invite["text"] and "UTC" not in invite["text"]
    assert "UBND quận Đồ Sơn" in say(tg, ADMIN, "/moi do son")["text"]  # without accents
    several = say(tg, ADMIN, "/moi quận")
    assert buttons(several) == ["q:mi:quan-do-son", "q:mi:quan-duong-kinh"]
    welcome = say(tg, NEWCOMER, f"/start inv_{link[1]}")
    assert "UBND quận Đồ Sơn" in welcome["text"]
    commands = tg.wait(lambda: tg.commands.get((f"chat:{NEWCOMER}", "")))
    assert [c["command"] for c in commands].count("tiendo") == 1
    helped = say(tg, NEWCOMER, "/trogiup")["text"]
    assert "Lệnh của cán bộ báo cáo" in helped and "/baocao" in helped
    assert "Lệnh của quản trị viên" not in helped
    assert "Lệnh của cán bộ báo cáo" not in say(tg, CITIZEN, "/trogiup")["text"]
    assert "Lệnh của quản trị viên" in say(tg, ADMIN, "/start")["text"]
    early = say(tg, NEWCOMER, "/sua 35,5")  # nothing to correct yet: guided, not /baocao usage
    assert "Chưa có số liệu" in early["text"] and "Cách viết: <code>/baocao" not in early["text"]
    card = say(tg, NEWCOMER, "/baocao ho-so-mang-huyen 52,5 quý 3 năm 2022")
    assert "quý 3/2022" in card["text"] and "52,5%" in card["text"]
    press(tg, NEWCOMER, card, buttons(card)[0])
    edited(tg, card)
    choose = say(tg, NEWCOMER, "/sua 45")
    assert "45" in choose["text"] and buttons(choose)[0].startswith("bc:fix:")
    assert "✏️ quý 3/2022: 52,5%" in choose["reply_markup"]["inline_keyboard"][0][0]["text"]
    reason = pressed(tg, NEWCOMER, choose, buttons(choose)[0])  # the 45 typed is kept
    assert strings.office.DIALOG_REASON in reason["text"]
    card = say(tg, NEWCOMER, "nhập nhầm số hồ sơ")
    assert "Thay cho: 52,5%" in card["text"] and "45%" in card["text"]
    press(tg, NEWCOMER, card, buttons(card)[0])
    edited(tg, card)
    asked = say(tg, NEWCOMER, "/rutlai")
    assert "trở về <b>52,5%</b>" in asked["text"]
    press(tg, NEWCOMER, asked, buttons(asked)[1])  # “Không, giữ nguyên”
    assert edited(tg, asked)["text"] == strings.office.KEPT
    mine = say(tg, NEWCOMER, "/tiendo")
    assert mine["text"].startswith("<b>UBND quận Đồ Sơn</b>") and len(mine["text"]) < 900
    assert "45%" in mine["text"] and buttons(mine)[0].startswith("bc:fix:")
    found = say(tg, NEWCOMER, "/tiendo hồ sơ xã")["text"]
    assert "Hồ sơ công việc tại cấp xã" in found and "Không có chỉ tiêu" not in found
    many = say(tg, NEWCOMER, "/tiendo hồ sơ")
    assert len(buttons(many)) >= 3 and all(b.startswith("tdo:") for b in buttons(many))
    detail = pressed(tg, NEWCOMER, many, "tdo:ho-so-mang-huyen")
    assert "45%" in detail["text"] and "52,5% (đã được sửa)" in detail["text"]
    no_generic_errors(tg, NEWCOMER, ADMIN)


def test_administrator_reads_names_revokes_and_announces_to_an_audience(bot, tg, clock):
    say(tg, COMMUNE, "/tiendo")  # the official writes once: their name is kept
    roles = say(tg, ADMIN, "/quyen")
    text = roles["text"]
    assert "Lan (id 9402): cán bộ UBND phường Vạn Hương" in text
    assert "cấp bằng dòng lệnh" in text and "09:00 15/10/2022" in text
    for raw in ("cli", "invite", "None"):
        assert not re.search(rf"\b{raw}\b", text), raw
    invite = say(tg, ADMIN, "/moi Dương Kinh")
    code = re.search(r"start=inv_([\w-]+)", invite["text"])[1]
    roles = say(tg, ADMIN, "/quyen")
    revoke = f"q:ri:{code}"
    assert revoke in buttons(roles)
    assert all(len(b["text"]) <= 60 for row in roles["reply_markup"]["inline_keyboard"]
               for b in row)
    revoked = pressed(tg, ADMIN, roles, revoke)
    assert "Đã hủy lời mời" in revoked["text"]
    assert "thu hồi" in say(tg, NEWCOMER, f"/start inv_{code}")["text"]
    log = say(tg, ADMIN, "/nhatky")["text"]
    assert "hủy lời mời" in log and "Lan (id 9001)" in log
    for raw in ("urgent=", "None", "problems=", "via=cli"):
        assert raw not in log
    # an announcement to officials only, written at night: the delivery time is said
    subscriber = 8801
    say(tg, subscriber, "/theodoi")
    clock.moment = dt.datetime(2022, 10, 15, 22, 30, tzinfo=ICT)
    preview = say(tg, ADMIN, "/thongbao Kính gửi các đơn vị: hạn báo cáo quý 4 là 20/12.")
    assert "07:00 ngày 16/10/2022" in preview["text"]
    draft = buttons(preview)[0].split(":")[2]
    press(tg, ADMIN, preview, f"tb:a:{draft}:o")
    officials = edited(tg, preview)
    assert "Sẽ gửi tới <b>2</b> người: cán bộ" in officials["text"]  # the admin and COMMUNE
    press(tg, ADMIN, officials, buttons(officials)[0])
    queued = tg.wait(lambda: [m for m in tg.messages_to(ADMIN) if "📤" in m.get("text", "")])
    assert "sẽ gửi lúc 07:00 ngày 16/10/2022" in queued[-1]["text"]
    clock.moment = dt.datetime(2022, 10, 16, 7, 0, tzinfo=ICT)
    bot.app.bot_data.courier.wake.set()
    got = tg.wait(lambda: [m for m in tg.messages_to(COMMUNE) if "Kính gửi" in m.get("text", "")])
    assert len(got) == 1
    tg.wait(lambda: [m for m in tg.messages_to(ADMIN) if m.get("text", "").startswith("📬")])
    assert [m for m in tg.messages_to(subscriber) if "Kính gửi" in m.get("text", "")] == []
    no_generic_errors(tg, ADMIN, COMMUNE)


def test_a_grant_from_the_command_line_tells_the_official(make_bot, tg, tmp_path):
    newcomer = 9601
    tomorrow = dt.datetime.now(ICT).date() + dt.timedelta(days=1)  # after the CLI's clock,
    make_bot(admins=(ADMIN,), clock=Clock(dt.datetime.combine(  # outside the quiet hours
        tomorrow, dt.time(10, 0), tzinfo=ICT)))
    res = run_cli(tmp_path, "users", "grant", str(newcomer), "official", "--unit",
                  "quan-do-son", "--allow-closed-unit")
    assert res.returncode == 0, res.stderr
    told = tg.wait(lambda: [m for m in tg.messages_to(newcomer)
                            if "cấp quyền báo cáo cho UBND quận Đồ Sơn" in m.get("text", "")],
                   timeout=20)
    assert "/baocao" in told[0]["text"]
    run_cli(tmp_path, "users", "grant", str(newcomer), "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    time.sleep(1.5)  # the same grant again queues nothing more
    assert len([m for m in tg.messages_to(newcomer) if "cấp quyền" in m.get("text", "")]) == 1


def test_one_line_refusals_keep_the_value_and_offer_the_fix(bot, tg):
    first = say(tg, COMMUNE, "/baocao ho-so-mang-xa 52,5 Q2/2022")
    press(tg, COMMUNE, first, buttons(first)[0])
    edited(tg, first)
    jump = say(tg, COMMUNE, "/baocao ho-so-mang-xa 10 Q3/2022")
    assert "hơn một nửa" in jump["text"] and buttons(jump) == ["g:why"]
    reason = pressed(tg, COMMUNE, jump, "g:why")
    assert strings.office.DIALOG_REASON in reason["text"]
    card = say(tg, COMMUNE, "số liệu giảm do rà soát lại hồ sơ")
    assert "10%" in card["text"] and "Thay cho" not in card["text"]
    other = say(tg, COMMUNE, "/baocao ho-so-mang-huyen 50 Q3/2022")["text"]
    assert "cấp huyện" in other and "(chỉ tiêu district)" not in other
    no_generic_errors(tg, COMMUNE)


ODD_INPUTS = ["?", "52,5", "quý 3", "hồ sơ", "🙂", "x" * 300, "<b>x</b> & y", "không"]


def test_every_step_takes_every_input(bot, tg):
    """At each step, each odd input gets a reply that is not the generic error and either asks
    again (with the stop button) or moves on; the dialog never gets stuck."""
    first = say(tg, COMMUNE, "/baocao ho-so-mang-xa 52,5 Q2/2022")
    press(tg, COMMUNE, first, buttons(first)[0])
    edited(tg, first)

    def to_step(step):
        msg = say(tg, COMMUNE, "/baocao")
        if step == "ind":
            return
        msg = pressed(tg, COMMUNE, msg, "g:i:ho-so-mang-xa")
        if step == "period":
            return
        if step == "exists":
            pressed(tg, COMMUNE, msg, "g:p:2022-Q2")
            return
        pressed(tg, COMMUNE, msg, "g:p:2022-Q3")
        if step == "value":
            return
        say(tg, COMMUNE, "10" if step == "reason" else "40")

    for step in ("ind", "period", "exists", "value", "note", "reason"):
        for odd in ODD_INPUTS:
            to_step(step)
            reply = say(tg, COMMUNE, odd)
            assert strings.citizen.ERROR not in reply["text"], (step, odd)
            keys = buttons(reply)
            assert keys and ("g:x" in keys or keys[0].startswith("bc:ok:")), (
                step, odd, reply["text"])
            say(tg, COMMUNE, "/huy")
