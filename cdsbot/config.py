"""Settings from the environment (and a `.env` file): the only reader of os.environ."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cdsbot import strings

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
# The project folder (where bot.py is): relative paths and the `.env` file are found from here,
# so that `python /srv/cdsbot/bot.py …` works from any working directory.
PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_RETENTION_DAYS = 180
RETENTION_DAYS_RANGE = (1, 3650)  # a day to ten years
DEFAULT_TZ = "Asia/Ho_Chi_Minh"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram's secret_token accepts


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments ignored; optional quotes stripped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def _ids(name: str, raw: str) -> tuple[int, ...]:
    out = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(strings.cli.not_user_ids(name, part))
        out.append(int(part))
    return tuple(out)


def _path(raw: str, default: str) -> Path:
    """A path setting: relative ones are relative to the project folder, not the working
    directory."""
    path = Path(raw.strip() or default).expanduser()
    return path if path.is_absolute() else PROJECT / path


def _time_zone(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return DEFAULT_TZ
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, not a key ("../x"), a
        # folder of zones ("Asia"), a name too long for the file system
        raise ConfigError(strings.cli.not_time_zone(raw[:40])) from None
    return raw


def _secret(raw: str) -> str:
    raw = raw.strip()
    if raw and not WEBHOOK_SECRET.fullmatch(raw):
        raise ConfigError(strings.cli.BAD_WEBHOOK_SECRET)
    return raw


def _days(name: str, raw: str, default: int) -> int:
    raw = raw.strip()
    if not raw:
        return default
    lowest, highest = RETENTION_DAYS_RANGE
    if not raw.isascii() or not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise ConfigError(strings.cli.not_days(name, raw[:20], lowest, highest))
    return int(raw)


@dataclass(frozen=True)
class Settings:
    """Every setting, read once from the environment (see README, docs/OPERATIONS.md)."""

    token: str = field(default="", repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    db: Path = PROJECT / "data" / "cdsbot.db"
    knowledge: Path = PROJECT / "knowledge"
    admins: tuple[int, ...] = ()
    webhook_secret: str = field(default="", repr=False)
    ops_chat: int | None = None
    tz: str = DEFAULT_TZ
    retention_days: int = DEFAULT_RETENTION_DAYS  # stored question texts are kept this long

    def __repr__(self) -> str:  # the token never appears in a log line or traceback
        token = "***" if self.token else "(none)"
        return (f"Settings(token={token}, api_base_url={self.api_base_url!r}, db={self.db}, "
                f"knowledge={self.knowledge}, admins={self.admins}, tz={self.tz!r})")

    __str__ = __repr__

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 dotenv: Path | None = None) -> Settings:
        """Environment variables win over `.env` files: the one in the working directory
        (if any) over the project folder's. `dotenv` names one file to read instead."""
        env: dict[str, str] = {}
        files = [dotenv] if dotenv else [PROJECT / ".env", Path.cwd() / ".env"]
        for path in dict.fromkeys(p.resolve() for p in files):
            env.update(read_dotenv(path))
        env.update(os.environ if environ is None else environ)
        ops = env.get("CDSBOT_OPS_CHAT", "").strip()
        if ops and not ops.lstrip("-").isdigit():
            raise ConfigError(strings.cli.OPS_CHAT_NOT_ID)
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
            db=_path(env.get("CDSBOT_DB", ""), "data/cdsbot.db"),
            knowledge=_path(env.get("CDSBOT_KNOWLEDGE", ""), "knowledge"),
            admins=_ids("CDSBOT_ADMINS", env.get("CDSBOT_ADMINS", "")),
            webhook_secret=_secret(env.get("CDSBOT_WEBHOOK_SECRET", "")),
            ops_chat=int(ops) if ops else None,
            tz=_time_zone(env.get("CDSBOT_TZ", "")),
            retention_days=_days("CDSBOT_RETENTION_DAYS", env.get("CDSBOT_RETENTION_DAYS", ""),
                                 DEFAULT_RETENTION_DAYS),
        )
