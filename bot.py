"""cdsbot entry point: `python bot.py [command]` (see README)."""

import sys

from cdsbot.cli import main

if __name__ == "__main__":
    sys.exit(main())
