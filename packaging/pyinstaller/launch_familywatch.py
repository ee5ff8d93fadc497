"""PyInstaller's entry script: the same as `python -m familywatch` (or the console script)."""

import sys

from familywatch.cli import main

if __name__ == "__main__":
    sys.exit(main())
