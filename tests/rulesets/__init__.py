"""Golden cases of the rule sets (collected from TOML by conftest.py)."""
