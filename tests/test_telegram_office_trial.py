"""End to end, the defects of an officials' and administrators' trial (trial 5b): each test
replays what the tester did over the fake Bot API and checks what now happens."""

from __future__ import annotations

import datetime as dt

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
    press,
    pressed,
    run_cli,
    say,
)

DEPARTMENT = 9020  # an official of Sở Thông tin và Truyền thông (city-level indicators)


def test_words_matching_several_indicators_offer_them_as_buttons(office_bot, tg, tmp_path):
    """Trial: after /baocao, "kinh te so" brought back the same 13-button list with no word."""
    office_bot.storage.people.grant(DEPARTMENT, "official", "so-tttt", None, "cli")
    first = say(tg, DEPARTMENT, "/baocao")
    assert len(buttons(first)) > 10
    several = say(tg, DEPARTMENT, "kinh te so")
    assert "Có 2 chỉ tiêu khớp “kinh te so”" in several["text"]
    assert buttons(several) == ["g:i:kinh-te-so-grdp", "g:i:kinh-te-so-nganh", "g:r:ind", "g:x"]
    typo = say(tg, DEPARTMENT, "kinh te so grdb")  # a typo: still the two, not everything
    assert buttons(typo)[:2] == ["g:i:kinh-te-so-grdp", "g:i:kinh-te-so-nganh"]
    none = say(tg, DEPARTMENT, "xyz abc")
    assert "Không tìm thấy chỉ tiêu nào khớp với “xyz abc”" in none["text"]
    everything = pressed(tg, DEPARTMENT, several, "g:r:ind")
    assert everything["text"] == strings.office.DIALOG_INDICATOR
    assert buttons(everything) == buttons(first)
    period = say(tg, DEPARTMENT, "kinh tế số GRDP")  # every word in one name: that one
    assert "Tỷ trọng kinh tế số trong GRDP" in period["text"] and "Kỳ báo cáo" in period["text"]
    value = pressed(tg, DEPARTMENT, several, "g:i:kinh-te-so-nganh")
    assert "Tỷ trọng kinh tế số trong từng ngành" in value["text"]
    assert export_rows(tmp_path) == []


def _saved(tg, user, line):
    card = say(tg, user, line)
    press(tg, user, card, buttons(card)[0])
    return edited(tg, card)


