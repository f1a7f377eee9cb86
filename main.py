"""Entry point: hands the command line to contactdesk.cli.main()."""

import sys

from contactdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
