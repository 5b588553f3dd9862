"""Rule-set TOML files, one per instrument version: the package the entry point names.

danvan_rules reads every ``*.toml`` file of this package; nothing here is imported
by the rule sets themselves.
"""