def test_a_value_or_sua_typed_under_an_existing_value_starts_the_correction(office_bot, tg,
                                                                             tmp_path):
    """Trial: under "Đã có số liệu 42,5% … bấm ✏️ Sửa số liệu kỳ này", typing "44" or "sửa lại
    số liệu" got "Kỳ “44” không hợp lệ" and the period question again."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 42,5 2022-Q3")
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "hồ sơ huyện")
    exists = say(tg, OFFICIAL, "quý 3")
    assert "Đã có số liệu <b>42,5%</b>" in exists["text"]
    reason = say(tg, OFFICIAL, "44")
    assert "không hợp lệ" not in reason["text"]
    assert "giá trị 44 (thay cho 42,5%)" in reason["text"]
    assert strings.office.DIALOG_REASON in reason["text"]
    card = say(tg, OFFICIAL, "cập nhật số liệu cuối quý")
    assert "Thay cho: 42,5%" in card["text"] and "<b>44%</b>" in card["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert "✅ Đã sửa số liệu" in edited(tg, card)["text"]
    # "sửa lại số liệu": the ✏️ button's meaning, the new value asked with the current one
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "hồ sơ huyện")
    say(tg, OFFICIAL, "quý 3")
    value = say(tg, OFFICIAL, "sửa lại số liệu")
    assert "hiện là 44%" in value["text"]
    # a period typed there is still a period ("quý 2" has no value: the value is asked)
    say(tg, OFFICIAL, "/baocao")
    say(tg, OFFICIAL, "hồ sơ huyện")
    say(tg, OFFICIAL, "quý 3")
    assert "Giá trị quý 2/2022" in say(tg, OFFICIAL, "quý 2")["text"]
    assert [(r["value"], r["status"]) for r in export_rows(tmp_path)] == [
        ("42.5", "superseded"), ("44", "active")]


def test_the_next_message_after_a_one_line_jump_warning_may_be_its_reason(office_bot, tg,
                                                                          clock, tmp_path):
    """Trial: after "/baocao … 30 quý 4/2022" → "Giá trị thay đổi hơn một nửa … hãy ghi lý do"
    [✍️ Ghi lý do], typing "do nhap sai don vi" got "câu hỏi này nằm ngoài những gì tôi
    biết". A reason that fits is now the reason; only the next message, within the pending
    report's validity; a real question still gets its answer."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 52,5 2022-Q2")
    jump = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 10 2022-Q3")
    assert "hơn một nửa" in jump["text"] and buttons(jump) == ["g:why"]
    card = say(tg, OFFICIAL, "do nhap sai don vi")
    assert "Kiểm tra lại trước khi lưu" in card["text"] and "<b>10%</b>" in card["text"]
    assert "do nhap sai don vi" in card["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert "✅ Đã lưu báo cáo" in edited(tg, card)["text"]
    # a question after the warning is answered as a question, and the message after it is
    # no longer taken as the reason
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2022-Q4")
    answer = say(tg, OFFICIAL, "vneid có tốn phí ko")
    assert "Nghị định 69/2024" in answer["text"]
    late = say(tg, OFFICIAL, "do nhap sai don vi")
    assert "Kiểm tra lại" not in late["text"]
    # too short to be a reason: how to give one, the button again
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2022-Q4")
    hint = say(tg, OFFICIAL, "abc")
    assert hint["text"] == strings.office.one_line_next(False) and buttons(hint) == ["g:why"]
    assert strings.office.DIALOG_REASON in pressed(tg, OFFICIAL, hint, "g:why")["text"]
    say(tg, OFFICIAL, "/huy")
    # after the pending report's validity, the next message is not a reason any more
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2022-Q4")
    clock.advance(minutes=31)
    assert "Kiểm tra lại" not in say(tg, OFFICIAL, "do nhap sai don vi")["text"]
    assert [(r["period"], r["value"]) for r in export_rows(tmp_path)] == [
        ("2022-Q2", "52.5"), ("2022-Q3", "10")]


def test_the_next_message_after_a_one_line_existing_value_may_correct_it(office_bot, tg,
                                                                         tmp_path):
    """"Đã có số liệu 40% … bấm ✏️ Sửa (giá trị bạn vừa gõ được giữ lại, chỉ cần ghi lý do)":
    the reason typed next is the correction's reason; "sửa" is the button."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    exists = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")
    assert "Đã có số liệu 40%" in exists["text"]
    card = say(tg, OFFICIAL, "nhập nhầm số hồ sơ")
    assert "Thay cho: 40%" in card["text"] and "<b>45%</b>" in card["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert "✅ Đã sửa số liệu" in edited(tg, card)["text"]
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 46 2022-Q3")
    assert strings.office.DIALOG_REASON in say(tg, OFFICIAL, "sửa")["text"]
    card = say(tg, OFFICIAL, "bổ sung hồ sơ cuối quý")
    assert "Thay cho: 45%" in card["text"] and "<b>46%</b>" in card["text"]


def _revoke_in_chat(tg, user):
    """The admin presses "Thu hồi: …" for `user` under /quyen (and confirms)."""
    roles = say(tg, ADMIN, "/quyen")
    data = next(b["callback_data"] for row in roles["reply_markup"]["inline_keyboard"]
                for b in row if f"{user}" in b["text"] or "Lan" in b["text"])
    asked = pressed(tg, ADMIN, roles, data)
    press(tg, ADMIN, asked, data.replace("q:rv:", "q:rvok:"))
    return roles


def test_a_revoked_official_is_told_and_every_refusal_says_revoked(office_bot, tg, tmp_path):
    """Trial: the official was not told of the revocation; afterwards every command said "Bạn
    chưa được cấp quyền báo cáo" (as if never granted); in the middle of a dialog an
    indicator button got "Lượt báo cáo có nút này đã kết thúc" and "quý 2" "Không tìm thấy chỉ
    tiêu nào khớp"; the refused ✅ suggested "Gõ /baocao để báo cáo lại"."""
    pending = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q2")
    dialog = say(tg, OFFICIAL, "/baocao")
    _revoke_in_chat(tg, OFFICIAL)
    told = tg.wait(lambda: [m for m in tg.messages_to(OFFICIAL)
                            if "đã bị thu hồi" in m.get("text", "")])
    assert "Quyền báo cáo cho UBND quận Đồ Sơn của bạn đã bị thu hồi" in told[0]["text"]
    assert "/huytheodoi" not in told[0]["text"]
    revoked = "Quyền báo cáo cho UBND quận Đồ Sơn của bạn đã bị thu hồi lúc 09:00 15/10/2022"
    middle = pressed(tg, OFFICIAL, dialog, "g:i:ho-so-mang-huyen")
    assert revoked in middle["text"] and buttons(middle) == []
    # Đồ Sơn no longer exists: no invite can be made for it (a staff trial was told to ask
    # for one)
    assert "lời mời mới" not in middle["text"] and "cấp lại quyền" in middle["text"]
    after = say(tg, OFFICIAL, "quý 2")  # the dialog has ended: no "no indicator matches"
    assert "Không tìm thấy chỉ tiêu" not in after["text"]
    assert revoked in say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2022-Q3")["text"]
    assert revoked in say(tg, OFFICIAL, "/sua")["text"]
    n = len(tg.messages_to(OFFICIAL))
    alert = press(tg, OFFICIAL, pending, buttons(pending)[0])
    assert revoked[:40] in alert["text"]
    refusal = tg.wait(lambda: tg.messages_to(OFFICIAL)[n:])[0]
    assert revoked in refusal["text"] and "/baocao" not in refusal["text"]
    assert "chưa được cấp quyền" not in "".join(m.get("text", "")
                                                 for m in tg.messages_to(OFFICIAL))
    assert export_rows(tmp_path) == []
    # someone who never had the role is still told to ask for an invite
    assert "chưa được cấp quyền" in say(tg, 9333, "/baocao ho-so-mang-huyen 50 2022-Q3")["text"]


def test_revoking_a_role_asks_first_and_an_admins_own_says_so(office_bot, tg, tmp_path):
    """Trial: in /quyen, admin 905 pressed "Thu hồi: Lan (id 905) – quản trị" and was at once
    an ordinary user, with two alerts ("Đã thu hồi quyền…", then "Lệnh này chỉ dành cho quản
    trị viên."); any admin removed any other with one tap."""
    second = 9005
    office_bot.storage.people.grant(second, "admin", None, None, "cli")
    roles = say(tg, second, "/quyen")
    rows = roles["reply_markup"]["inline_keyboard"]
    own = next(b["callback_data"] for row in rows for b in row if "quản trị" in b["text"])
    other = next(b["callback_data"] for row in rows for b in row if "Đồ Sơn" in b["text"])
    asked = pressed(tg, second, roles, other)
    assert "Thu hồi quyền cán bộ báo cáo UBND quận Đồ Sơn" in asked["text"]
    assert "chính bạn" not in asked["text"]
    assert buttons(asked) == [other.replace("q:rv:", "q:rvok:"), other.replace("q:rv:", "q:rvno:")]
    press(tg, second, asked, other.replace("q:rv:", "q:rvno:"))
    assert edited(tg, asked)["text"] == strings.office.ROLE_KEPT
    assert office_bot.storage.people.active_roles(OFFICIAL)  # nothing revoked by one tap
    asked = pressed(tg, second, roles, own)
    assert "Đây là quyền quản trị của chính bạn" in asked["text"]
    assert "không dùng được các lệnh quản trị nữa" in asked["text"]
    assert office_bot.storage.people.active_roles(second)
    n = len(tg.callback_answers)
    press(tg, second, asked, own.replace("q:rv:", "q:rvok:"))
    done = edited(tg, asked)
    assert "Đã thu hồi quyền quản trị" in done["text"]
    assert len(tg.callback_answers) == n + 1  # one alert, not a second "chỉ dành cho quản trị"
    assert not office_bot.storage.people.active_roles(second)
    assert "Quyền quản trị của bạn đã bị thu hồi" in say(tg, second, "/quyen")["text"]
    audit = export_rows(tmp_path, "audit")
    assert [(r["action"], r["target"]) for r in audit if r["action"] == "revoke"] == [
        ("revoke", str(second))]


def test_no_invite_nor_grant_for_a_unit_that_no_longer_exists(make_bot, tg, tmp_path):
    """Trial (30/11/2026): "/moi do son" (the example of /trogiup) said no unit matches,
    while "/moi quan-do-son" created a 48-hour invite for the district closed on 30/6/2025,
    and `users grant … --unit quan-do-son` was accepted."""
    bot = make_bot(clock=Clock(dt.datetime(2026, 11, 30, 9, 0, tzinfo=ICT)), admins=(ADMIN,))
    gone = "UBND quận Đồ Sơn không còn tồn tại từ 1/7/2025"
    for words in ("do son", "Đồ Sơn", "quan-do-son"):
        assert gone in say(tg, ADMIN, f"/moi {words}")["text"], words
    assert "UBND quận Dương Kinh không còn tồn tại" in say(tg, ADMIN, "/moi duong kinh")["text"]
    alert = press(tg, ADMIN, say(tg, ADMIN, "/moi quận"), "q:mi:quan-do-son")  # forged
    assert gone in alert["text"]
    assert bot.storage.people.open_invites() == []
    usage = say(tg, ADMIN, "/moi")["text"]
    assert "/moi Đồ Sơn" not in usage and "/moi Sở Thông tin và Truyền thông" in usage
    assert "/moi Đồ Sơn" not in say(tg, ADMIN, "/trogiup")["text"]
    refused = run_cli(tmp_path, "users", "grant", "701", "official", "--unit", "quan-do-son")
    assert refused.returncode == 2 and gone in refused.stderr
    assert "--allow-closed-unit" in refused.stderr
    assert bot.storage.people.active_roles(701) == []
    # for the periods it existed in, on purpose
    kept = run_cli(tmp_path, "users", "grant", "701", "official", "--unit", "quan-do-son",
                   "--allow-closed-unit")
    assert kept.returncode == 0, kept.stderr


def test_admins_views_are_audited(office_bot, tg, tmp_path):
    """Trial (A3): successful /quyen, /nhatky and /thongke left no audit row (only their
    refusals did), although strings.office.ACTIONS has labels for them."""
    say(tg, ADMIN, "/quyen")
    log = say(tg, ADMIN, "/nhatky")["text"]
    assert "xem quyền" in log
    after = tg.last_message_id()
    tg.send_text(ADMIN, "/thongke")
    tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                     if m["message_id"] > after and m["method"] == "sendphoto"])
    rows = [(r["actor"], r["action"], r["outcome"]) for r in export_rows(tmp_path, "audit")
            if r["action"] in ("roles.list", "audit.read", "stats")]
    assert rows == [(str(ADMIN), "roles.list", "ok"), (str(ADMIN), "audit.read", "ok"),
                    (str(ADMIN), "stats", "ok")]


