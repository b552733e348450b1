"""``python -m aipath``."""

from aipath.cli import main

main()
