"""Running the bot for real: webhook mode, `python bot.py run` processes, tokens and signals."""

from __future__ import annotations

import signal

from tests.fake_telegram import TOKEN
from tests.harness import free_port, start_bot, start_webhook_process

USER = 6001


def test_webhook_mode_checks_the_secret_token(make_bot, tg):
    port = free_port()
    make_bot(mode="webhook", port=port, secret="dung-bi-mat")
    url = f"http://127.0.0.1:{port}/hook"
    assert tg.webhook_url == url
    assert tg.calls_of("setWebhook")[-1].params["secret_token"] == "dung-bi-mat"
    update = tg.message_update(USER, "vneid có tốn phí ko")
    assert tg.post_webhook(url, update, secret="sai-bi-mat") == 403
    assert tg.post_webhook(url, update, secret=None) == 403
    assert tg.messages_to(USER) == []
    assert tg.post_webhook(url, update, secret="dung-bi-mat") == 200
    assert "chi phí trong Nghị định 69/2024" in tg.wait_for_message(USER)["text"]


def test_rejected_token_is_one_clear_line_and_exit_3(tmp_path, tg):
    proc = start_bot(tmp_path, tg, "run", token="999:wrong-token")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3  # docs/OPERATIONS.md: exit codes
    assert "BotFather" in err and "Traceback" not in err
    assert "wrong-token" not in err + out


def test_polling_process_answers_stops_cleanly_on_sigterm_and_never_logs_the_token(
        tmp_path, tg):
    proc = start_bot(tmp_path, tg, "run")
    try:
        tg.send_text(USER, "/muctieu")
        assert "Mục tiêu" in tg.wait_for_message(USER, timeout=30)["text"]
        tg.fail_next("sendMessage", 400, "Bad Request: boom")  # an error is logged
        tg.send_text(USER, "/lienhe")
        tg.wait(lambda: len(tg.messages_to(USER)) >= 2, timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "update" in err and "failed" in err  # the error handler logged first
    assert TOKEN not in err + out
    assert "getUpdates" not in err  # httpx request lines stay out of the log
    assert (tmp_path / "cdsbot.db").exists()


def test_webhook_process_needs_a_secret(tmp_path, tg):
    proc = start_bot(tmp_path, tg, "run", "--webhook", "https://example.invalid/hook")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "CDSBOT_WEBHOOK_SECRET" in err


def test_webhook_process_end_to_end(tmp_path, tg):
    proc, _, url = start_webhook_process(tmp_path, tg, "/kehoach")
    try:
        assert tg.post_webhook(url, tg.message_update(USER, "/kehoach"), secret="khac") == 403
        assert "Quyết định số 284/QĐ-UBND" in tg.wait_for_message(USER, timeout=30)["text"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    assert proc.returncode == 0


def test_refuses_to_start_on_an_invalid_knowledge_base(tmp_path, tg, kb_copy):
    (kb_copy / "units.yaml").write_text("units: [", encoding="utf-8")
    proc = start_bot(tmp_path, tg, "run", CDSBOT_KNOWLEDGE=str(kb_copy))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "knowledge/units.yaml:" in err
    assert tg.calls_of("getUpdates") == []
