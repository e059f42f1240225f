"""Every user-facing string and its HTML rendering, and nothing else.

- `citizen`: answers, menus, small talk, notices (the console and `ask` use it too);
- `office`: officials and administrators;
- `chat`: what the Telegram front end says on its own (flood guard, refused edits…);
- `indicators`: how an indicator of the plan is asked about and stated (the knowledge loader uses
  it, so it imports nothing from the domain).

Submodules load on first use (`strings.citizen.WELCOME`), so the knowledge loader can use
`indicators` without pulling in the officials' strings.
"""

import importlib
from types import ModuleType

__all__ = ["chat", "citizen", "indicators", "office"]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
