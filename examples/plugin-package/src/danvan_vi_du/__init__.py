"""danvan-rules-vi-du: an illustrative province rule set for danvan_rules.

The rule sets are TOML files in :mod:`danvan_vi_du.rulesets`, which the
``danvan_rules.rulesets`` entry point names; their golden cases are in
``danvan_vi_du/cases``. "vi-du" ("ví dụ", example) is no real province, and
every value of its rule set is assumed.
"""
