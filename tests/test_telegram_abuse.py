"""The authorisation matrix of issue 14, end to end: group subscriptions, ratings, the
announcement's buttons, drafts, invite guesses, forwarded and edited commands, long text."""

from __future__ import annotations

import time

from tests.harness import ADMIN, OFFICIAL, buttons, press, ratings, say, settle

GROUP, GROUP_ADMIN, MEMBER = -100777, 8100, 8101


def _audit(bot, action: str) -> list[tuple]:
    return [(e.actor_id, e.outcome) for e in bot.storage.people.audit_entries(limit=1000)
            if e.action == action]


# --- group subscriptions: only the group's admins -------------------------------------------


def test_group_subscription_changes_only_by_group_admins(office_bot, tg):
    tg.chat_admins[GROUP] = {GROUP_ADMIN}
    refused = say(tg, MEMBER, "/theodoi", chat_id=GROUP, chat_type="group")
    assert "quản trị viên của nhóm" in refused["text"]
    assert office_bot.storage.notices.subscription(GROUP) is None
    view = say(tg, GROUP_ADMIN, "/theodoi", chat_id=GROUP, chat_type="group")
    assert "td:t:milestones" in buttons(view)
    # a member can neither stop it, nor toggle a topic, nor delete it via /dulieucuatoi
    assert "quản trị viên của nhóm" in say(tg, MEMBER, "/huytheodoi", chat_id=GROUP,
                                           chat_type="group")["text"]
    answer = press(tg, MEMBER, view, "td:t:milestones")
    assert answer.get("show_alert") and "quản trị viên" in answer["text"]
    mine = say(tg, MEMBER, "/dulieucuatoi", chat_id=GROUP, chat_type="group")
    assert "pv:subscription" not in buttons(mine)
    press(tg, MEMBER, mine, "pv:subscription")
    settle(tg)
    sub = office_bot.storage.notices.subscription(GROUP)
    assert sub is not None and sub.active and sub.milestones
    assert (MEMBER, "denied") in _audit(office_bot, "subscription")
    # the group's admin can
    press(tg, GROUP_ADMIN, view, "td:t:milestones")
    settle(tg)
    assert not office_bot.storage.notices.subscription(GROUP).milestones
    say(tg, GROUP_ADMIN, "/huytheodoi", chat_id=GROUP, chat_type="group")
    assert not office_bot.storage.notices.subscription(GROUP).active


# --- ratings only on real answers -----------------------------------------------------------


def test_ratings_only_on_the_answer_they_belong_to(make_bot, tg):
    bot = make_bot()
    user = 8200
    helpmsg = say(tg, user, "/trogiup")
    answer = press(tg, user, helpmsg, "r:vneid-phi:-1")  # forged under a /trogiup reply
    assert answer.get("show_alert")
    real = say(tg, user, "vneid có tốn phí ko")
    assert "r:vneid-phi:1" in buttons(real)
    assert press(tg, user, real, "r:dvc-la-gi:-1").get("show_alert")  # another entry's id
    assert ratings(bot.storage, "vneid-phi") == (0, 0)
    assert ratings(bot.storage, "dvc-la-gi") == (0, 0)
    assert not press(tg, user, real, "r:vneid-phi:-1").get("show_alert")
    assert ratings(bot.storage, "vneid-phi") == (0, 1)


# --- announcements: cancel after send, drafts expire, UTF-16 length ---------------------------


def test_cancel_after_urgent_send_does_not_claim_cancellation(office_bot, tg):
    preview = say(tg, ADMIN, "/thongbao bảo trì tối nay")
    now = next(b for b in buttons(preview) if b.startswith("tb:now:"))
    no = next(b for b in buttons(preview) if b.startswith("tb:no:"))
    press(tg, ADMIN, preview, now)
    answer = press(tg, ADMIN, preview, no)
    assert answer.get("show_alert") and "đã được gửi" in answer["text"]
    settle(tg)
    assert not any("Đã hủy" in (m.get("text") or "") for m in tg.messages_to(ADMIN))
    assert (ADMIN, "invalid") in _audit(office_bot, "announce.cancel")


def test_drafts_expire(office_bot, tg, clock):
    preview = say(tg, ADMIN, "/thongbao nháp cũ")
    clock.advance(hours=2)
    answer = press(tg, ADMIN, preview, next(b for b in buttons(preview)
                                            if b.startswith("tb:ok:")))
    assert answer.get("show_alert") and "hết hạn" in answer["text"]
    assert [n for n in office_bot.storage.notices.notifications() if n[1] == "announcement"] == []
    assert (ADMIN, "ok") in _audit(office_bot, "announce.expire")


