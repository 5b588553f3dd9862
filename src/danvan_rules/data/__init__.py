"""Built-in rule-set data files (one TOML file per instrument version)."""
