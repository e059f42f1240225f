"""End to end: officials report by chat; admins invite, revoke, read the audit, export."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cdsbot import strings
from tests.harness import (
    ADMIN,
    CITIZEN,
    ICT,
    OFFICIAL,
    Clock,
    buttons,
    edited,
    export_rows,
    log_question,
    press,
    pressed,
    run_cli,
    say,
    settle,
)

PROBE = 9009


def report(tg, user, line):
    """/baocao …, then press ✅; return the edited confirmation."""
    prompt = say(tg, user, line)
    assert buttons(prompt)[0].startswith("bc:ok:"), prompt["text"]
    press(tg, user, prompt, buttons(prompt)[0])
    return edited(tg, prompt)


def test_new_official_reports_in_one_line_and_everyone_sees_progress(office_bot, tg, tmp_path):
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 52,5 2022-Q3")
    assert "Kiểm tra lại trước khi lưu" in prompt["text"] and "52,5%" in prompt["text"]
    assert [b.split(":")[1] for b in buttons(prompt)] == ["ok", "no"]
    assert export_rows(tmp_path) == []  # nothing saved before the confirmation
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    saved = edited(tg, prompt)
    assert "✅ Đã lưu báo cáo" in saved["text"]
    assert [b.rsplit(":", 1)[0] for b in buttons(saved)] == ["bc:fix", "bc:wd"]
    overview = say(tg, CITIZEN, "/tiendo")["text"]
    assert "52,5% / 50%" in overview
    # a district's target: reached at the district that reported, not by the city
    assert "✅ đạt tại UBND quận Đồ Sơn" in overview and "kỳ quý 3/2022" in overview
    assert "chưa có số liệu" in overview  # the other indicators
    answer = say(tg, CITIZEN, "hồ sơ công việc cấp huyện xử lý trên mạng bao nhiêu phần trăm")
    assert "📊 Tiến độ" in answer["text"] and "52,5%" in answer["text"]
    rows = export_rows(tmp_path)
    assert [(r["indicator"], r["unit"], r["period"], r["value"], r["reporter"], r["status"])
            for r in rows] == [("ho-so-mang-huyen", "quan-do-son", "2022-Q3", "52.5",
                                str(OFFICIAL), "active")]


def test_correction_needs_a_reason_and_keeps_both_values(office_bot, tg, tmp_path):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    again = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")
    assert "Đã có số liệu 40%" in again["text"] and strings.office.FIX in again["text"]
    assert buttons(again) == ["g:fix"]
    no_reason = say(tg, OFFICIAL, "/sua ho-so-mang-huyen 45 2022-Q3")
    assert "lý do" in no_reason["text"] and strings.office.CORRECTION_REASON_NEXT in \
        no_reason["text"]
    # a persona's trial: the reason sent next was read as a question, the value lost
    held = say(tg, OFFICIAL, "nhập nhầm số hồ sơ")
    assert "45%" in held["text"] and "nhập nhầm số hồ sơ" in held["text"], held["text"]
    press(tg, OFFICIAL, held, buttons(held)[0])
    fixed = edited(tg, held)
    assert "✅ Đã sửa số liệu" in fixed["text"]
    history = say(tg, OFFICIAL, "/tiendo ho-so-mang-huyen")["text"]
    assert "40% (đã được sửa)" in history and "45%" in history
    assert "nhập nhầm số hồ sơ" in history
    rows = export_rows(tmp_path)
    assert [(r["value"], r["status"]) for r in rows] == [("40", "superseded"), ("45", "active")]
    audit = export_rows(tmp_path, "audit")
    assert any(r["action"] == "report.correct" and '"old": 40.0' in r["detail"]
               and '"new": 45.0' in r["detail"] for r in audit)


def test_notes_and_reasons_are_for_staff(office_bot, tg):
    """A staff trial: a citizen's /tiendo showed an official's internal note, a correction's
    reason and "nếu sai, hãy sửa". The values and what happened to them stay public."""
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45,5 2022-Q3 số liệu nội bộ, chưa đủ")
    report(tg, OFFICIAL, "/sua ho-so-mang-huyen 50 2022-Q3 cập nhật số liệu cuối quý")
    asked = say(tg, OFFICIAL, "/rutlai")
    press(tg, OFFICIAL, asked, buttons(asked)[0])
    public = say(tg, CITIZEN, "/tiendo ho-so-mang-huyen")["text"]
    assert "45,5%" in public and "50%" in public and "(đã rút lại)" in public, public
    assert "nội bộ" not in public and "cuối quý" not in public and "hãy sửa" not in public
    staff = say(tg, OFFICIAL, "/tiendo ho-so-mang-huyen")["text"]
    assert "nội bộ" in staff and "cuối quý" in staff and "hãy sửa" in staff, staff


def test_an_official_is_told_when_an_administrator_corrects_their_value(office_bot, tg,
                                                                        tmp_path, clock):
    """A staff trial: an administrator's /sua superseded an official's 70 %, and she was
    never told. She is, once the correction can no longer be withdrawn (a review: she was
    told of one withdrawn at once); a correction of one's own value tells nobody."""
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 70 2022-Q3")
    report(tg, ADMIN, "/sua ho-so-mang-huyen 71 quan-do-son 2022-Q3 gõ nhầm, sẽ rút lại")
    asked = say(tg, ADMIN, "/rutlai")
    press(tg, ADMIN, asked, buttons(asked)[0])
    edited(tg, asked)
    report(tg, ADMIN, "/sua ho-so-mang-huyen 72 quan-do-son 2022-Q3 theo báo cáo rà soát")
    clock.advance(minutes=11)
    office_bot.app.bot_data.courier.wake.set()
    told = tg.wait(lambda: [m for m in tg.messages_to(OFFICIAL)
                            if "Số liệu bạn báo cáo đã được sửa" in m.get("text", "")])
    assert len(told) == 1 and "70% → 72%" in told[0]["text"], told
    assert "theo báo cáo rà soát" in told[0]["text"]
    report(tg, ADMIN, "/sua ho-so-mang-huyen 74 quan-do-son 2022-Q3 số liệu cuối quý")
    kinds = [kind for _key, kind, _t, _b in office_bot.storage.notices.notifications()]
    assert kinds.count("corrected") == 1, kinds  # the admin's own value: nobody to tell


