"""`python -m event_contracts`: the same CLI as `event-contracts`."""

import sys

from event_contracts._cli.main import main

sys.exit(main())
