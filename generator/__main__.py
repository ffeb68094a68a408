"""`python -m generator` runs the `panel` command."""

from .cli import main

main()
