"""Rule-set TOML files: the package the ``danvan_rules.rulesets`` entry point names."""
