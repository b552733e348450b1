"""CTDL, the registry's language (Credential Engine's ``ceterms:`` JSON-LD).

- :mod:`.export`: a catalogue or a plan written as CTDL JSON-LD.

This file imports nothing.
"""