def test_withdraw_only_within_ten_minutes(office_bot, tg, tmp_path, clock):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    clock.advance(minutes=11)
    assert "10 phút" in say(tg, OFFICIAL, "/rutlai")["text"]
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 41 2022-Q2")
    clock.advance(minutes=5)
    asked = say(tg, OFFICIAL, "/rutlai")
    assert "Rút lại báo cáo" in asked["text"] and "chưa có số liệu" in asked["text"]
    assert export_rows(tmp_path)[1]["status"] == "active"  # nothing before the confirmation
    press(tg, OFFICIAL, asked, buttons(asked)[0])
    assert "↩️ Đã rút lại" in edited(tg, asked)["text"]
    assert [(r["period"], r["status"]) for r in export_rows(tmp_path)] == [
        ("2022-Q3", "active"), ("2022-Q2", "withdrawn")]


def test_cancel_and_expiry_store_nothing(office_bot, tg, tmp_path, clock):
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    press(tg, OFFICIAL, prompt, buttons(prompt)[1])
    assert edited(tg, prompt)["text"] == strings.office.CANCELLED
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q2")
    clock.advance(minutes=31)
    answer = press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    assert "hết hạn" in answer["text"] and answer.get("show_alert") in (True, "true", "True")
    assert export_rows(tmp_path) == []
    actions = [r["action"] for r in export_rows(tmp_path, "audit")]
    assert "report.cancel" in actions and "report.expire" in actions


def test_the_usage_example_is_an_indicator_the_official_reports(office_bot, tg):
    """The example was the 2022 plan's district indicator for everyone; then the plan's first
    percentage, a city indicator a district may not report."""
    usage = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen")["text"]
    assert "Thiếu mã chỉ tiêu hoặc giá trị" in usage
    assert "/baocao ho-so-mang-huyen 52,5 2022-Q3" in usage and "Q3/2022" in usage


def test_guided_dialog(office_bot, tg, tmp_path):
    # Đồ Sơn reports one indicator: it is chosen, and the dialog asks for the period (a
    # trial's official typed "hs huyen", unmatched, and the next three messages were read as
    # indicators)
    period = say(tg, OFFICIAL, "/baocao")
    assert "Hồ sơ công việc tại cấp huyện" in period["text"], period["text"]
    assert "g:p:2022-Q4" in buttons(period) and "g:p:2022" in buttons(period)
    after = tg.last_message_id()
    press(tg, OFFICIAL, period, "g:p:2022-Q3")
    assert "Giá trị quý 3/2022" in tg.wait_for_message(OFFICIAL, after=after)["text"]
    assert "không phải là số" in say(tg, OFFICIAL, "năm mươi")["text"]
    note = say(tg, OFFICIAL, "51,5")
    assert note["text"] == strings.office.DIALOG_NOTE
    after = tg.last_message_id()
    press(tg, OFFICIAL, note, "g:n")
    prompt = tg.wait_for_message(OFFICIAL, after=after)
    assert "51,5%" in prompt["text"] and "quý 3/2022" in prompt["text"]
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    edited(tg, prompt)
    assert [r["value"] for r in export_rows(tmp_path)] == ["51.5"]


def test_a_value_typed_in_a_sentence_is_taken_only_when_it_is_the_only_number(office_bot, tg,
                                                                              tmp_path):
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "ho-so-mang-huyen")
    say(tg, OFFICIAL, "2022-Q3")
    assert "không phải là số" in say(tg, OFFICIAL, "quý 3 là 53,5")["text"]  # two numbers
    # a period typed at the value step chooses that period ("quý 2" was taken as 2%)
    assert "Giá trị quý 2/2022" in say(tg, OFFICIAL, "quý 2")["text"]
    assert say(tg, OFFICIAL, "em nhập nhầm, là 35,5%")["text"] == strings.office.DIALOG_NOTE
    prompt = say(tg, OFFICIAL, "bỏ qua")
    assert "35,5%" in prompt["text"]  # shown before it is saved
    assert "35,5%" in prompt["text"] and "quý 2/2022" in prompt["text"]
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    edited(tg, prompt)
    assert [(r["value"], r["period"]) for r in export_rows(tmp_path)] == [("35.5", "2022-Q2")]


def test_typing_bo_qua_at_the_note_step_saves_no_note(office_bot, tg, tmp_path):
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "ho-so-mang-huyen")
    say(tg, OFFICIAL, "2022-Q3")
    assert say(tg, OFFICIAL, "51,5")["text"] == strings.office.DIALOG_NOTE
    prompt = say(tg, OFFICIAL, "bỏ qua")
    assert "51,5%" in prompt["text"] and "bỏ qua" not in prompt["text"].lower()
    press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    edited(tg, prompt)
    (row,) = export_rows(tmp_path)
    assert row["value"] == "51.5" and row["note"] == ""


