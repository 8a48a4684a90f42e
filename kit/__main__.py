"""`python -m kit`: the command line."""

from .cli import main

raise SystemExit(main())
