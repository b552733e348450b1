"""The presentation side: how results become what a person reads.

One module per presentation; each command picks the one its ``--format`` names:

- ``formatting``: shared wording of money, month ranges, routes and totals in words
- ``json``: the JSON documents of ``--format json`` (stdlib only)
- ``csv``: ``list --format csv``
- ``tables``: the tables of ``list``, ``roles``, ``skills`` and ``lint`` (rich), and what every
  table shares; ``layout``: words wrapped whole when a table does not fit
- ``plan_table``: the plan as a table (the default ``plan`` output)
- ``tree``: ``plan --format tree`` and a credential's prerequisite tree
- ``show``: one credential (``show``)
- ``pictures``: ``--format mermaid`` / ``dot`` and SVG (the figures come from ``aipath.exports``)
- ``gantt``: ``plan --format gantt``, the plan's timeline as a Mermaid gantt chart
- ``timeline``: ``plan --timeline``'s month-by-month chart and the HTML page's timeline
- ``html``: ``plan --format html``, one self-contained page; ``svg``: its picture made safe
- ``compare``: ``aipath compare``, two plans' differences as a table or JSON

Nothing is imported here, so a command loads only the presentation it prints; rich is imported
inside the functions that draw with it.
"""
