"""`python -m bot` is `newsbrief`."""

import sys

from bot.cli import main

sys.exit(main())