def test_a_negative_value_is_refused_at_every_step(office_bot, tg, tmp_path):
    """A persona's trial: "-40" at the value step went on to the note (read as 40), and
    "/sua -45" showed 45 % on the card; the one-line form refused it."""
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "ho-so-mang-huyen")
    say(tg, OFFICIAL, "2022-Q3")
    assert "phải từ 0 đến 100" in say(tg, OFFICIAL, "-40")["text"]
    say(tg, OFFICIAL, "/huy")
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2022-Q3")
    offer = say(tg, OFFICIAL, "/sua -45")
    if buttons(offer):
        offer = pressed(tg, OFFICIAL, offer, buttons(offer)[0])
    assert "phải từ 0 đến 100" in offer["text"], offer["text"]
    assert [r["value"] for r in export_rows(tmp_path)] == ["50"]


@pytest.mark.parametrize("stop", ["/huy", "hủy"])
def test_a_card_waiting_for_confirmation_can_be_cancelled_in_words(office_bot, tg, tmp_path,
                                                                   stop):
    """A Telegram trial: "/huy" under a one-line report's card said there was nothing to
    stop, and ✅ then saved it; "hủy" was read as a question."""
    card = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q4")
    assert "55%" in card["text"] and buttons(card)
    assert "Đã hủy báo cáo đang chờ xác nhận" in say(tg, OFFICIAL, stop)["text"]
    answer = press(tg, OFFICIAL, card, buttons(card)[0])
    # a staff trial: ✅ then said "đã được xử lý rồi" and the card kept its buttons
    assert answer["text"] == strings.office.CARD_CLOSED["cancelled"]
    assert not buttons(edited(tg, card))
    assert export_rows(tmp_path) == []
    assert say(tg, OFFICIAL, "/huy")["text"] == strings.office.NOTHING_TO_STOP


def test_a_one_line_report_may_name_the_indicator_in_words(office_bot, tg):
    """A Telegram trial: "/baocao ho so thanh pho 40 quy 2" was told there is no indicator
    "ho" and offered other levels' indicators; the words name one the official reports."""
    card = say(tg, OFFICIAL, "/baocao ho so huyen 40 2022-Q3")
    assert "40%" in card["text"] and buttons(card), card["text"]
    unknown = say(tg, OFFICIAL, "/baocao kinh te 40 2022-Q3")["text"]
    assert "ho-so-mang-thanh-pho" not in unknown and "ho-so-mang-xa" not in unknown


def test_a_sua_reason_given_by_its_button_stays_a_correction(office_bot, tg, tmp_path):
    """A review: under a /sua refused for its missing reason, "✍️ Ghi lý do" then the reason
    made it a new report ("Đã có số liệu 40% …"), the 45 lost."""
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    refused = say(tg, OFFICIAL, "/sua ho-so-mang-huyen 45 2022-Q3")
    asked = pressed(tg, OFFICIAL, refused, buttons(refused)[0])
    assert "lý do" in asked["text"].lower()
    held = say(tg, OFFICIAL, "nhập nhầm số hồ sơ")
    assert "45%" in held["text"] and "Đã có số liệu" not in held["text"], held["text"]


def test_thanks_before_the_reason_keeps_the_correction(office_bot, tg, tmp_path):
    """A staff trial: after a /sua refused for its missing reason, "ok cảm ơn" ended the
    window, and the reason sent next was answered as a citizen's question, the 45 lost."""
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    say(tg, OFFICIAL, "/sua ho-so-mang-huyen 45 2022-Q3")
    thanks = say(tg, OFFICIAL, "ok cảm ơn")
    assert "45%" not in thanks["text"] and not buttons(thanks), thanks["text"]
    held = say(tg, OFFICIAL, "nhập nhầm số hồ sơ")
    assert "45%" in held["text"] and "nhập nhầm số hồ sơ" in held["text"], held["text"]
    press(tg, OFFICIAL, held, buttons(held)[0])
    assert "✅ Đã sửa số liệu" in edited(tg, held)["text"]
    assert [(r["value"], r["status"]) for r in export_rows(tmp_path)] == [
        ("40", "superseded"), ("45", "active")]


def test_a_value_said_again_under_a_card_replaces_the_card(office_bot, tg, tmp_path):
    """A staff trial: "à nhầm, 58,5 chứ" under a card waiting for ✅ was "outside what I
    know". It replaces the card (the old one cancelled, audited, in the same transaction);
    a value refused leaves the card as it was; a citizen saying the same is a citizen."""
    card = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q4")
    new = say(tg, OFFICIAL, "à nhầm, 58,5 chứ")
    assert "55%" in new["text"] and "58,5%" in new["text"], new["text"]
    assert [b.split(":")[1] for b in buttons(new)] == ["ok", "no"]
    refused = say(tg, OFFICIAL, "sai rồi, 158")
    assert strings.office.RETYPE_REFUSED in refused["text"] and not buttons(refused)
    assert "Xin lỗi" in say(tg, CITIZEN, "sai rồi, 58 chứ")["text"]
    assert press(tg, OFFICIAL, card, buttons(card)[0])["text"] == \
        strings.office.CARD_CLOSED["cancelled"]
    press(tg, OFFICIAL, new, buttons(new)[0])
    assert "✅ Đã lưu báo cáo" in edited(tg, new)["text"]
    assert [(r["value"], r["status"]) for r in export_rows(tmp_path)] == [("58.5", "active")]
    actions = [r["action"] for r in export_rows(tmp_path, "audit")]
    assert actions.count("report.cancel") == 1, actions