def test_announcement_length_counts_utf16_units(office_bot, tg):
    reply = say(tg, ADMIN, "/thongbao " + "😀" * 2000)  # 2000 code points, 4000 UTF-16 units
    assert "dài quá" in reply["text"]
    assert "tb:ok:" not in str(buttons(reply))


# --- invite guesses ---------------------------------------------------------------------------


def test_invite_guesses_are_audited_and_limited(office_bot, tg):
    guesser = 8300
    for i in range(5):
        assert "không tồn tại" in say(tg, guesser, f"/start inv_doan{i}")["text"]
    assert "quá nhiều" in say(tg, guesser, "/start inv_doan9")["text"].lower()
    real = say(tg, ADMIN, "/moi quan-do-son")["text"]
    code = real.split("start=inv_")[1].split()[0].split("<")[0].split('"')[0]
    assert "quá nhiều" in say(tg, guesser, f"/start inv_{code}")["text"].lower()
    assert not office_bot.storage.people.active_roles(guesser)
    audit = _audit(office_bot, "invite.use")
    assert audit.count((guesser, "invalid")) == 5 and (guesser, "denied") in audit


# --- forwarded and edited commands ------------------------------------------------------------


def _message(tg, user, text, message_id=None, **extra):
    update = tg.message_update(user, text, message_id=message_id)
    update["message"].update(extra)
    return update


def test_forwarded_baocao_is_refused(office_bot, tg):
    after = tg.last_message_id()
    update = _message(tg, OFFICIAL, "/baocao ho-so-mang-huyen 52,5 2022-Q3", forward_origin={
        "type": "user", "date": int(time.time()), "sender_user": tg.user(OFFICIAL + 1)})
    tg._push(update)
    reply = tg.wait_for_message(OFFICIAL, after=after + 1)
    assert "chuyển tiếp" in reply["text"]
    assert not buttons(reply)
    assert office_bot.storage.reports.find() == []


def test_edited_pending_baocao_voids_the_old_value(office_bot, tg):
    prompt = say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 40 2022-Q3")
    assert buttons(prompt)[0].startswith("bc:ok:")
    sent_id = prompt["message_id"] - 1  # the official's own message came just before
    after = tg.last_message_id()
    edit = _message(tg, OFFICIAL, "/baocao ho-so-mang-huyen 45 2022-Q3", message_id=sent_id,
                    edit_date=int(time.time()))
    tg._push({"edited_message": edit["message"]})
    notice = tg.wait_for_message(OFFICIAL, after=after)
    assert "đã sửa" in notice["text"]
    answer = press(tg, OFFICIAL, prompt, buttons(prompt)[0])
    assert answer.get("show_alert")
    settle(tg)
    assert office_bot.storage.reports.find() == []
    assert (OFFICIAL, "ok") in _audit(office_bot, "report.edited")


def test_an_edited_value_said_again_voids_the_card_it_made(office_bot, tg):
    """A review: editing "à nhầm, 58,5 chứ" to "… 59 …" was taken for a redelivery; the bot
    said nothing and ✅ saved 58,5. The card it made can no longer be confirmed, as for an
    edited /baocao."""
    say(tg, OFFICIAL, "/baocao ho-so-mang-huyen 55 2022-Q3")
    card = say(tg, OFFICIAL, "à nhầm, 58,5 chứ")
    assert "58,5%" in card["text"] and buttons(card)
    sent_id = card["message_id"] - 1
    after = tg.last_message_id()
    edit = _message(tg, OFFICIAL, "à nhầm, 59 chứ", message_id=sent_id,
                    edit_date=int(time.time()))
    tg._push({"edited_message": edit["message"]})
    notice = tg.wait_for_message(OFFICIAL, after=after)
    assert "đã sửa" in notice["text"], notice["text"]
    assert press(tg, OFFICIAL, card, buttons(card)[0]).get("show_alert")
    settle(tg)
    assert office_bot.storage.reports.find() == []


def test_a_forged_button_with_a_digit_that_is_not_ascii_changes_nothing(office_bot, tg):
    """A fuzz test's find: "q:rv:³" passed `str.isdigit` and `int()` raised in the handler.
    Buttons read ASCII digits and letters only; such data is no button of ours."""
    view = say(tg, ADMIN, "/quyen")
    for data in ("q:rv:³", "q:rvok:٣", "bc:ok:²", "e:vneid-phí"):
        press(tg, ADMIN, view, data)
    settle(tg)  # the fixture fails the test if a handler raised