def test_audit_log_and_export_take_their_arguments(office_bot, tg):
    """Trial (B8): "/nhatky 50, /nhatky hôm qua and /nhatky 701 all show the same latest 20
    rows, with no paging or filter and no usage hint"; "/xuat audit and /xuat abc send the
    reports CSV without a word"."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3")
    for _ in range(3):
        say(tg, ADMIN, "/quyen")
    three = say(tg, ADMIN, "/nhatky 3")["text"]
    assert three.count("\n• ") == 3 and three.count("xem quyền") == 3
    whole = say(tg, ADMIN, "/nhatky")["text"]
    assert "báo cáo" in whole and whole.count("\n• ") > 3
    mine = say(tg, ADMIN, f"/nhatky {OFFICIAL}")["text"]
    assert f"Nhật ký thao tác của Lan (id {OFFICIAL})" in mine
    assert "xem quyền" not in mine and "báo cáo Hồ sơ công việc tại cấp huyện" in mine
    usage = say(tg, ADMIN, "/nhatky hôm qua")["text"]
    assert usage == strings.office.audit_usage(20, 100)
    documents = len(tg.calls_of("sendDocument"))
    kinds = say(tg, ADMIN, "/xuat abc")["text"]
    assert "<code>audit</code>" in kinds and "<code>reports</code>" in kinds
    assert len(tg.calls_of("sendDocument")) == documents  # no file for an unknown kind
    after = tg.last_message_id()
    tg.send_text(ADMIN, "/xuat audit")
    doc = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                           if m["message_id"] > after and m["method"] == "senddocument"])[0]
    assert doc["document_content"].decode("utf-8-sig").startswith(
        "id,at,actor,chat,action,target,outcome,detail")
    assert tg.calls_of("sendDocument")[-1].params["document"]["filename"].startswith("nhatky-")


def test_the_saved_confirmation_shows_the_progress_of_the_period_saved(office_bot, tg):
    """Trial (C): "✅ Đã lưu … quý 2/2022: 45,5%. ▓▓▓▓▓▓▓▓▓▓ 128% mục tiêu · … 38,5% / 30% ·
    kỳ quý 4/2022": the progress line was another period's."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q4")
    saved = _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q2 số liệu quý 2")
    assert "quý 2/2022: <b>40%</b>" in saved["text"]
    assert "40% / 50%" in saved["text"] and "kỳ quý 2/2022" in saved["text"]
    assert "55%" not in saved["text"] and "quý 4/2022" not in saved["text"]