def test_a_value_said_again_is_read_with_care(office_bot, tg, tmp_path):
    """A staff trial of the card's replacement: "nhầm, quý 2 chứ" saved 2 %; the same
    message delivered twice cancelled the new card (audited as the official's cancel); a
    value that needs a reason asked for it, and the reason was read as a citizen's question;
    with two cards open it was "outside what I know"."""
    card = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q4")
    period = say(tg, OFFICIAL, "nhầm, quý 3 chứ")  # the period said again: a new card
    assert "quý 3/2022" in period["text"] and "<b>55%</b>" in period["text"], period["text"]
    say(tg, OFFICIAL, "lại nhầm, quý 4 chứ")
    after = tg.last_message_id()
    update = tg.send_text(OFFICIAL, "à nhầm, 56 chứ")
    new = tg.wait_for_message(OFFICIAL, after=after + 1)
    assert "56%" in new["text"] and buttons(new)
    tg.redeliver(update)  # the same message again (same chat and message id)
    settle(tg)
    press(tg, OFFICIAL, new, buttons(new)[0])
    assert "✅ Đã lưu báo cáo" in edited(tg, new)["text"]
    assert [(r["value"], r["period"]) for r in export_rows(tmp_path)] == [("56", "2022-Q4")]
    assert [r["action"] for r in export_rows(tmp_path, "audit")].count("report.cancel") == 3
    assert press(tg, OFFICIAL, card, buttons(card)[0])["text"] == \
        strings.office.CARD_CLOSED["cancelled"]
    # a jump to a tenth of the value needs its reason: the whole line to send is shown
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 58 2022-Q2")
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 60 2022-Q3")
    jump = say(tg, OFFICIAL, "nhầm, 6 chứ")
    assert "/baocao ho-so-mang-huyen 6 quan-do-son 2022-Q3" in jump["text"], jump["text"]
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 61 2022-Q1")
    both = say(tg, OFFICIAL, "à nhầm, 62 chứ")
    assert both["text"] == strings.office.retype_which(2), both["text"]
    # a review: a value and a period together were "outside what I know": not read, said so
    cancel = say(tg, OFFICIAL, "/huy")
    assert "2" in cancel["text"], cancel["text"]
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 61 2022-Q1")
    unread = say(tg, OFFICIAL, "nhầm rồi, quý 3 là 58,5")["text"]
    assert "chưa đọc được" in unread and "/baocao ho-so-mang-huyen 61 quan-do-son 2022-Q1" \
        in unread, unread


def test_a_value_said_again_after_the_card_expired_gives_the_line_to_send(office_bot, tg,
                                                                           clock):
    """A review: "à nhầm, 19 chứ" after the card expired was "outside what I know"."""
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 15 2022-Q3 theo hệ thống")
    clock.advance(minutes=31)
    late = say(tg, OFFICIAL, "à nhầm, 19 chứ")["text"]
    assert "hết hạn" in late and "/baocao ho-so-mang-huyen 19 quan-do-son 2022-Q3 theo hệ " \
        "thống" in late, late
    assert "Xin lỗi" in say(tg, CITIZEN, "à nhầm, 19 chứ")["text"]


def test_a_value_said_again_at_the_note_is_the_value_and_thanks_no_reason(
        office_bot, tg, tmp_path):
    """A staff trial: at the dialog's note step "à nhầm, 23,5 chứ" was saved as the note
    of 32,5 (and the wrong value announced); "ok cảm ơn em" was taken as a correction's
    reason and shown to everyone."""
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "ho-so-mang-huyen")
    say(tg, OFFICIAL, "2022-Q3")
    assert say(tg, OFFICIAL, "32,5")["text"] == strings.office.DIALOG_NOTE
    again = say(tg, OFFICIAL, "à nhầm, 23,5 chứ")
    assert strings.office.DIALOG_NOTE in again["text"], again["text"]
    period = say(tg, OFFICIAL, "à nhầm, quý 2 chứ")  # the period, the value kept (a review)
    assert strings.office.DIALOG_NOTE in period["text"] and "quý 2/2022" in period["text"], \
        period["text"]
    card = say(tg, OFFICIAL, "bỏ qua")
    assert "<b>23,5%</b>" in card["text"] and "Ghi chú" not in card["text"], card["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert [(r["value"], r["note"], r["period"]) for r in export_rows(tmp_path)] == [
        ("23.5", "", "2022-Q2")]
    listed = say(tg, OFFICIAL, "/sua 30")
    asked = pressed(tg, OFFICIAL, listed, buttons(listed)[0])
    assert "lý do" in asked["text"].lower(), asked["text"]
    thanks = say(tg, OFFICIAL, "ok cảm ơn em")
    assert "lý do" in thanks["text"].lower() and not buttons(thanks)[:1] == ["bc:ok"], thanks
    held = say(tg, OFFICIAL, "nhập nhầm số hồ sơ")
    assert "30%" in held["text"] and "nhập nhầm số hồ sơ" in held["text"], held["text"]


def test_sua_with_a_number_does_not_end_a_dialog_in_progress(office_bot, tg):
    """A review: "/sua 45" in the middle of /baocao's steps wiped the dialog."""
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "ho-so-mang-huyen")
    say(tg, OFFICIAL, "2022-Q2")
    say(tg, OFFICIAL, "/sua 45")
    assert say(tg, OFFICIAL, "41")["text"] == strings.office.DIALOG_NOTE


