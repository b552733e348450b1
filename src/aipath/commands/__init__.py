"""One module per ``aipath`` command, each with a ``run`` that takes the parsed options.

``aipath.cli`` declares the options (Typer) and calls ``run``; it imports a command's module
only when that command runs, so ``aipath --help`` loads none of them. Shared by all:

- ``choices``: the values ``--format`` and ``--optimize`` take
- ``common``: loading the catalogue, ``--today``, and ``-o FILE`` checked against ``--format``
- ``output``: writing to stdout or a file, tables laid out for the width and paged, and the
  one-line messages on stderr

Heavy modules (yaml, networkx, rich) are imported inside ``run``, never at module level.
"""
