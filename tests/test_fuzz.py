"""Fuzzing through the real handlers: hostile texts, commands with random arguments, tampered
callback data, inline queries. No handler may raise; every reply must be valid HTML that
Telegram accepts, at most 4096 characters (the fake server refuses anything else, which the
fixture turns into a failure)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fake_telegram import check_html, utf16_len

COMMANDS = ["/start", "/trogiup", "/muctieu", "/dichvu", "/moc", "/lienhe", "/kehoach",
            "/baocao", "/sua", "/rutlai", "/huy", "/tiendo", "/moi", "/quyen", "/nhatky",
            "/theodoi", "/huytheodoi", "/thongbao", "/chuatraloi", "/thongke", "/dulieucuatoi",
            "/tailai", "/khongco"]
PREFIXES = ["e:", "m:", "r:", "bc:ok:", "bc:no:", "q:rv:", "td:t:", "td:d:", "tb:ok:", "cr:a:",
            "cr:e:u1:", "pv:", "g:i:", "g:p:", ""]
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="<>&/\\\"'bi%#@\u200b\u0301 ", max_size=60),
    st.sampled_from(["<b>", "</i>", "&", "&amp;", "<script>", "\x00", "😀" * 50, "a" * 4000]),
)
ACTION = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("command"), st.tuples(st.sampled_from(COMMANDS), TEXT)),
    st.tuples(st.just("button"), st.tuples(st.sampled_from(PREFIXES),
                                           st.text(max_size=40))),
    st.tuples(st.just("inline"), st.text(max_size=80)),
)
ADMIN, OFFICIAL, CITIZEN = 9001, 9002, 9701


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTION, min_size=1, max_size=4),
       user=st.sampled_from([ADMIN, OFFICIAL, CITIZEN]))
def test_fuzz_through_the_handlers(fuzz_bot, actions, user):
    tg = fuzz_bot
    for kind, value in actions:
        if kind == "text":
            tg.send_text(user, value or ".")
        elif kind == "command":
            command, args = value
            tg.send_text(user, f"{command} {args}".strip())
        elif kind == "button":
            prefix, tail = value
            data = (prefix + tail)[:64]
            message = {"message_id": 1, "date": 0, "chat": {"id": user, "type": "private"},
                       "from": {"id": 1, "is_bot": True, "first_name": "b"}, "text": "x"}
            tg.press(user, message, data)
        else:
            tg.inline_query(user, value)
    tg.settle()  # every update above handled
    for message in tg.sent:
        if message.get("text"):
            assert utf16_len(check_html(message["text"])) <= 4096