def test_dung_under_a_card_does_not_cancel_it(office_bot, tg, tmp_path):
    """A review: "đúng" (yes) folds to "dung" (dừng: stop) and cancelled the card."""
    card = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q4")
    assert "Đã hủy" not in say(tg, OFFICIAL, "đúng")["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert "✅" in edited(tg, card)["text"]


def test_a_sua_of_a_period_with_no_value_says_so_first(office_bot, tg):
    """A review: "/sua … 45 2022-Q3" with nothing reported asked for the reason first, then
    said there was nothing to correct."""
    reply = say(tg, OFFICIAL, "/sua ho-so-mang-huyen 45 2022-Q3")["text"]
    assert reply.startswith("Chưa có số liệu nào cho chỉ tiêu"), reply


def test_dialog_cancel_and_timeout(make_bot, tg, tmp_path, clock):
    run_cli(tmp_path, "users", "grant", str(OFFICIAL), "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    make_bot(clock=clock, dialog_timeout=1.5)
    say(tg, OFFICIAL, "/baocao")
    assert say(tg, OFFICIAL, "/huy")["text"] == strings.office.DIALOG_CANCELLED
    assert say(tg, OFFICIAL, "/huy")["text"] == "Không có báo cáo nào đang nhập."
    say(tg, OFFICIAL, "/baocao")
    after = tg.last_message_id()
    assert tg.wait_for_message(OFFICIAL, after=after, timeout=15)["text"] == \
        strings.office.DIALOG_TIMEOUT


@pytest.mark.parametrize("written", ["so tt", "Sở TT&TT", "sở tttt"])
def test_invite_for_a_unit_as_staff_write_it(office_bot, tg, written):
    """A staff trial: "/moi so tt" and "/moi Sở TT&TT" found no unit, and the admin was told
    to edit knowledge/units.yaml."""
    msg = say(tg, ADMIN, f"/moi {written}")
    assert "inv_" in msg["text"] and "Sở Thông tin và Truyền thông" in msg["text"], msg["text"]


def test_invite_binds_once_and_revocation_keeps_history(office_bot, tg, tmp_path):
    newcomer, second = 9100, 9101
    msg = say(tg, ADMIN, "/moi quan-duong-kinh")
    link = re.search(r"https://t\.me/cdshp_bot\?start=inv_([\w-]+)", msg["text"])
    assert link and "UBND quận Dương Kinh" in msg["text"]
    welcome = say(tg, newcomer, f"/start inv_{link[1]}")
    assert "UBND quận Dương Kinh" in welcome["text"] and "/baocao" in welcome["text"]
    commands = tg.wait(lambda: tg.commands.get((f"chat:{newcomer}", "")))
    assert {"baocao", "sua", "tiendo"} <= {c["command"] for c in commands}
    assert "moi" not in {c["command"] for c in commands}
    assert "đã được dùng" in say(tg, second, f"/start inv_{link[1]}")["text"]
    # its own user opening it again is told they have the role (a staff trial: "đã được dùng")
    again = say(tg, newcomer, f"/start inv_{link[1]}")["text"]
    assert again == strings.invites.USED_BY_YOU, again
    told = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                            if "Lời mời của bạn đã được dùng" in m.get("text", "")])
    assert len(told) == 1 and f"id {newcomer}" in told[0]["text"]  # whoever made the invite
    assert "UBND quận Dương Kinh" in told[0]["text"]
    assert "không tồn tại" in say(tg, second, "/start inv_khongco")["text"]
    roles = say(tg, ADMIN, "/quyen")
    assert str(newcomer) in roles["text"] and "UBND quận Dương Kinh" in roles["text"]
    role_button = next(b for row in roles["reply_markup"]["inline_keyboard"] for b in row
                       if str(newcomer) in b["text"])["callback_data"]
    assert role_button.startswith("q:rv:")
    asked = pressed(tg, ADMIN, roles, role_button)  # asked first
    assert "Thu hồi quyền cán bộ báo cáo UBND quận Dương Kinh" in asked["text"]
    press(tg, ADMIN, asked, role_button.replace("q:rv:", "q:rvok:"))
    tg.wait(lambda: (f"chat:{newcomer}", "") not in tg.commands)
    denied = say(tg, newcomer, "/baocao ho-so-mang-huyen 50 quan-duong-kinh 2022-Q3")
    assert "UBND quận Dương Kinh của bạn đã bị thu hồi" in denied["text"]
    users = run_cli(tmp_path, "users", "list").stdout
    assert str(newcomer) not in users  # revoked; the history stays in the audit log
    audit = export_rows(tmp_path, "audit")
    assert [r["action"] for r in audit if r["target"] == str(newcomer)] == ["grant", "revoke"]


def test_an_invite_to_a_role_already_held_is_left_unused(office_bot, tg):
    """A review: using an invite for a role one holds used it up and told the administrator
    a role was granted, although nothing changed."""
    newcomer, later = 9110, 9111
    first = re.search(r"inv_([\w-]+)", say(tg, ADMIN, "/moi quan-duong-kinh")["text"])[1]
    second = re.search(r"inv_([\w-]+)", say(tg, ADMIN, "/moi quan-duong-kinh")["text"])[1]
    say(tg, newcomer, f"/start inv_{first}")
    assert strings.invites.ALREADY_HELD in say(tg, newcomer, f"/start inv_{second}")["text"]
    assert "UBND quận Dương Kinh" in say(tg, later, f"/start inv_{second}")["text"]
    told = tg.wait(lambda: (found := [m for m in tg.messages_to(ADMIN)
                                      if "Lời mời của bạn đã được dùng" in m.get("text", "")])
                   and len(found) >= 2 and found)
    assert [f"id {newcomer}" in m["text"] for m in told] == [True, False]


