"""Every user-facing string and its HTML rendering, and nothing else.

- `citizen`: answers, menus, small talk, notices (the console and `ask` use it too);
- `office`: officials and administrators;
- `indicators`: how an indicator of the plan is asked about and stated (the knowledge loader uses
  it, so it imports nothing from the domain);
- `knowledge`: what is wrong with knowledge/ (the loader's and the schema's messages);
- `reports`: officials' reports refused, and period labels; `invites`: invitations refused;
- `notices`: titles of pushed notifications; `stats`: usage statistics and chart labels;
- `cli`: the command line, settings and start-up failures, exports; `privacy`: masks;
- `times`: durations, clock times and windows in words (prose fills them from the constants and
  the live settings, never restates them).

Modules used by the core (`indicators`, `knowledge`, `reports`, `invites`, `times`, `privacy`,
`vocabulary`)
import nothing from the domain at run time.
- `vocabulary`: the words by which messages are read (fillers, question words, how an answer
  opens), used by the matching modules.

Submodules load on first use (`strings.citizen.WELCOME`), so the knowledge loader can use
`indicators` without pulling in the officials' strings.
"""

import importlib
import string
from collections.abc import Callable
from types import ModuleType

__all__ = ["citizen", "cli", "indicators", "invites", "knowledge", "notices", "office", "privacy",
           "reports", "stats", "times", "vocabulary"]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def template(text: str) -> Callable[..., str]:
    """A message with named fields, filled by position in the order the fields first appear:
    `template("Kỳ {period} chưa bắt đầu")("quý 3/2022")`. Keeps each message one readable line
    whose fields say what goes where."""
    names = list(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(text) if f))

    def fill(*values: object) -> str:
        if len(values) != len(names):
            raise TypeError(f"{text!r} takes {len(names)} values, got {len(values)}")
        return text.format(**dict(zip(names, values, strict=True)))

    return fill
