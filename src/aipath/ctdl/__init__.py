"""CTDL, the registry's language (Credential Engine's ``ceterms:`` JSON-LD).

- :mod:`.vocabulary`: each aipath term and the CTDL term it is written as, in tables that read
  both ways (a reader of registry records maps through the same tables as the writer);
- :mod:`.export`: a catalogue or a plan written as CTDL JSON-LD;
- :mod:`.conditions`: entry rules as condition profiles (``ceterms:requires``).

This file imports nothing.
"""