def test_expired_invite(office_bot, tg, clock):
    link = re.search(r"inv_([\w-]+)", say(tg, ADMIN, "/moi quan-do-son")["text"])[1]
    clock.advance(hours=49)
    assert "hết hạn" in say(tg, 9200, f"/start inv_{link}")["text"]


def test_chart_is_sent_as_a_png(office_bot, tg):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 30 2022-Q3")
    after = tg.last_message_id()
    tg.send_text(CITIZEN, "/tiendo bieudo")
    photo = tg.wait(lambda: [m for m in tg.messages_to(CITIZEN)
                             if m["message_id"] > after and m["method"] == "sendphoto"])[0]
    assert photo["caption"] == strings.office.CHART_CAPTION
    call = tg.calls_of("sendPhoto")[-1]
    content = call.params["photo"]["content"]
    assert content.startswith(b"\x89PNG") and len(content) > 20_000


def test_reminder_before_the_quarter_closes_once(make_bot, tg, tmp_path):
    run_cli(tmp_path, "users", "grant", str(OFFICIAL), "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    clock = Clock(dt.datetime(2022, 9, 23, 7, 30, tzinfo=ICT))  # 7 days left, before 08:00
    bot = make_bot(clock=clock)
    job = bot.app.job_queue.get_jobs_by_name("reminders")[0]
    bot.call(job.run(bot.app))
    settle(tg)
    assert tg.messages_to(OFFICIAL) == []
    clock.moment = dt.datetime(2022, 9, 23, 8, 30, tzinfo=ICT)
    bot.call(job.run(bot.app))
    bot.call(job.run(bot.app))  # a second tick sends nothing more
    settle(tg)
    sent = tg.messages_to(OFFICIAL)
    assert len(sent) == 1 and "⏰ Nhắc báo cáo" in sent[0]["text"]
    assert "ho-so-mang-huyen" in sent[0]["text"] and "quý 3/2022" in sent[0]["text"]
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")
    clock.moment = dt.datetime(2022, 9, 29, 9, 0, tzinfo=ICT)  # the 1-day window
    bot.call(job.run(bot.app))
    settle(tg)
    assert [m for m in tg.messages_to(OFFICIAL) if "⏰" in m.get("text", "")] == sent[:1]


def test_the_same_message_delivered_twice_stores_one_report(office_bot, tg, tmp_path):
    update = tg.send_text(OFFICIAL, "/baocao ho-so-mang-huyen 44 2022-Q3")
    prompt = tg.wait_for_message(OFFICIAL)
    tg.redeliver(update)
    settle(tg)
    assert len(tg.messages_to(OFFICIAL)) == 1
    ok = buttons(prompt)[0]
    press(tg, OFFICIAL, prompt, ok)
    edited(tg, prompt)
    assert press(tg, OFFICIAL, prompt, ok)["text"] == strings.office.CARD_CLOSED["confirmed"]
    tg.redeliver(update)
    settle(tg)
    assert len(export_rows(tmp_path)) == 1


def test_reaching_a_target_queues_one_achievement(office_bot, tg):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q2")
    def achievements():  # the CLI grant queued a "you may report" notice: not counted here
        return [n for n in office_bot.storage.notices.notifications() if n[1] != "grant"]

    assert achievements() == []
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    report(tg, OFFICIAL, "/sua ho-so-mang-huyen 56 2022-Q3 cập nhật số liệu cuối quý")
    (key, kind, _title, body), = achievements()
    assert (key, kind) == ("achievement:ho-so-mang-huyen:quan-do-son", "achievement")
    # corrected before the notice went out: it says the value that stands
    assert "UBND quận Đồ Sơn" in body and "quý 3/2022" in body and "56%" in body


def test_each_district_reaching_its_own_target_is_announced_once(office_bot, tg, tmp_path):
    """A district-level target is every district's own: the second district to reach it is
    news too (it was silently dropped as "already reached" by the first), each exactly once."""
    other = 9010
    res = run_cli(tmp_path, "users", "grant", str(other), "official", "--unit",
                  "quan-duong-kinh", "--allow-closed-unit")
    assert res.returncode == 0, res.stderr
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    report(tg, other, "/baocao ho-so-mang-huyen 60 2022-Q3")
    report(tg, other, "/sua ho-so-mang-huyen 61 2022-Q3 cập nhật số liệu cuối quý")
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 57 2022-Q4")
    got = [(key, title) for key, kind, title, _body in office_bot.storage.notices.notifications()
           if kind == "achievement"]
    assert [key for key, _ in got] == ["achievement:ho-so-mang-huyen:quan-do-son",
                                       "achievement:ho-so-mang-huyen:quan-duong-kinh"]
    assert "UBND quận Dương Kinh" in got[1][1]


def test_a_district_announced_under_the_old_key_is_not_announced_again(office_bot, tg):
    """A database from before achievements named their unit holds Đồ Sơn's notice under
    "achievement:<indicator>": Đồ Sơn dropping below the target and reaching it again is not
    news a second time."""
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    office_bot.storage.db.execute(  # as the previous release wrote it
        "UPDATE notifications SET key = 'achievement:ho-so-mang-huyen' WHERE kind = 'achievement'")
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q4")
    report(tg, OFFICIAL, "/sua ho-so-mang-huyen 52 2022-Q4 cập nhật số liệu cuối quý")
    kinds = [kind for _key, kind, _t, _b in office_bot.storage.notices.notifications()]
    assert kinds.count("achievement") == 1


def test_admin_reads_the_audit_and_exports_csv(office_bot, tg):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")
    log = say(tg, ADMIN, "/nhatky")["text"]
    assert "báo cáo Hồ sơ công việc tại cấp huyện" in log and "cấp quyền" in log
    # a staff trial: "/nhatky 1000" was read as user 1000's log (empty): a count, capped
    assert "báo cáo Hồ sơ công việc tại cấp huyện" in say(tg, ADMIN, "/nhatky 1000")["text"]
    after = tg.last_message_id()
    tg.send_text(ADMIN, "/xuat")
    doc = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                           if m["message_id"] > after and m["method"] == "senddocument"])[0]
    content = doc["document_content"].decode("utf-8-sig")
    assert content.startswith("indicator,unit,period,value,reporter,created_at,status")
    assert "ho-so-mang-huyen,quan-do-son,2022-Q3,45" in content
    # the file is named "nhatky-…": "/xuat nhật ký" is the audit (a staff trial got the usage)
    after = tg.last_message_id()
    tg.send_text(ADMIN, "/xuat nhật ký")
    audit = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                             if m["message_id"] > after and m["method"] == "senddocument"])[0]
    assert audit["document"]["file_name"].startswith("nhatky-"), audit["document"]


