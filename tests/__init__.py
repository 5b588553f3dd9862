"""The test suite (a package, so test modules share tests/strategies.py)."""
