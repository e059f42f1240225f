"""Command line: run (default), check, ask, console, users, export, notify, backup, stats.

`check`, `ask` and `console` never import `telegram`: they start fast and need no token.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from cdsbot import address, exports, knowledge, stats, strings, vietnamese
from cdsbot.assistant import MENU_ALIASES, TOPIC_MENUS, Assistant, Reply
from cdsbot.config import ConfigError, Settings
from cdsbot.dialogue import Dialogue, canned
from cdsbot.events import BackedUp, Exported
from cdsbot.knowledge import KnowledgeBase
from cdsbot.live import Live
from cdsbot.notices import schedule
from cdsbot.officials.reporting import SPECIAL_IDS, out_of_time
from cdsbot.search import Answer, in_english
from cdsbot.startup import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    StartupError,
    kb_problem_line,
    open_storage,
)
from cdsbot.storage import DatabaseError, Storage


def _vietnamese(message: str) -> str:
    return strings.cli.ARGPARSE.get(message, message)


def _vietnamese_plural(singular: str, plural: str, n: int) -> str:
    return _vietnamese(singular if n == 1 else plural)


# argparse's own words ("usage:", "error: the following arguments are required") come from
# its module-level gettext functions: ours say them in Vietnamese, like the help texts.
argparse._ = _vietnamese  # type: ignore[attr-defined]
argparse.ngettext = _vietnamese_plural  # type: ignore[attr-defined]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python bot.py",
        description=strings.cli.DESCRIPTION,
    )
    sub = p.add_subparsers(dest="command", metavar="command")
    run = sub.add_parser("run", help=strings.cli.HELP_RUN)
    run.add_argument("--webhook", metavar="URL",
                     help=strings.cli.HELP_WEBHOOK)
    run.add_argument("--listen", default="127.0.0.1", help=strings.cli.HELP_LISTEN)
    run.add_argument("--port", type=int, default=8443, help=strings.cli.HELP_PORT)
    sub.add_parser("check", help=strings.cli.HELP_CHECK)
    ask = sub.add_parser("ask", help=strings.cli.HELP_ASK)
    ask.add_argument("question", nargs="?", help=strings.cli.HELP_QUESTION)
    ask.add_argument("--json", action="store_true",
                     help=strings.cli.HELP_JSON)
    sub.add_parser("console", help=strings.cli.HELP_CONSOLE)
    users = sub.add_parser("users", help=strings.cli.HELP_USERS).add_subparsers(
        dest="action", metavar="action", required=True)
    grant = users.add_parser("grant", help=strings.cli.HELP_GRANT)
    grant.add_argument("telegram_id")
    grant.add_argument("role", choices=("official", "admin"))
    grant.add_argument("--unit", help=strings.cli.HELP_UNIT)
    grant.add_argument("--allow-closed-unit", action="store_true",
                       help=strings.cli.HELP_ALLOW_CLOSED)
    revoke = users.add_parser("revoke", help=strings.cli.HELP_REVOKE)
    revoke.add_argument("telegram_id")
    users.add_parser("list", help=strings.cli.HELP_LIST)
    backup = sub.add_parser("backup", help=strings.cli.HELP_BACKUP)
    backup.add_argument("path")
    notify_ = sub.add_parser("notify", help=strings.cli.HELP_NOTIFY)
    notify_sub = notify_.add_subparsers(dest="action", metavar="action", required=True)
    due = notify_sub.add_parser("due", help=strings.cli.HELP_DUE)
    due.add_argument("--at", metavar="ISO-TIME",
                     help=strings.cli.HELP_AT)
    notify_sub.add_parser("status", help=strings.cli.HELP_STATUS)
    export = sub.add_parser("export", help=strings.cli.HELP_EXPORT)
    export.add_argument("kind", choices=exports.KINDS)
    sub.add_parser("stats", help=strings.cli.help_stats(stats.DAYS))
    health = sub.add_parser("health", help=strings.cli.HELP_HEALTH)
    health.add_argument("--stuck-minutes", type=int, default=60, metavar="N",
                        help=strings.cli.HELP_STUCK)
    return p


def _load(settings: Settings, err: TextIO) -> Live | None:
    """The live knowledge base the console and `ask` ask (no database: nothing is stored)."""
    try:
        return Live.load(settings.knowledge)
    except knowledge.KnowledgeError as exc:
        print(strings.cli.kb_invalid(len(exc.problems)), file=err)
        for problem in exc.problems:
            print(problem, file=err)
        return None


def cmd_check(settings: Settings, out: TextIO, err: TextIO) -> int:
    """Validate knowledge/: exit 0 with a summary, or 1 with every `file:line: message`."""
    kb, problems = knowledge.check(settings.knowledge)
    if kb is None:
        for problem in problems:
            print(problem, file=out)
        print(strings.cli.problem_count(len(problems)), file=err)
        return EXIT_INVALID
    phrasings = sum(len(e.phrasings) for e in kb.entries.values())
    print(strings.cli.valid(len(kb.entries), phrasings, len(kb.indicators), len(kb.milestones),
                            len(kb.units), len(kb.synonyms), len(kb.english), len(kb.sources)),
          file=out)
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
    live = _load(settings, err)
    if live is None:
        return EXIT_INVALID
    questions = [question] if question is not None else stdin.read().splitlines()
    for q in questions:
        # "cảm ơn cháu", "bạn là ai", "tôi muốn nhận thông báo": the chat's short reply, not
        # "outside what I know"
        short = canned(vietnamese.normalise(live.assistant.index.read(q)))  # "hello, who are you"
        if short and in_english(q):
            short = strings.citizen.read_in_english(short)
        reply = (Reply(Answer("none", None, 0.0), strings.citizen.addressed(
            short, address.self_name(q)), ()) if short else live.ask(q))
        if as_json:
            print(_as_json(live.assistant, q, reply), file=out)
        else:
            print(reply.plain, file=out)
            if question is None:
                print(file=out)
    return EXIT_OK


QUIT = {"/thoat", "/exit", "/quit", "thoat", "exit", "quit"}
# Commands of the Telegram bot that need its database (people, reports, subscriptions): the
# console says where they are, rather than that they do not exist
TELEGRAM_ONLY = frozenset("tiendo theodoi huytheodoi dulieucuatoi baocao sua rutlai huy moi quyen "
                          "nhatky xuat thongbao tailai chuatraloi thongke".split())


def _numbered(assistant: Assistant, choices: Sequence[str]) -> str:
    return "\n".join(f"  {i}. {assistant.kb.entries[e].title}" for i, e in enumerate(choices, 1))


def cmd_console(settings: Settings, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Chat in the terminal through the same dialogue as the bot (nothing is stored)."""
    live = _load(settings, err)
    if live is None:
        return EXIT_INVALID
    assistant = live.assistant
    dialogue = Dialogue(live)
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
                print((strings.cli.telegram_only if command in TELEGRAM_ONLY
                       else strings.cli.no_console_command)(command), file=out)
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
        print(strings.cli.not_telegram_id(raw[:30]), file=err)
        return None
    if len(raw) > 16 or int(raw) >= MAX_TELEGRAM_ID:
        print(strings.cli.telegram_id_too_long(raw[:30]), file=err)
        return None
    if int(raw) in SPECIAL_IDS:
        print(strings.cli.special_id(raw), file=err)
        return None
    return int(raw)


