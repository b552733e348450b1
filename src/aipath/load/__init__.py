"""The input side: a catalogue or profile file into typed models (the only yaml user).

One module per job, in the order a file goes through them:

- :mod:`.reading`: bytes to a checked YAML node tree, and the limits (size, UTF-8, tabs,
  one document, no anchors, no duplicate keys, depth);
- :mod:`.nodes`: typed reading of nodes, every error a ``file:line:col`` line;
- :mod:`.catalogue`, :mod:`.credentials`, :mod:`.conditions`: the model's construction
  (:func:`.catalogue.validate_catalog` is the validator);
- :mod:`.profile`: ``--profile`` files;
- :mod:`.wallet`: ``--have-from`` files (JSON or a compact JWS, no yaml), read into achievements;
- :mod:`.cache`: validated catalogues kept by the hash of their bytes (no yaml needed).

The front door is :func:`aipath.catalog.load_catalog`. This file imports nothing.
"""
