"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests and benchmarks.

The real python-telegram-bot Application talks to it over HTTP (`base_url`). The server side
implements the Bot API methods the bot calls, and checks what Telegram checks: HTML parse mode
(supported tags only, balanced, `<` and `&` escaped), text at most 4096 characters after entity
parsing, callback data at most 64 bytes. The test-client side sends messages, presses buttons,
types inline queries, posts to a webhook, and reads what the bot sent.

    with FakeTelegram() as tg:
        app = build_application(..., base_url=tg.base_url)
        tg.send_text(user=1, text="xin chào")
        reply = tg.wait_for_message(chat_id=1)

Latency: `FakeTelegram(delay=0.05, jitter=0.01)` answers every call 50 ms ± 10 ms late (a
round trip to the real Telegram); the benchmarks take it from the environment
(`FAKE_TELEGRAM_DELAY_MS`, `FAKE_TELEGRAM_JITTER_MS`). The delay is spent before the call takes
effect, outside the server's lock, so concurrent calls overlap as on a real network.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456789:TEST-fake-token-for-tests-only-abcdefgh"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "CĐS Hải Phòng",
            "username": "cdshp_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class BotApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_BOUNDARY = re.compile(r'boundary="?([^";]+)"?')
_PARAM = re.compile(r'\b(name|filename)="([^"]*)"')


def form_data(ctype: str, body: bytes) -> dict[str, Any]:
    """multipart/form-data as {name: text} and {name: {filename, content}} for files. Split
    with bytes operations: Telegram does not parse in the bot's process, so the fake should not
    hold its interpreter lock for long (email.parser took 5 ms per photo)."""
    found = _BOUNDARY.search(ctype)
    if found is None:
        raise BotApiError(400, "Bad Request: multipart without a boundary")
    params: dict[str, Any] = {}
    for part in body.split(b"--" + found[1].encode())[1:-1]:
        head, _, content = part.removeprefix(b"\r\n").removesuffix(b"\r\n").partition(
            b"\r\n\r\n")
        disposition = next((line for line in head.decode("utf-8").split("\r\n")
                            if line.lower().startswith("content-disposition:")), "")
        fields = dict(_PARAM.findall(disposition))
        if "filename" in fields:
            params[fields["name"]] = {"filename": fields["filename"], "content": content}
        else:  # form fields are UTF-8 whatever the part's headers say
            params[fields["name"]] = content.decode("utf-8")
    return params


class _HtmlChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.plain: list[str] = []
        self.problem = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED_TAGS:
            self.problem = self.problem or f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problem = self.problem or f"Unmatched end tag \"{tag}\""
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problem = self.problem or "Unexpected character '<' or '>'"
        self.plain.append(data)

    def handle_entityref(self, name: str) -> None:
        self.plain.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.plain.append(html.unescape(f"&#{name};"))


def check_html(text: str) -> str:
    """Telegram's HTML parse mode: returns the plain text, or raises BotApiError(400)."""
    for amp in re.finditer("&", text):
        if not ENTITY.match(text, amp.start()):
            raise BotApiError(400, "Bad Request: can't parse entities: unescaped &")
    checker = _HtmlChecker()
    checker.feed(text)
    checker.close()
    if checker.problem or checker.stack:
        problem = checker.problem or f"unclosed tag {checker.stack[-1]}"
        raise BotApiError(400, f"Bad Request: can't parse entities: {problem}")
    return "".join(checker.plain)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 drops connections a concurrent client opens at once, and the
    # client's TCP retry comes a second later: no real server does that to a benchmark.
    request_queue_size = 1024


class FakeTelegram:
    """The fake server (start/stop or a context manager) and its test client."""

    def __init__(self, token: str = TOKEN, delay: float | None = None,
                 jitter: float | None = None, seed: int = 1) -> None:
        self.token = token
        env = os.environ
        self.delay = delay if delay is not None else \
            float(env.get("FAKE_TELEGRAM_DELAY_MS", "0") or 0) / 1000
        self.jitter = jitter if jitter is not None else \
            float(env.get("FAKE_TELEGRAM_JITTER_MS", "0") or 0) / 1000
        self.rng = random.Random(seed)
        self.cond = threading.Condition()
        self.updates: list[dict] = []
        self.next_update_id = 1000
        self.next_message_id = 1
        self.confirmed_offset = 0
        self.calls: list[Call] = []
        self.sent: list[dict] = []  # messages the bot sent (sendMessage, sendPhoto, ...)
        self.callback_answers: list[dict] = []
        self.inline_answers: list[dict] = []
        self.commands: dict[tuple[str, str], list[dict]] = {}  # (scope type, lang) -> commands
        self.webhook_url = ""
        self.failures: dict[str, list[BotApiError]] = {}
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.closing = False
        self.closed = threading.Event()  # ends stalls at stop
        self.blocked: set[int] = set()  # chats whose user blocked the bot (403)
        self.migrated: dict[int, int] = {}  # group id -> supergroup id (400 + migrate_to)
        self.delays: dict[str, list[float]] = {}  # method -> seconds to stall the next calls
        self.before_send: Callable[[dict[str, Any]], None] | None = None
        self.chat_admins: dict[int, set[int]] = {}  # group id -> its administrators' user ids
        # the bots under test: each waits until every update it received is handled
        self.idle_waiters: list[Callable[[float], None]] = []

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()  # headers and body go out in two writes: no Nagle delay
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       name="fake-telegram")
        self.thread.start()
        return self

    def stop(self) -> None:
        self.closed.set()
        with self.cond:
            self.closing = True
            self.cond.notify_all()
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self.server
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    # --- the HTTP side ------------------------------------------------------------------------

    def _params(self, req: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        ctype = req.headers.get("Content-Type", "")
        params: dict[str, Any] = {}
        if ctype.startswith("application/json"):
            params = json.loads(body or b"{}")
        elif ctype.startswith("multipart/form-data"):
            params = form_data(ctype, body)
        else:
            params = dict(urllib.parse.parse_qsl(body.decode("utf-8")))
        query = urllib.parse.urlparse(req.path).query
        params.update(dict(urllib.parse.parse_qsl(query)))
        for key, value in list(params.items()):  # PTB sends JSON-encoded complex values
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    pass
        return params

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlparse(req.path).path
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", path)
        params = self._params(req)
        status, payload = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if match and match.group(1) != self.token:
            status, payload = 401, {"ok": False, "error_code": 401,
                                    "description": "Unauthorized"}
        elif match:
            method = match.group(2)
            arrived = self._latency()
            try:
                with self.cond:
                    self.calls.append(Call(method, params, arrived))
                    queued = self.failures.get(method.lower())
                    if queued:
                        raise queued.pop(0)
                    stalls = self.delays.get(method.lower())
                    stall = stalls.pop(0) if stalls else 0.0
                if stall:  # the client gives up first; Telegram never got the request
                    self.closed.wait(stall)
                    raise BotApiError(504, "Gateway Timeout")
                result = self._dispatch(method, params)
                status, payload = 200, {"ok": True, "result": result}
            except BotApiError as exc:
                status = exc.code if 400 <= exc.code < 600 else 400
                payload = {"ok": False, "error_code": exc.code, "description": exc.description}
                if exc.parameters:
                    payload["parameters"] = exc.parameters
        body = json.dumps(payload).encode()
        try:
            req.send_response(status)
            req.send_header("Content-Type", "application/json")
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a cancelled long poll at shutdown)

    def _latency(self) -> float:
        """The round trip of one call: `delay` ± `jitter` seconds (never negative). Returns the
        moment the call arrives (monotonic): when the request came plus the planned delay, not
        when this thread happens to wake up."""
        came = time.monotonic()
        wait = 0.0
        if self.delay or self.jitter:
            with self.cond:
                wait = max(0.0, self.delay + self.rng.uniform(-self.jitter, self.jitter))
            if wait > 0:
                time.sleep(wait)
        return came + wait

    def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        name = method.lower()
        if name == "getme":
            return BOT_USER
        if name == "getupdates":
            return self._get_updates(int(p.get("offset", 0) or 0), float(p.get("timeout", 0)),
                                     int(p.get("limit", 100) or 100))
        if name in ("deletewebhook", "close", "logout"):
            self.webhook_url = ""
            return True
        if name == "setwebhook":
            self.webhook_url = p["url"]
            return True
        if name == "getwebhookinfo":
            return {"url": self.webhook_url, "has_custom_certificate": False,
                    "pending_update_count": 0}
        if name in ("setmycommands", "deletemycommands"):
            scope = p.get("scope") or {"type": "default"}
            key = (scope.get("type", "default") + (f":{scope['chat_id']}" if "chat_id" in scope
                                                   else ""), p.get("language_code", ""))
            with self.cond:
                if name == "setmycommands":
                    self.commands[key] = p["commands"]
                else:
                    self.commands.pop(key, None)
                self.cond.notify_all()
            return True
        if name in ("sendmessage", "sendphoto", "senddocument"):
            return self._send(name, p)
        if name == "editmessagetext":
            return self._edit(p)
        if name == "editmessagereplymarkup":
            return self._edit(p, markup_only=True)
        if name == "answercallbackquery":
            with self.cond:
                self.callback_answers.append(p)
                self.cond.notify_all()
            return True
        if name == "answerinlinequery":
            for result in p.get("results", []):
                content = result.get("input_message_content", {})
                if content.get("parse_mode", "").upper() == "HTML":
                    check_html(content["message_text"])
            with self.cond:
                self.inline_answers.append(p)
                self.cond.notify_all()
            return True
        if name == "sendchataction":
            return True
        if name == "getchatmember":
            user_id = int(p["user_id"])
            admin = user_id in self.chat_admins.get(int(p["chat_id"]), set())
            return {"status": "administrator" if admin else "member", "user": self.user(user_id),
                    **({"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                        "can_delete_messages": True, "can_manage_video_chats": True,
                        "can_restrict_members": True, "can_promote_members": False,
                        "can_change_info": True, "can_invite_users": True,
                        "can_post_stories": False, "can_edit_stories": False,
                        "can_delete_stories": False} if admin else {})}
        raise BotApiError(404, f"Not Found: method {method} is not in the fake")

    def _get_updates(self, offset: int, timeout: float, limit: int) -> list[dict]:
        deadline = time.monotonic() + min(timeout, 30)
        with self.cond:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline and not self.closing:
                self.cond.wait(max(deadline - time.monotonic(), 0))
            return self.updates[:limit]

    def _check_text(self, text: str, parse_mode: str) -> None:
        plain = check_html(text) if parse_mode.upper() == "HTML" else text
        if not plain.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > 4096:
            raise BotApiError(400, "Bad Request: message is too long")

    def _check_markup(self, markup: Any) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(data.encode()) > 64:
                    raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _send(self, name: str, p: dict[str, Any]) -> dict:
        chat_id = int(p["chat_id"])
        if self.before_send is not None:
            self.before_send(p)
        if chat_id in self.blocked:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.migrated:
            raise BotApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                              {"migrate_to_chat_id": self.migrated[chat_id]})
        if name == "sendmessage":
            self._check_text(p.get("text", ""), p.get("parse_mode", ""))
        elif p.get("caption"):
            plain = check_html(p["caption"]) if p.get("parse_mode") == "HTML" else p["caption"]
            if utf16_len(plain) > 1024:
                raise BotApiError(400, "Bad Request: message caption is too long")
        self._check_markup(p.get("reply_markup"))
        with self.cond:
            message = {
                "message_id": self.next_message_id, "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER, "method": name,
            }
            self.next_message_id += 1
            for key in ("text", "caption", "reply_markup", "parse_mode", "photo", "document"):
                if key in p:
                    message[key] = p[key]
            if name == "sendphoto":
                message["photo"] = [{"file_id": "photo1", "file_unique_id": "p1", "width": 1,
                                     "height": 1}]
            if name == "senddocument":
                doc = p.get("document")
                message["document"] = {"file_id": "doc1", "file_unique_id": "d1",
                                       "file_name": doc.get("filename", "")
                                       if isinstance(doc, dict) else ""}
                message["document_content"] = doc.get("content") if isinstance(doc, dict) \
                    else None
            self.sent.append(message)
            self.cond.notify_all()
            return {k: v for k, v in message.items()
                    if k not in ("method", "parse_mode", "document_content")}

    def _edit(self, p: dict[str, Any], markup_only: bool = False) -> dict:
        chat_id, message_id = int(p["chat_id"]), int(p["message_id"])
        if not markup_only:
            self._check_text(p.get("text", ""), p.get("parse_mode", ""))
        self._check_markup(p.get("reply_markup"))
        with self.cond:
            for message in self.sent:
                if message["chat"]["id"] == chat_id and message["message_id"] == message_id:
                    if not markup_only:
                        message["text"] = p["text"]
                    # as Telegram: an edit without reply_markup removes the inline keyboard
                    message["reply_markup"] = p.get("reply_markup")
                    message["edited"] = message.get("edited", 0) + 1
                    self.cond.notify_all()
                    return {k: v for k, v in message.items()
                            if k not in ("method", "parse_mode", "edited", "document_content")}
        raise BotApiError(400, "Bad Request: message to edit not found")

    # --- the test-client side -----------------------------------------------------------------

    def stall_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next calls of `method` hang for `seconds`, then fail without effect: a
        client with a shorter read timeout sees TimedOut, and nothing was delivered."""
        with self.cond:
            self.delays.setdefault(method.lower(), []).extend([seconds] * times)

    def fail_next(self, method: str, code: int, description: str,
                  parameters: dict | None = None, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail like Telegram would."""
        with self.cond:
            self.failures.setdefault(method.lower(), []).extend(
                BotApiError(code, description, parameters) for _ in range(times))

    def _push(self, update: dict) -> dict:
        with self.cond:
            update["update_id"] = self.next_update_id
            self.next_update_id += 1
            self.updates.append(update)
            self.cond.notify_all()
        return update

    @staticmethod
    def user(user_id: int, language: str = "vi", first_name: str = "Lan") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": first_name,
                "language_code": language}

    def message_update(self, user: int, text: str, chat_id: int | None = None,
                       chat_type: str = "private", reply_to: dict | None = None,
                       language: str = "vi", message_id: int | None = None) -> dict:
        chat_id = user if chat_id is None else chat_id
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0,
                             "length": utf16_len(text.split()[0])})
        for mention in re.finditer(r"@\w+", text):
            entities.append({"type": "mention", "offset": utf16_len(text[:mention.start()]),
                             "length": utf16_len(mention.group())})
        with self.cond:
            if message_id is None:
                message_id = self.next_message_id
                self.next_message_id += 1
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Lan"
        else:
            chat["title"] = "Nhóm thử"
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                                   "chat": chat, "from": self.user(user, language),
                                   "text": text}
        if entities:
            message["entities"] = entities
        if reply_to:
            message["reply_to_message"] = {k: v for k, v in reply_to.items()
                                           if k not in ("method", "parse_mode", "edited")}
        return {"message": message}

    def send_text(self, user: int, text: str, **kwargs: Any) -> dict:
        """A user sends a text message (a command if it starts with '/')."""
        return self._push(self.message_update(user, text, **kwargs))

    def redeliver(self, update: dict) -> dict:
        """Telegram delivers the same message again (same chat and message id)."""
        copy = json.loads(json.dumps(update))
        return self._push(copy)

    def press(self, user: int, message: dict, data: str) -> dict:
        """A user presses an inline button with `data` under the bot's `message`."""
        return self._push({"callback_query": {
            "id": f"cb{self.next_update_id}", "from": self.user(user),
            "chat_instance": "ci", "data": data,
            "message": {k: v for k, v in message.items()
                        if k not in ("method", "parse_mode", "edited", "document_content")},
        }})

    def inline_query(self, user: int, query: str) -> dict:
        return self._push({"inline_query": {"id": f"iq{self.next_update_id}",
                                            "from": self.user(user), "query": query,
                                            "offset": ""}})

    def post_webhook(self, url: str, update: dict, secret: str | None) -> int:
        """POST an update to the bot's webhook as Telegram does; returns the HTTP status."""
        with self.cond:
            update = dict(update, update_id=self.next_update_id)
            self.next_update_id += 1
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        req = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def wait(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until predicate() is truthy (checked whenever the server changes)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the bot did not do what the test waited for")
                self.cond.wait(min(left, 0.2))

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until the bots took every update and handled it (updates of different chats
        are handled concurrently, so no single reply tells that all before it are done)."""
        deadline = time.monotonic() + timeout
        self.wait(lambda: not self.updates, timeout)  # fetched and acknowledged
        for idle in list(self.idle_waiters):
            idle(max(0.1, deadline - time.monotonic()))

    def messages_to(self, chat_id: int) -> list[dict]:
        with self.cond:
            return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def wait_for_message(self, chat_id: int, after: int = 0, count: int = 1,
                         timeout: float = 10.0) -> dict:
        """The `count`-th message the bot sends to chat_id with message_id > after."""
        def ready() -> dict | None:
            found = [m for m in self.messages_to(chat_id) if m["message_id"] > after]
            return found[count - 1] if len(found) >= count else None

        return self.wait(ready, timeout)

    def last_message_id(self) -> int:
        with self.cond:
            return self.next_message_id - 1

    def calls_of(self, method: str) -> list[Call]:
        with self.cond:
            return [c for c in self.calls if c.method.lower() == method.lower()]
