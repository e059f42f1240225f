"""End to end, three personas with their usual mistakes: a commune official, a newly invited
official and an administrator. No generic error reply, nothing typed lost, every refusal a
message with a way forward."""

from __future__ import annotations

import datetime as dt

import pytest

from cdsbot import knowledge, texts, texts_office
from cdsbot.core import Assistant
from tests.test_telegram_official import (
    ICT,
    Clock,
    buttons,
    edited,
    export_rows,
    press,
    say,
)

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
def clock():
    return Clock(dt.datetime(2022, 10, 15, 9, 0, tzinfo=ICT))


@pytest.fixture
def bot(make_bot, commune_kb, clock):
    brain = Assistant(knowledge.load(commune_kb))
    running = make_bot(clock=clock, admins=(ADMIN,), brain=brain, knowledge=commune_kb)
    running.storage.grant(COMMUNE, "official", "phuong-van-huong", None, "cli")
    return running


def pressed(tg, user, msg, data):
    """Press a button and return the next message the bot sends to the user."""
    after = tg.last_message_id()
    press(tg, user, msg, data)
    return tg.wait_for_message(user, after=after)


def no_generic_errors(tg, *chats):
    for chat in chats:
        for m in tg.messages_to(chat):
            assert texts.ERROR not in m.get("text", ""), m["text"]


def test_commune_official_reports_corrects_and_withdraws_by_buttons_and_words(bot, tg,
                                                                               tmp_path):
    first = say(tg, COMMUNE, "/baocao")
    assert buttons(first) == ["g:i:ho-so-mang-xa", "g:x"]
    period = say(tg, COMMUNE, "hồ sơ xã")  # words instead of the button
    assert "Kỳ báo cáo" in period["text"]
    keys = buttons(period)
    assert keys[0] == "g:p:2022-Q4" and "g:p:2022-09" in keys and keys[-1] == "g:x"
    value = say(tg, COMMUNE, "quý 3")
    assert "Giá trị quý 3/2022" in value["text"]
    asked = say(tg, COMMUNE, "bao nhiêu phần trăm thì đạt?")  # a question, not a value
    assert "không phải là số" not in asked["text"]
    assert "quý 3/2022" in asked["text"] and "Giá trị" in asked["text"]  # the step again
    note = say(tg, COMMUNE, "35,5")
    assert note["text"] == texts_office.DIALOG_NOTE
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
    assert texts_office.DIALOG_REASON in reason["text"]
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
    assert "hơn một nửa" in refused["text"] and texts_office.DIALOG_REASON in refused["text"]
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
    assert texts_office.DIALOG_REASON in reason["text"]
    note_question = say(tg, COMMUNE, "sao phải ghi lý do?")  # a question is not the reason
    assert texts_office.DIALOG_REASON in note_question["text"]
    card = say(tg, COMMUNE, "bổ sung hồ sơ tháng 9")
    assert "12%" in card["text"] and "bổ sung hồ sơ tháng 9" in card["text"]
    no_generic_errors(tg, COMMUNE)


@pytest.mark.parametrize("words", ["hủy", "thôi", "thôi không báo cáo nữa", "Huỷ"])
def test_cancel_words_at_any_step(bot, tg, tmp_path, words):
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    say(tg, COMMUNE, "tháng 9")
    assert say(tg, COMMUNE, words)["text"] == texts_office.DIALOG_CANCELLED
    assert export_rows(tmp_path) == []
    stale = pressed(tg, COMMUNE, period, "g:p:2022-Q3")  # a button of the ended dialog
    assert stale["text"] == texts_office.DIALOG_STALE


def test_the_stop_button_and_stale_buttons_inside_the_dialog(bot, tg):
    start = say(tg, COMMUNE, "/baocao")
    period = pressed(tg, COMMUNE, start, "g:i:ho-so-mang-xa")
    value = pressed(tg, COMMUNE, period, "g:p:2022-Q3")
    note = say(tg, COMMUNE, "30")
    again = pressed(tg, COMMUNE, period, "g:p:2022-Q2")  # an earlier step's button
    assert "quý 2/2022, giá trị 30" in again["text"]  # the value typed is kept
    assert texts_office.DIALOG_NOTE in again["text"]
    assert pressed(tg, COMMUNE, value, "g:x")["text"] == texts_office.DIALOG_CANCELLED
    assert note["text"] == texts_office.DIALOG_NOTE
