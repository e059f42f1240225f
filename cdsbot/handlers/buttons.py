"""Every kind of inline button in one place: its prefix and fields, how its data is made, parsed
and routed (in the spirit of python-telegram-bot's arbitrarycallbackdatabot.py, with short
strings as callback data: at most 64 bytes, nothing to persist).

Button data comes from the client and carries no authority: the core re-checks the presser's
rights on every press. `KIND.make(...)` builds the data; `KIND.parse(data)` gives the fields
back, or None for data that is not (or no longer) this kind's; `KIND.pattern` is what the handler
list routes on (the full, strict form: anything else falls through to the "expired" answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_DATA = 64  # bytes of callback data Telegram keeps
ID = r"[a-z0-9][a-z0-9-]{0,40}"  # an entry id (schema.ID_RE)
NAME = r"[a-z0-9-]{1,60}"  # an indicator or unit id
NUMBER = r"\d{1,18}"
REVIEW_KEY = r"[uv]\d{1,19}"  # u<unanswered id> or v<downvote id (random, 62 bits)>


@dataclass(frozen=True)
class Button:
    """A kind of button: `prefix:field:field…`; the last `optional` fields may be left out."""

    name: str
    prefix: str
    fields: tuple[str, ...]
    optional: int = 0
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        required = self.fields[:len(self.fields) - self.optional]
        extra = self.fields[len(self.fields) - self.optional:]
        body = re.escape(self.prefix) + "".join(f":({f})" for f in required)
        body += "".join(f"(?::({f}))?" for f in extra)
        # ASCII: "\d", "\w" match no "³" or "٣", which a forged button could carry and int()
        # or an id lookup would then choke on (a fuzz test's find)
        object.__setattr__(self, "regex", re.compile(body, re.ASCII))

    @property
    def pattern(self) -> str:
        """The handler list's pattern: exactly this kind's data."""
        return f"(?a)^(?:{self.regex.pattern})$"

    def only(self, *first: str) -> str:
        """A pattern for this kind with its first field one of `first` ("g:fix", "g:why")."""
        rest = "".join(f":(?:{f})" for f in self.fields[1:len(self.fields) - self.optional])
        opt = "".join(f"(?::(?:{f}))?" for f in self.fields[len(self.fields) - self.optional:])
        alternatives = "|".join(re.escape(f) for f in first)
        return f"(?a)^{re.escape(self.prefix)}:(?:{alternatives}){rest}{opt}$"

    def make(self, *values: object) -> str:
        data = ":".join((self.prefix, *(str(v) for v in values)))
        if len(data.encode()) > MAX_DATA or self.parse(data) is None:
            raise ValueError(f"not a {self.name} button: {data!r}")
        return data

    def parse(self, data: str | None) -> tuple[str, ...] | None:
        """The fields (an optional one left out is ""), or None."""
        match = self.regex.fullmatch(data or "")
        return None if match is None else tuple(g or "" for g in match.groups())


# citizens
ENTRY = Button("entry", "e", (ID,))
MORE = Button("more", "x", (ID,))
SOURCES = Button("sources", "n", (ID,))
MENU = Button("menu", "m", (r"[a-z]{1,20}",))
RATE = Button("rate", "r", (ID, r"1|-1"))
SUBSCRIBE = Button("subscribe", "td", (r"start",))
TOPICS = Button("topics", "td", (r"t|d", r"[\w-]{1,41}"))
FORGET = Button("forget", "pv", (r"subscription|ratings",))
# officials
PENDING = Button("pending", "bc", (r"ok|no", NUMBER))
WITHDRAW = Button("withdraw", "bc", (r"wd|wdok|keep", NUMBER))
FIX = Button("fix", "bc", (r"fix", NUMBER))
DIALOG = Button("dialog", "g", (r"[a-z]{1,3}", r"[\w-]{1,60}"), optional=1)
PROGRESS = Button("progress", "tdo", (NAME,))
# administrators
ROLES = Button("roles", "q", (r"rv|rvok|rvno|ri", r"[\w-]{1,40}"))  # rv asks, rvok revokes
INVITE = Button("invite", "q", (r"mi", NAME))
ANNOUNCE = Button("announce", "tb", (r"ok|now|no|a", NUMBER, r"[soa]"), optional=1)
REVIEW = Button("review", "cr", (r"a|d|e|p|u|ud", REVIEW_KEY, ID), optional=1)
REVIEW_SEARCH = Button("review-search", "cr", (r"s", REVIEW_KEY))

KINDS = {b.name: b for b in (ENTRY, MORE, SOURCES, MENU, RATE, SUBSCRIBE, TOPICS, FORGET,
                             PENDING, WITHDRAW, FIX, DIALOG, PROGRESS, ROLES, INVITE, ANNOUNCE,
                             REVIEW, REVIEW_SEARCH)}
