"""The public API pinned: ``api.py`` is only type-checked, ``test_exports.py`` checks ``__all__``."""
