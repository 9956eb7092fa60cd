"""Pure checks: normalisers, identifier validators, rules, rulebook and decision.

Nothing here does I/O except ``rulebook.load_rulebook`` reading its YAML file;
this package imports only ``models`` and libraries.
"""