@contextlib.contextmanager
def _open(settings: Settings) -> Iterator[tuple[KnowledgeBase, Storage]]:
    """The knowledge base and the database; a bad knowledge base stops the command (its
    problems on stderr, EXIT_INVALID)."""
    kb, problems = knowledge.check(settings.knowledge)
    if kb is None:
        raise StartupError(EXIT_INVALID, "\n".join(problems))
    storage = open_storage(settings.db)
    try:
        yield kb, storage
    finally:
        storage.close()


def cmd_users(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """users grant|revoke|list: roles in the database, every change audited (via cli)."""
    with _open(settings) as (kb, storage):
        if args.action == "list":
            rows = storage.people.active_roles()
            for admin in settings.admins:
                print(f"{admin}\tadmin\t-\tCDSBOT_ADMINS", file=out)
            for r in rows:
                print(f"{r.user_id}\t{r.role}\t{r.unit_id or '-'}\t{r.granted_via} "
                      f"{r.granted_at}", file=out)
            if not rows and not settings.admins:
                print(strings.cli.NO_ROLES, file=err)
            return EXIT_OK
        user_id = _telegram_id(args.telegram_id, err)
        if user_id is None:
            return EXIT_USAGE
        if args.action == "revoke":
            gone = storage.people.revoke_user(
                user_id, None, "cli",
                notice=lambda r: strings.office.revoke_notice(kb, r.role, r.unit_id),
                os_user=_os_user())
            if not gone:
                print(strings.cli.env_admin(user_id) if user_id in settings.admins
                      else strings.cli.no_rights(user_id), file=err)
                return EXIT_INVALID
            print(strings.cli.revoked(len(gone), user_id), file=out)
            if user_id in settings.admins:
                print(strings.cli.STILL_ADMIN, file=err)
            return EXIT_OK
        unit = args.unit
        if args.role == "admin" and unit:  # it was silently dropped
            print(strings.cli.ADMIN_NO_UNIT, file=err)
            return EXIT_USAGE
        if args.role == "official" and not unit:
            print(strings.cli.unit_required(kb.units), file=err)
            return EXIT_USAGE
        if unit and unit not in kb.units:
            print(strings.cli.unknown_unit(unit, kb.units), file=err)
            return EXIT_USAGE
        today = dt.datetime.now(ZoneInfo(settings.tz)).date()
        if (args.role == "official" and not kb.units[unit].exists_on(today)
                and not args.allow_closed_unit):
            print(strings.office.unit_gone([kb.units[unit]], today) + " "
                  + strings.cli.ALLOW_CLOSED, file=err)
            return EXIT_USAGE
        in_force = kb.plan_in_force(today)
        if (args.role == "official" and not args.allow_closed_unit
                and out_of_time(kb, unit, kb.indicators_of(in_force))):
            print(strings.office.out_of_plan(kb.units[unit], in_force) + " "
                  + strings.cli.OUT_OF_PLAN_ANYWAY, file=err)
            return EXIT_USAGE
        before = {r.id for r in storage.people.active_roles(user_id)}
        role = storage.people.grant(user_id, args.role, unit if args.role == "official" else None,
                                    None, "cli",
                                    notice=strings.office.grant_notice(kb, args.role, unit),
                                    os_user=_os_user())
        what = (strings.cli.ADMIN_ROLE if role.role == "admin"
                else strings.cli.official_role(kb.units[role.unit_id].name))
        if role.id in before:  # nothing changed, nothing audited: say so, claim nothing
            print(strings.cli.already_granted(user_id, what), file=out)
            return EXIT_OK
        print(strings.cli.granted(what, user_id), file=out)
        return EXIT_OK


def _os_user() -> str:
    """Who runs a command on the server (the command line has no Telegram actor)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor in the passwd file
        return "?"


def cmd_export(settings: Settings, kind: str, out: TextIO, err: TextIO) -> int:
    """export KIND: CSV (YAML) on stdout; audited with its size and the server's user."""
    with _open(settings) as (kb, storage):
        data = exports.export(kind, kb, storage)
        out.write(data)
        storage.people.record(None, None, Exported(kind, bytes=len(data.encode("utf-8")),
                                                   os_user=_os_user()))
    return EXIT_OK


def cmd_backup(settings: Settings, path: str, out: TextIO, err: TextIO) -> int:
    """backup PATH: VACUUM INTO a new file, integrity_check it, one line."""
    if not settings.db.exists():
        print(strings.cli.no_database(settings.db), file=err)
        return EXIT_INVALID
    storage = open_storage(settings.db)
    try:
        started = time.monotonic()
        result = storage.backup(Path(path))
    except (OSError, DatabaseError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(strings.cli.backup_failed(path, why), file=err)
        return EXIT_INVALID
    finally:
        storage.close()
    size = Path(path).stat().st_size
    if result != "ok":
        print(strings.cli.backup_broken(path, result), file=err)
        return EXIT_INVALID
    storage = open_storage(settings.db)
    try:  # in the live database (the copy is as it was before this row)
        storage.people.record(None, None, BackedUp(str(Path(path).resolve()), bytes=size,
                                                   os_user=_os_user()))
    finally:
        storage.close()
    print(strings.cli.backed_up(settings.db, path, size / 1024, time.monotonic() - started),
          file=out)
    return EXIT_OK


def cmd_notify(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """notify due [--at]: what the bot would write now; notify status: the outbox."""
    with _open(settings) as (kb, storage):
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
            print(strings.cli.bad_moment(args.at), file=err)
            return EXIT_USAGE
        at = at.replace(tzinfo=tz) if at.tzinfo is None else at.astimezone(tz)
        written = {key for key, *_ in storage.notices.notifications()}
        items = schedule.due(at, kb)
        for item in items:
            state = strings.cli.WRITTEN if item.key in written else strings.cli.TO_WRITE
            print(f"{item.key}\t{state}\t{item.title}", file=out)
        if not items:
            print(strings.cli.nothing_due(at.isoformat()), file=err)
        quiet = schedule.quiet(at, kb.notices)
        recipients = storage.notices.recipients("milestone")
        print(strings.cli.quiet_now(quiet, len(recipients)), file=err)
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
    line = strings.cli.health(len(kb.entries), settings.db, waiting, failed)
    if waiting and late > stuck_minutes:
        print(strings.cli.stuck(line, late), file=err)
        return EXIT_INVALID
    print(strings.cli.healthy(line), file=out)
    return EXIT_OK


def cmd_run(settings: Settings, args: argparse.Namespace, explicit: bool, stdin: TextIO,
            out: TextIO, err: TextIO) -> int:
    if not settings.token:
        if not explicit and stdin.isatty():
            print(strings.citizen.to_plain(strings.citizen.NO_TOKEN_CONSOLE), file=err)
            return cmd_console(settings, stdin, out, err)
        print(strings.cli.NO_TOKEN, file=err)
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
        print(strings.cli.config_error(exc), file=err)
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
        with _open(settings) as (kb, storage):
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