# --- the authorisation matrix ------------------------------------------------------------------

GROUP = -100777
ACTORS = {
    # name: (user id, chat id, chat type, setup)
    "citizen": (9301, 9301, "private", None),
    "revoked official": (9302, 9302, "private", "revoked"),
    "official of another unit": (9303, 9303, "private", "other-unit"),
    "anonymous group admin": (1087968824, GROUP, "supergroup", None),
    "channel": (136817688, GROUP, "supergroup", None),
    "official in a group": (OFFICIAL, GROUP, "supergroup", None),
    "admin in a group": (ADMIN, GROUP, "supergroup", None),
}
WRITES = [
    "/baocao ho-so-mang-huyen 50 quan-do-son 2022-Q3",
    "/sua ho-so-mang-huyen 50 quan-do-son 2022-Q3 sửa cho đúng",
    "/rutlai", "/moi quan-do-son", "/quyen", "/nhatky", "/xuat",
    "/thongbao thông báo giả mạo", "/tailai", "/chuatraloi", "/thongke",
]


def _state(storage):
    return (storage.reports.find(status=None), storage.people.active_roles(),
            storage.people.open_invites(),
            [p for p in (storage.reports.pending(i) for i in range(1, 50)) if p],
            storage.notices.notifications(), storage.learning.phrasings(),
            storage.learning.review_items(),
            [storage.notices.draft(i) for i in range(1, 5)])


@pytest.mark.parametrize("actor", ACTORS)
def test_only_allowed_cells_write_and_every_denial_is_audited(office_bot, tg, tmp_path, actor):
    storage = office_bot.storage
    user, chat, chat_type, setup = ACTORS[actor]
    if setup == "revoked":
        storage.people.grant(user, "official", "quan-do-son", None, "cli")
        storage.people.revoke_user(user, None, "cli")
    if setup == "other-unit":
        storage.people.grant(user, "official", "quan-duong-kinh", None, "cli")
    # the allowed cells first: a real pending report, a role to revoke, an announcement
    # draft and a question to review
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q2")
    draft = storage.notices.create_draft(ADMIN, ADMIN, "bản nháp của quản trị")
    log_question(storage, "cau hoi can xem lai", "none")
    before = _state(storage)
    audit_before = len(storage.people.audit_entries(limit=10_000))
    for command in WRITES:
        tg.send_text(user, command, chat_id=chat, chat_type=chat_type)
    # a button is pressed where its message is: in a group, a copy of it posted there
    where = prompt if chat_type == "private" else dict(prompt, chat={"id": chat,
                                                                     "type": chat_type})
    tg.press(user, where, buttons(prompt)[0])
    tg.press(user, where, buttons(prompt)[1])
    role_id = storage.people.active_roles(OFFICIAL)[0].id
    tg.press(user, where, f"q:rv:{role_id}")
    tg.press(user, where, f"q:rvok:{role_id}")
    tg.press(user, where, f"tb:ok:{draft}")
    tg.press(user, where, "cr:e:u1:kh-la-gi")
    settle(tg)
    assert _state(storage) == before, f"{actor} changed something"
    denials = [e for e in storage.people.audit_entries(limit=10_000)[: len(
        storage.people.audit_entries(limit=10_000)) - audit_before] if e.outcome == "denied"]
    assert all(e.actor_id == user for e in denials)
    denied = sorted({e.action for e in denials})
    expected = {"report", "report.correct", "report.withdraw", "invite", "roles.list",
                "audit.read", "export", "report.confirm", "report.cancel", "revoke",
                "announce", "reload", "review", "stats"}
    if setup == "other-unit":  # an official may /rutlai; there is just nothing of theirs
        expected.discard("report.withdraw")
    assert set(denied) == expected, denied
    for message in tg.messages_to(chat):
        assert strings.citizen.ERROR not in message.get("text", "")


def test_admin_may_do_everything_in_private(office_bot, tg):
    prompt = say(tg, ADMIN, "/baocao ho-so-mang-huyen 50 quan-do-son 2022-Q3")
    press(tg, ADMIN, prompt, buttons(prompt)[0])
    assert "✅ Đã lưu" in edited(tg, prompt)["text"]
    assert "Lời mời" in say(tg, ADMIN, "/moi quan-do-son")["text"]
    denied = [e for e in office_bot.storage.people.audit_entries(1000) if e.outcome == "denied"]
    assert denied == []


