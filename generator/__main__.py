"""`python -m generator` runs the `panel` command."""

from generator.cli import main

main()
