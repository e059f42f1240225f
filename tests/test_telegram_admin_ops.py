"""Admins improve the bot from real questions; everyone controls their own data."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from cdsbot import strings
from tests.fake_telegram import TOKEN
from tests.harness import KNOWLEDGE, ROOT, buttons, clean_env, edited, press, ratings, run_cli, say

ADMIN, CITIZEN = 9001, 9501
QUESTION = "cổng một cửa của tp ở chỗ nào vậy"


def test_unanswered_question_attached_by_an_admin_is_answered_at_once(make_bot, tg,
                                                                       tmp_path):
    make_bot(admins=(ADMIN,))
    for _ in range(4):
        reply = say(tg, CITIZEN, QUESTION)["text"]
        assert "http://dichvucong.haiphong.gov.vn" not in reply  # not answered yet
    review = say(tg, ADMIN, "/chuatraloi")
    assert f"“{QUESTION}” (4 lần)" in review["text"]  # as typed, with its accents
    after = tg.last_message_id()
    press(tg, ADMIN, review, buttons(review)[0])
    pick = tg.wait_for_message(ADMIN, after=after)
    choices = buttons(pick)
    assert all(b.startswith("cr:p:u") for b in choices[:-1]) and 1 <= len(choices) - 1 <= 3
    assert choices[-1].startswith("cr:s:")  # and a search over every entry
    target = next(b for b in choices if b.endswith(":cong-dvc-haiphong"))
    after = tg.last_message_id()
    press(tg, ADMIN, pick, target)
    confirm = tg.wait_for_message(ADMIN, after=after)
    assert "Gắn “" in confirm["text"] and say(tg, CITIZEN, QUESTION)  # nothing attached yet
    assert "http://dichvucong.haiphong.gov.vn" not in tg.messages_to(CITIZEN)[-1]["text"]
    press(tg, ADMIN, confirm, buttons(confirm)[0])
    assert "✅ Đã gắn" in edited(tg, confirm)["text"]
    answer = say(tg, CITIZEN, QUESTION)
    assert "http://dichvucong.haiphong.gov.vn" in answer["text"]
    assert strings.citizen.REVIEW_EMPTY == say(tg, ADMIN, "/chuatraloi")["text"]
    yaml = run_cli(tmp_path, "export", "phrasings").stdout
    assert "cong-dvc-haiphong:  # knowledge/services.yaml" in yaml
    assert '"cong mot cua cua tp o cho nao vay"' in yaml


def test_dismiss_and_downvoted_answers_in_review(make_bot, tg):
    make_bot(admins=(ADMIN,))
    say(tg, CITIZEN, "giá vàng hôm nay")
    answer = say(tg, CITIZEN, "vneid có tốn phí ko")
    tg.press(CITIZEN, answer, "r:vneid-phi:-1")
    tg.wait(lambda: tg.callback_answers)
    review = say(tg, ADMIN, "/chuatraloi")
    assert "giá vàng hôm nay" in review["text"]
    assert "vneid co ton phi ko" in review["text"] and "👎" in review["text"]
    after = tg.last_message_id()
    press(tg, ADMIN, review, buttons(review)[1])  # dismiss the first
    assert "Đã bỏ qua" in tg.wait_for_message(ADMIN, after=after)["text"]
    assert "giá vàng" not in say(tg, ADMIN, "/chuatraloi")["text"]


def test_review_searches_every_entry_confirms_undoes_and_keeps_staff_apart(make_bot, tg):
    bot = make_bot(admins=(ADMIN,))
    say(tg, CITIZEN, "hạn nộp báo cáo quý 3 gọi số 0912 345 678 hỏi ai")
    say(tg, ADMIN, "sao chưa thấy báo cáo gửi?")  # the admin's own question: apart
    review = say(tg, ADMIN, "/chuatraloi")
    text = review["text"]
    assert "0912" not in text and "[số điện thoại]" in text  # personal data masked
    staff = text.index("Câu hỏi của cán bộ, quản trị viên")
    assert text.index("hạn nộp báo cáo") < staff < text.index("sao chưa thấy báo cáo gửi")
    after = tg.last_message_id()
    press(tg, ADMIN, review, buttons(review)[0])
    pick = tg.wait_for_message(ADMIN, after=after)
    search = say_after_press(tg, pick, buttons(pick)[-1])
    assert "Gõ vài chữ" in search["text"]
    none = say(tg, ADMIN, "xyzxyz")
    assert "Không có mục nào" in none["text"]
    found = say(tg, ADMIN, "ngày chuyển đổi số")
    target = next(b for b in buttons(found) if b.startswith("cr:p:"))
    entry = target.rsplit(":", 1)[1]
    confirm = say_after_press(tg, found, target)
    press(tg, ADMIN, confirm, buttons(confirm)[0])
    attached = edited(tg, confirm)
    assert "✅ Đã gắn" in attached["text"]
    assert bot.storage.learning.phrasings() == [
        (entry, "han nop bao cao quy 3 goi so so dien thoai hoi ai")]  # masked there too
    press(tg, ADMIN, attached, buttons(attached)[0])  # ↩️ Hoàn tác
    tg.wait(lambda: [m for m in tg.messages_to(ADMIN) if "Đã hoàn tác" in m.get("text", "")])
    assert bot.storage.learning.phrasings() == []
    assert "hạn nộp báo cáo" in say(tg, ADMIN, "/chuatraloi")["text"]


def say_after_press(tg, msg, data):
    after = tg.last_message_id()
    press(tg, ADMIN, msg, data)
    return tg.wait_for_message(ADMIN, after=after)


def test_reload_keeps_the_last_good_knowledge_base(make_bot, tg, kb_copy):
    bot = make_bot(admins=(ADMIN,), knowledge=kb_copy)
    units = kb_copy / "units.yaml"
    good = units.read_text(encoding="utf-8")
    units.write_text(good.replace("    level: city", "    level: town", 1), encoding="utf-8")
    bad = say(tg, ADMIN, "/tailai")["text"]
    assert "1 lỗi" in bad and "knowledge/units.yaml:9" in bad and "bản cũ" in bad
    assert "chi phí trong Nghị định 69/2024" in say(tg, CITIZEN, "vneid có tốn phí ko")["text"]
    units.write_text(good, encoding="utf-8")
    faq = kb_copy / "faq" / "lienhe.yaml"
    faq.write_text(faq.read_text(encoding="utf-8") + (
        "  - id: gio-lam-viec-thu\n    question: Bot có trả lời vào ban đêm không?\n"
        "    phrasings: [bot làm việc giờ nào]\n    answer: Bot trả lời mọi lúc.\n"
        "    source: kh74\n"), encoding="utf-8")
    notices = kb_copy / "notifications.yaml"
    notices.write_text(notices.read_text(encoding="utf-8").replace('["21:00", "07:00"]',
                                                                   '["20:00", "06:00"]'),
                       encoding="utf-8")
    assert "✅ Đã nạp lại" in say(tg, ADMIN, "/tailai")["text"]
    assert "Bot trả lời mọi lúc." in say(tg, CITIZEN, "bot có trả lời vào ban đêm không")["text"]
    courier = bot.app.bot_data.courier
    assert courier.settings().quiet_from.hour == 20  # the courier reads the reloaded settings
    assert "chỉ dành cho quản trị" in say(tg, CITIZEN, "/tailai")["text"]


def test_sighup_reloads_a_running_process(tmp_path, tg, kb_copy):
    env = clean_env(tmp_path, **{"TELEGRAM_BOT_TOKEN": TOKEN,
                                 "TELEGRAM_API_BASE_URL": tg.base_url,
                                 "CDSBOT_KNOWLEDGE": str(kb_copy), "CDSBOT_OPS_CHAT": "-42"})
    proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run"], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert "Mục tiêu" in say(tg, CITIZEN, "/muctieu")["text"]  # running
        (kb_copy / "plan.yaml").write_text("number: [", encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        warning = tg.wait_for_message(-42, timeout=20)
        assert "knowledge/plan.yaml:1" in warning["text"] and "bản cũ" in warning["text"]
        assert "Mục tiêu" in say(tg, CITIZEN, "/muctieu")["text"]  # still serving
        (kb_copy / "plan.yaml").write_text((KNOWLEDGE / "plan.yaml").read_text("utf-8"),
                                           encoding="utf-8")
        after = tg.last_message_id()
        proc.send_signal(signal.SIGHUP)
        assert "✅ Đã nạp lại" in tg.wait_for_message(-42, after=after, timeout=20)["text"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "SIGHUP: knowledge/ has 1 problems" in err


def test_usage_statistics_in_chat_and_cli(make_bot, tg, tmp_path):
    make_bot(admins=(ADMIN,))
    say(tg, CITIZEN, "vneid có tốn phí ko")
    say(tg, CITIZEN, "giá vàng hôm nay")
    say(tg, CITIZEN, "/theodoi")
    after = tg.last_message_id()
    tg.send_text(ADMIN, "/thongke")
    photo = tg.wait(lambda: [m for m in tg.messages_to(ADMIN)
                             if m["message_id"] > after and m["method"] == "sendphoto"])[0]
    text = next(m for m in tg.messages_to(ADMIN) if m["message_id"] > after)["text"]
    assert "Câu hỏi: 2 — trả lời 50%, gợi ý 0%, chưa trả lời 50%" in text
    assert "Người theo dõi: 1" in text and photo["caption"]
    cli = run_cli(tmp_path, "stats").stdout
    assert "Câu hỏi: 2" in cli and "Đăng ký tài khoản định danh điện tử có mất phí" in cli


def test_my_data_shows_and_deletes_what_may_be_deleted(make_bot, tg):
    bot = make_bot(admins=(ADMIN,))
    say(tg, CITIZEN, "/theodoi")
    answer = say(tg, CITIZEN, "vneid có tốn phí ko")
    tg.press(CITIZEN, answer, "r:vneid-phi:1")
    tg.wait(lambda: tg.callback_answers)
    mine = say(tg, CITIZEN, "/dulieucuatoi")
    assert "Đăng ký thông báo: đang nhận" in mine["text"] and "👍/👎: 1" in mine["text"]
    assert buttons(mine) == ["pv:subscription", "pv:ratings"]
    press(tg, CITIZEN, mine, "pv:ratings")
    press(tg, CITIZEN, mine, "pv:subscription")
    time.sleep(0.2)
    assert bot.storage.notices.subscription(CITIZEN) is None
    assert ratings(bot.storage, "vneid-phi") == (0, 0)
    assert "/dulieucuatoi" in say(tg, CITIZEN, "/trogiup")["text"]