def test_official_and_admin_messages_name_indicators_and_units_not_ids(office_bot, tg,
                                                                       tmp_path):
    """Trial (C): "Chỉ tiêu “ho-so-mang-xa” là mục tiêu năm 2022 …", "Chỉ tiêu
    “nen-tang-du-lieu-ai” là dạng có/không…", /thongke "phuong-hong-bang · ho-so-mang-xa: 2",
    /nhatky "báo cáo kinh-te-so-grdp" and a yes/no value as "số mới: 1"; a double space in
    "rút lại  ⛔"."""
    year = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 50 2023-Q3")["text"]
    assert "Chỉ tiêu “Hồ sơ công việc tại cấp huyện" in year and "ho-so-mang-huyen”" not in year
    yes_no = say(tg, ADMIN, "/baocao nen-tang-du-lieu-ai abc ubnd-tp 2022")["text"]
    assert "“Nền tảng phân tích" in yes_no and "nen-tang-du-lieu-ai”" not in yes_no
    _saved(tg, ADMIN, "/baocao nen-tang-du-lieu-ai có ubnd-tp 2022")
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3 số liệu quý 3")
    say(tg, CITIZEN, "/nhatky")  # refused, with no target
    log = say(tg, ADMIN, "/nhatky")["text"]
    assert "báo cáo Nền tảng phân tích" in log and "số mới: đã có" in log
    assert "báo cáo Hồ sơ công việc tại cấp huyện" in log and "số mới: 45%" in log
    assert "ghi chú: số liệu quý 3" in log and "lý do: số liệu" not in log  # a new note
    assert "xem nhật ký ⛔ bị từ chối" in log and "  " not in log
    stats = run_cli(tmp_path, "stats").stdout
    assert "UBND quận Đồ Sơn · Hồ sơ công việc tại cấp huyện" in stats
    assert "quan-do-son" not in stats


