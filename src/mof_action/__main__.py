import sys

from mof_action.cli.main import main

sys.exit(main())
