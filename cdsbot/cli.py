"""Command line: run (default), check, ask, console, users, export, notify, backup, stats.

`check`, `ask` and `console` never import `telegram`: they start fast and need no token.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from cdsbot import exports, knowledge, stats, strings
from cdsbot.assistant import MENU_ALIASES, TOPIC_MENUS, Assistant, Reply
from cdsbot.config import ConfigError, Settings
from cdsbot.dialogue import Dialogue
from cdsbot.knowledge import KnowledgeBase
from cdsbot.notices import schedule
from cdsbot.officials.reporting import SPECIAL_IDS
from cdsbot.storage import DatabaseError, Storage

# Exit codes (docs/OPERATIONS.md; systemd's RestartPreventExitStatus lists 1 2 3 5).
EXIT_OK = 0  # done, or stopped by SIGINT/SIGTERM
EXIT_INVALID = 1  # the knowledge base (or what a command checked) is invalid
EXIT_USAGE = 2  # bad arguments or settings: no token, no webhook secret, a bad variable
EXIT_TOKEN = 3  # Telegram rejected the token
EXIT_NETWORK = 4  # Telegram unreachable at start, webhook port busy (worth a restart)
EXIT_DATABASE = 5  # the database cannot be created, opened, read or written

NO_TOKEN = strings.citizen.NO_TOKEN + " Thử ngay không cần Telegram: python bot.py console"


class StartupError(Exception):
    """A start-up failure: `line` is the one line for stderr, `code` the exit code."""

    def __init__(self, code: int, line: str) -> None:
        super().__init__(line)
        self.code, self.line = code, line


def _db_problem(path: Path, exc: BaseException) -> str:
    """What is wrong with the database file, in one line the operator can act on."""
    message = str(exc).lower()
    if path.is_dir():
        why = "đó là một thư mục, không phải tệp"
    elif isinstance(exc, OSError):
        why = f"không tạo được thư mục {path.parent} ({exc.strerror or exc})"
    elif "not a database" in message or "malformed" in message or "corrupt" in message:
        why = ("tệp không phải cơ sở dữ liệu SQLite hoặc đã hỏng (bị cắt cụt?); khôi phục từ "
               "bản sao lưu")
    elif "readonly" in message or "read-only" in message or "unable to open" in message:
        why = ("không mở hoặc không ghi được; người dùng chạy bot cần quyền ghi tệp và thư "
               "mục chứa nó")
    else:
        why = f"lỗi SQLite: {exc}"
    return f"Cơ sở dữ liệu {path} (CDSBOT_DB) không dùng được: {why}."


def open_storage(path: Path) -> Storage:
    """The database, checked readable and writable; raises StartupError (exit 5)."""
    storage = None
    try:
        storage = Storage(path)
        storage.check_usable()
        return storage
    except (OSError, DatabaseError) as exc:
        if storage is not None:
            storage.close()
        raise StartupError(EXIT_DATABASE, _db_problem(path, exc)) from exc


def kb_problem_line(problems: Sequence[str]) -> str:
    """An invalid knowledge base in one line: the first problem and how to see them all."""
    first = problems[0] if problems else "?"
    more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
    return (f"Kho tri thức không hợp lệ: {first}{more}. Xem tất cả: python bot.py check")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python bot.py",
        description="cdsbot – trợ lý Telegram về Kế hoạch chuyển đổi số Hải Phòng năm 2022.",
    )
    sub = p.add_subparsers(dest="command", metavar="command")
    run = sub.add_parser("run", help="chạy bot Telegram (mặc định; long polling)")
    run.add_argument("--webhook", metavar="URL",
                     help="chạy chế độ webhook với URL công khai này")
    run.add_argument("--listen", default="127.0.0.1", help="địa chỉ lắng nghe webhook")
    run.add_argument("--port", type=int, default=8443, help="cổng lắng nghe webhook")
    sub.add_parser("check", help="kiểm tra kho tri thức knowledge/")
    ask = sub.add_parser("ask", help="hỏi một câu (không có câu hỏi: đọc mỗi dòng stdin)")
    ask.add_argument("question", nargs="?", help="câu hỏi")
    ask.add_argument("--json", action="store_true",
                     help="in mỗi câu trả lời là một đối tượng JSON")
    sub.add_parser("console", help="hỏi đáp trên dòng lệnh, không cần Telegram")
    users = sub.add_parser("users", help="cấp, thu hồi, liệt kê quyền").add_subparsers(
        dest="action", metavar="action", required=True)
    grant = users.add_parser("grant", help="cấp quyền: grant <telegram_id> official --unit <mã>"
                             " | grant <telegram_id> admin")
    grant.add_argument("telegram_id")
    grant.add_argument("role", choices=("official", "admin"))
    grant.add_argument("--unit", help="mã đơn vị (bắt buộc với official)")
    revoke = users.add_parser("revoke", help="thu hồi mọi quyền của một người")
    revoke.add_argument("telegram_id")
    users.add_parser("list", help="liệt kê quyền đang hiệu lực")
    backup = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu đang chạy vào PATH")
    backup.add_argument("path")
    notify_ = sub.add_parser("notify", help="thông báo: due (sắp gửi), status (hàng đợi)")
    notify_sub = notify_.add_subparsers(dest="action", metavar="action", required=True)
    due = notify_sub.add_parser("due", help="liệt kê thông báo mốc đến hạn, không gửi")
    due.add_argument("--at", metavar="ISO-TIME",
                     help="thời điểm (giờ địa phương nếu không ghi múi giờ), mặc định: bây giờ")
    notify_sub.add_parser("status", help="số tin theo trạng thái của từng thông báo")
    export = sub.add_parser("export", help="xuất CSV ra stdout")
    export.add_argument("kind", choices=exports.KINDS)
    sub.add_parser("stats", help="thống kê sử dụng 7 ngày qua")
    health = sub.add_parser("health", help="kiểm tra sức khỏe: kho tri thức, CSDL, hàng đợi "
                            "thông báo (exit 0 nếu ổn)")
    health.add_argument("--stuck-minutes", type=int, default=60, metavar="N",
                        help="coi là tắc nếu tin chờ gửi quá hạn N phút (mặc định 60)")
    return p


def _load(settings: Settings, err: TextIO) -> Assistant | None:
    try:
        return Assistant.load(settings.knowledge)
    except knowledge.KnowledgeError as exc:
        print(f"Kho tri thức không hợp lệ ({len(exc.problems)} lỗi):", file=err)
        for problem in exc.problems:
            print(problem, file=err)
        return None


def cmd_check(settings: Settings, out: TextIO, err: TextIO) -> int:
    """Validate knowledge/: exit 0 with a summary, or 1 with every `file:line: message`."""
    kb, problems = knowledge.check(settings.knowledge)
    if kb is None:
        for problem in problems:
            print(problem, file=out)
        print(f"{len(problems)} lỗi.", file=err)
        return EXIT_INVALID
    phrasings = sum(len(e.phrasings) for e in kb.entries.values())
    print(
        f"Hợp lệ: {len(kb.entries)} mục trả lời ({phrasings} cách hỏi), "
        f"{len(kb.indicators)} chỉ tiêu, {len(kb.milestones)} mốc, {len(kb.units)} đơn vị, "
        f"{len(kb.synonyms)} từ viết tắt/đồng nghĩa, {len(kb.sources)} nguồn.",
        file=out,
    )
    return EXIT_OK


def _as_json(assistant: Assistant, question: str, reply: Reply) -> str:
    ans = reply.answer
    return json.dumps(
        {
            "question": question,
            "status": ans.status,
            "id": ans.entry_id if ans.status == "answer" else None,
            "score": round(ans.score, 4),
            "text": reply.plain,
            "alternatives": [
                {"id": e, "title": assistant.kb.entries[e].title, "score": s}
                for e, s in ans.alternatives
            ],
        },
        ensure_ascii=False,
    )


def cmd_ask(settings: Settings, question: str | None, as_json: bool, stdin: TextIO,
            out: TextIO, err: TextIO) -> int:
    assistant = _load(settings, err)
    if assistant is None:
        return EXIT_INVALID
    questions = [question] if question is not None else stdin.read().splitlines()
    for q in questions:
        reply = assistant.ask(q)
        if as_json:
            print(_as_json(assistant, q, reply), file=out)
        else:
            print(reply.plain, file=out)
            if question is None:
                print(file=out)
    return EXIT_OK


QUIT = {"/thoat", "/exit", "/quit", "thoat", "exit", "quit"}


def _numbered(assistant: Assistant, choices: Sequence[str]) -> str:
    return "\n".join(f"  {i}. {assistant.kb.entries[e].title}" for i, e in enumerate(choices, 1))


def cmd_console(settings: Settings, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Chat in the terminal through the same dialogue as the bot (nothing is stored)."""
    assistant = _load(settings, err)
    if assistant is None:
        return EXIT_INVALID
    dialogue = Dialogue(assistant)
    chat = 0  # the console is one conversation
    print(strings.citizen.CONSOLE_INTRO, file=out)
    while True:
        print("\n> ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line.lower() in QUIT:
            break
        command = line.lstrip("/").split()[0].lower() if line.startswith("/") else ""
        if command:
            menu = assistant.menu("trogiup" if command == "start" else command,
                                  dt.date.today())
            if menu is None:
                print(f"Không có lệnh /{command} trong chế độ dòng lệnh. Gõ /trogiup để xem "
                      "các lệnh.", file=out)
                continue
            body, choices = menu
            if MENU_ALIASES.get(command, command) in TOPIC_MENUS:
                # the topic title; the items are numbered below
                body = strings.citizen.to_plain(body).splitlines()[0]
            print(strings.citizen.to_plain(body), file=out)
            if choices:
                dialogue.offered(chat, choices)
                print(_numbered(assistant, choices), file=out)
                print(strings.citizen.CONSOLE_CHOOSE, file=out)
            continue
        turn = dialogue.turn(chat, line)
        print(strings.citizen.to_plain(turn.html), file=out)
        if turn.choices and turn.kind == "suggest":
            print(strings.citizen.CONSOLE_CHOOSE, file=out)
        if turn.kind == "answer" and turn.entry_id:
            entry = assistant.kb.entries[turn.entry_id]
            more_sources = strings.citizen.has_more_sources(assistant.kb, entry)
            hint = strings.citizen.console_hint(bool(entry.more), more_sources)
            if hint:
                print(hint, file=out)
    print(strings.citizen.CONSOLE_BYE, file=out)
    return EXIT_OK


MAX_TELEGRAM_ID = 2**53  # Telegram: user ids fit in 52 bits


def _telegram_id(raw: str, err: TextIO) -> int | None:
    """A positive id in ASCII digits only (`int()` also takes "٣" and "３")."""
    if not raw.isascii() or not raw.isdigit() or int(raw) <= 0:
        print(f"“{raw[:30]}” không phải mã người dùng Telegram (một số nguyên dương, chữ số "
              "0-9). Người dùng có thể xem mã của mình qua @userinfobot.", file=err)
        return None
    if len(raw) > 16 or int(raw) >= MAX_TELEGRAM_ID:
        print(f"“{raw[:30]}” quá dài để là mã người dùng Telegram (tối đa 16 chữ số).",
              file=err)
        return None
    if int(raw) in SPECIAL_IDS:
        print(f"{raw} là tài khoản ẩn danh/kênh/dịch vụ của Telegram, không cấp quyền được.",
              file=err)
        return None
    return int(raw)


@contextlib.contextmanager
def _open(settings: Settings, err: TextIO) -> Iterator[tuple[KnowledgeBase, Storage] | None]:
    """The knowledge base and the database, or None (problems printed) when the KB is bad."""
    kb, problems = knowledge.check(settings.knowledge)
    if kb is None:
        print("\n".join(problems), file=err)
        yield None
        return
    storage = open_storage(settings.db)
    try:
        yield kb, storage
    finally:
        storage.close()


def cmd_users(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """users grant|revoke|list: roles in the database, every change audited (via cli)."""
    with _open(settings, err) as opened:
        if opened is None:
            return EXIT_INVALID
        kb, storage = opened
        if args.action == "list":
            rows = storage.people.active_roles()
            for admin in settings.admins:
                print(f"{admin}\tadmin\t-\tCDSBOT_ADMINS", file=out)
            for r in rows:
                print(f"{r.user_id}\t{r.role}\t{r.unit_id or '-'}\t{r.granted_via} "
                      f"{r.granted_at}", file=out)
            if not rows and not settings.admins:
                print("Chưa có ai được cấp quyền.", file=err)
            return EXIT_OK
        user_id = _telegram_id(args.telegram_id, err)
        if user_id is None:
            return EXIT_USAGE
        if args.action == "revoke":
            gone = storage.people.revoke_user(user_id, None, "cli")
            if not gone:
                print(f"{user_id} không có quyền nào đang hiệu lực.", file=err)
                return EXIT_INVALID
            print(f"Đã thu hồi {len(gone)} quyền của {user_id}.", file=out)
            if user_id in settings.admins:
                print("Lưu ý: người này vẫn là quản trị vì có trong CDSBOT_ADMINS.", file=err)
            return EXIT_OK
        unit = args.unit
        if args.role == "official" and not unit:
            print("Cấp quyền cán bộ cần --unit <mã đơn vị>. Các đơn vị: "
                  + ", ".join(kb.units), file=err)
            return EXIT_USAGE
        if unit and unit not in kb.units:
            print(f"Không có đơn vị “{unit}”. Các đơn vị: {', '.join(kb.units)}", file=err)
            return EXIT_USAGE
        role = storage.people.grant(user_id, args.role, unit if args.role == "official" else None,
                                    None, "cli",
                                    notice=strings.office.grant_notice(kb, args.role, unit))
        what = "quản trị" if role.role == "admin" else f"cán bộ {kb.units[role.unit_id].name}"
        print(f"Đã cấp quyền {what} cho {user_id}.", file=out)
        return EXIT_OK


def cmd_export(settings: Settings, kind: str, out: TextIO, err: TextIO) -> int:
    with _open(settings, err) as opened:
        if opened is None:
            return EXIT_INVALID
        out.write(exports.export(kind, *opened))
    return EXIT_OK


def cmd_backup(settings: Settings, path: str, out: TextIO, err: TextIO) -> int:
    """backup PATH: VACUUM INTO a new file, integrity_check it, one line."""
    if not settings.db.exists():
        print(f"Không có cơ sở dữ liệu {settings.db} để sao lưu.", file=err)
        return EXIT_INVALID
    storage = open_storage(settings.db)
    try:
        started = time.monotonic()
        result = storage.backup(Path(path))
    except (OSError, DatabaseError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"Sao lưu thất bại: {path}: {why}", file=err)
        return EXIT_INVALID
    finally:
        storage.close()
    size = Path(path).stat().st_size
    if result != "ok":
        print(f"Sao lưu {path} HỎNG (integrity_check: {result}).", file=err)
        return EXIT_INVALID
    print(f"Đã sao lưu {settings.db} -> {path} ({size / 1024:.0f} KiB, "
          f"{time.monotonic() - started:.2f} s, integrity_check: ok).", file=out)
    return EXIT_OK


def cmd_notify(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """notify due [--at]: what the bot would write now; notify status: the outbox."""
    with _open(settings, err) as opened:
        if opened is None:
            return EXIT_INVALID
        kb, storage = opened
        if args.action == "status":
            print("key\tpending\tsending\tsent\tblocked\tfailed\ttitle", file=out)
            for d in storage.notices.delivery():
                counts = "\t".join(str(d.counts.get(s, 0)) for s in
                                   ("pending", "sending", "sent", "blocked", "failed"))
                print(f"{d.key}\t{counts}\t{d.title}", file=out)
            return EXIT_OK
        tz = ZoneInfo(settings.tz)
        try:
            at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(tz)
        except ValueError:
            print(f"--at “{args.at}” không phải thời điểm ISO, ví dụ 2022-10-03T08:30",
                  file=err)
            return EXIT_USAGE
        at = at.replace(tzinfo=tz) if at.tzinfo is None else at.astimezone(tz)
        written = {key for key, *_ in storage.notices.notifications()}
        items = schedule.due(at, kb)
        for item in items:
            state = "đã ghi" if item.key in written else "sẽ ghi"
            print(f"{item.key}\t{state}\t{item.title}", file=out)
        if not items:
            print(f"Không có thông báo mốc nào đến hạn lúc {at.isoformat()}.", file=err)
        quiet = schedule.quiet(at, kb.notices)
        print(f"Giờ nghỉ: {'có' if quiet else 'không'}; người theo dõi nhận mốc: "
              f"{len(storage.notices.recipients('milestone'))}.", file=err)
        return EXIT_OK


def cmd_health(settings: Settings, stuck_minutes: int, out: TextIO, err: TextIO) -> int:
    """health: one line; exit 0 when the knowledge base is valid, the database is readable
    and writable and no notification is stuck in the outbox; else 1 (5 for the database)."""
    kb, problems = knowledge.check(settings.knowledge)
    if kb is None:
        print(kb_problem_line(problems), file=err)
        return EXIT_INVALID
    storage = open_storage(settings.db)
    try:
        waiting, oldest, failed = storage.notices.outbox_backlog()
    finally:
        storage.close()
    now = dt.datetime.now(dt.UTC)
    late = (now - dt.datetime.fromisoformat(oldest)).total_seconds() / 60 if oldest else 0.0
    line = (f"kho tri thức: {len(kb.entries)} mục; CSDL {settings.db}: đọc/ghi được; hàng đợi: "
            f"{waiting} tin chờ gửi, {failed} tin lỗi")
    if waiting and late > stuck_minutes:
        print(f"TẮC: {line}; tin chờ lâu nhất quá hạn {late:.0f} phút (bot có đang chạy và "
              "ra được Internet không?)", file=err)
        return EXIT_INVALID
    print(f"ổn: {line}", file=out)
    return EXIT_OK


def cmd_run(settings: Settings, args: argparse.Namespace, explicit: bool, stdin: TextIO,
            out: TextIO, err: TextIO) -> int:
    if not settings.token:
        if not explicit and stdin.isatty():
            print(strings.citizen.to_plain(strings.citizen.NO_TOKEN_CONSOLE), file=err)
            return cmd_console(settings, stdin, out, err)
        print(NO_TOKEN, file=err)
        return EXIT_USAGE
    from cdsbot import app  # imports telegram: only when the bot really runs

    return app.run(settings, webhook=args.webhook, listen=args.listen, port=args.port)


def _main(argv: Sequence[str] | None = None, stdin: TextIO | None = None,
          out: TextIO | None = None, err: TextIO | None = None) -> int:
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    for stream in (out, err):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=err)
        return EXIT_USAGE
    if args.command == "check":
        return cmd_check(settings, out, err)
    if args.command == "ask":
        return cmd_ask(settings, args.question, args.json, stdin, out, err)
    if args.command == "console":
        return cmd_console(settings, stdin, out, err)
    if args.command == "users":
        return cmd_users(settings, args, out, err)
    if args.command == "backup":
        return cmd_backup(settings, args.path, out, err)
    if args.command == "notify":
        return cmd_notify(settings, args, out, err)
    if args.command == "stats":
        with _open(settings, err) as opened:
            if opened is None:
                return EXIT_INVALID
            kb, storage = opened
            today = dt.datetime.now(ZoneInfo(settings.tz)).date()
            print(stats.render(stats.gather(storage, today), kb), file=out)
        return EXIT_OK
    if args.command == "export":
        return cmd_export(settings, args.kind, out, err)
    if args.command == "health":
        return cmd_health(settings, args.stuck_minutes, out, err)
    explicit = args.command == "run"
    if not explicit:
        args = _parser().parse_args(["run"])
    return cmd_run(settings, args, explicit, stdin, out, err)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None,
         out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`python bot.py …`: a start-up failure is one line on stderr and its exit code;
    Ctrl-C ends quietly (130); a closed stdout (`| head`) ends quietly too."""
    err = err or sys.stderr
    try:
        return _main(argv, stdin, out, err)
    except StartupError as exc:
        print(exc.line, file=err)
        return exc.code
    except KeyboardInterrupt:
        print(file=err)
        return 130
    except BrokenPipeError:
        # the reader went away (`| head`): point stdout at /dev/null so that the interpreter's
        # final flush does not raise again
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