def test_the_unsubscribe_footer_only_under_what_it_stops(office_bot, tg):
    """Trial (C): "Gõ /huytheodoi để dừng nhận thông báo." was under the grant notice and under
    announcements to the officials' audience (702 never subscribed; /huytheodoi would not stop
    them)."""
    say(tg, CITIZEN, "/theodoi")
    preview = say(tg, ADMIN, "/thongbao Họp giao ban chuyển đổi số lúc 14:00.")
    draft = buttons(preview)[0].split(":")[2]
    press(tg, ADMIN, preview, f"tb:a:{draft}:a")  # everyone: subscribers and officials
    everyone = edited(tg, preview)
    press(tg, ADMIN, everyone, f"tb:ok:{draft}:a")

    def got(chat):
        return tg.wait(lambda: [m for m in tg.messages_to(chat) if "Họp giao ban" in
                                m.get("text", "")])[0]["text"]

    assert "/huytheodoi" in got(CITIZEN)
    assert "📢" in got(OFFICIAL) and "/huytheodoi" not in got(OFFICIAL)
    assert "/huytheodoi" not in got(ADMIN)


def test_a_correction_to_the_same_value_and_an_indicator_left_with_no_value(office_bot, tg):
    """Trial (C): "/sua ho-so-mang-xa 42,5 2022-Q3 không đổi gì is accepted as a correction with
    “Thay cho: 42,5%”"; "/tiendo muc do 4 after a withdrawal shows the heading “Theo đơn vị (số
    mới nhất)” over an empty list"."""
    _saved(tg, OFFICIAL, "/baocao ho-so-mang-huyen 42,5 2022-Q3")
    same = say(tg, OFFICIAL, "/sua ho-so-mang-huyen 42,5 2022-Q3 không đổi gì")
    assert "đã là 42,5%" in same["text"] and not buttons(same)
    asked = say(tg, OFFICIAL, "/rutlai")
    press(tg, OFFICIAL, asked, buttons(asked)[0])
    assert "↩️ Đã rút lại" in edited(tg, asked)["text"]
    history = say(tg, OFFICIAL, "/tiendo ho-so-mang-huyen")["text"]
    assert "Theo đơn vị" not in history and "chưa có số liệu" in history
    assert "42,5% (đã rút lại)" in history
