import sys

from familywatch.cli import main

sys.exit(main())