def test_a_value_stored_meanwhile_is_never_silently_replaced(office_bot, tg, tmp_path):
    other = 9010
    office_bot.storage.people.grant(other, "official", "quan-do-son", None, "cli")
    first = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    second = say(tg, other, "/baocao ho-so-mang-huyen 44 2022-Q3")
    press(tg, OFFICIAL, first, buttons(first)[0])
    edited(tg, first)
    refused = press(tg, other, second, buttons(second)[0])
    assert "Trong lúc chờ xác nhận, kỳ này đã được lưu một số liệu khác (40%)" in refused["text"]
    assert not buttons(edited(tg, second))  # its ✅ can do nothing now
    assert [(r["value"], r["status"]) for r in export_rows(tmp_path)] == [("40", "active")]
    assert "report.stale" in [r["action"] for r in export_rows(tmp_path, "audit")]


def test_one_districts_figure_is_not_counted_as_the_city_reaching_a_target(office_bot, tg):
    report(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    mine = say(tg, OFFICIAL, "/tiendo")["text"]
    assert "0 chỉ tiêu cấp thành phố đạt (1 chỉ tiêu cấp huyện, xã: theo từng đơn vị)" in mine


NEW_WARD = """  - id: phuong-moi
    name: UBND phường Mới
    level: commune
    source: sau-sap-nhap
    since: 2025-07-01
"""


def test_a_unit_reports_only_for_periods_it_existed_in(make_bot, tg, tmp_path, kb_copy):
    """An official's trial: a ward formed on 1/7/2025 saved 2022 figures, and /tiendo showed
    it reaching a 2022 target. Both ways of reporting refuse, and the dialog says why."""
    from cdsbot.assistant import Assistant

    units = kb_copy / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + NEW_WARD, encoding="utf-8")
    ward = 9031
    refused = run_cli(tmp_path, "users", "grant", str(ward), "official", "--unit",
                      "phuong-moi", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert refused.returncode == 2 and "không có kỳ nào để báo cáo" in refused.stderr
    assert "--allow-closed-unit" in refused.stderr
    res = run_cli(tmp_path, "users", "grant", str(ward), "official", "--unit", "phuong-moi",
                  "--allow-closed-unit", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert res.returncode == 0, res.stderr
    make_bot(clock=Clock(dt.datetime(2026, 11, 30, 9, 0, tzinfo=ICT)), knowledge=kb_copy,
             brain=Assistant.load(kb_copy), admins=(ADMIN,))
    # no invite for it either: its official would have no period of the 2022 plan to report
    invite = say(tg, ADMIN, "/moi phuong-moi")["text"]
    assert "UBND phường Mới chỉ có từ 1/7/2025" in invite and "chưa mời" in invite, invite
    assert "Lời mời" not in invite
    assert ("invite", "invalid") in [(r["action"], r["outcome"])
                                     for r in export_rows(tmp_path, "audit")]
    refused = say(tg, ward, "/baocao ho-so-mang-xa 35 2022-Q3")
    assert "UBND phường Mới chỉ có từ 1/7/2025" in refused["text"], refused["text"]
    assert not [b for b in buttons(refused) if b.startswith("bc:ok:")]
    first = say(tg, ward, "/baocao")
    after = tg.last_message_id()
    press(tg, ward, first, "g:i:ho-so-mang-xa")
    period = tg.wait_for_message(ward, after=after)
    assert "không có kỳ nào để báo cáo" in period["text"]
    assert not [b for b in buttons(period) if b.startswith("g:p:")]
    assert export_rows(tmp_path) == []


def _achievements(bot):
    return [n for n in bot.storage.notices.notifications() if n[1] == "achievement"]


def test_a_late_figure_of_an_earlier_period_is_no_achievement(office_bot, tg):
    """A staff trial: Q4 60% was saved (short of 70%), then a late Q1 75%: subscribers were
    told "Đạt mục tiêu" while /tiendo showed Q4's 60% "chưa đạt". The notice follows the
    figure /tiendo shows."""
    report(tg, ADMIN, "/baocao bao-cao-he-thong-quoc-gia 60 ubnd-tp 2022-Q4")
    late = report(tg, ADMIN, "/baocao bao-cao-he-thong-quoc-gia 75 ubnd-tp 2022-Q1")
    assert "Người theo dõi sẽ nhận" not in late["text"], late["text"]
    assert _achievements(office_bot) == []
    assert "chưa đạt" in say(tg, ADMIN, "/tiendo bao cao he thong")["text"]


def test_a_second_units_figure_for_a_city_target_says_there_is_one(office_bot, tg):
    """A staff trial: two units reported one city target for one quarter (32 % and 28 %) and
    neither was told; /tiendo then contradicted the announcement. The second card says so."""
    report(tg, ADMIN, "/baocao tai-khoan-thanh-toan 32 so-tttt 2022-Q4")
    (_key, _kind, _title, body), = _achievements(office_bot)
    assert "32% (mục tiêu trên 30%)" in body  # the plan's comparator, not "mục tiêu 30%"
    card = say(tg, ADMIN, "/baocao tai-khoan-thanh-toan 28 ubnd-tp 2022-Q4")
    assert "Cùng kỳ này, Sở Thông tin và Truyền thông đã báo cáo 32%" in card["text"]
    mine = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")  # a district's own
    assert "Cùng kỳ này" not in mine["text"]
