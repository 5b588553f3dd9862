"""errors.py: one root, natural builtins, every problem with its path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules import errors
from danvan_rules.errors import (
    AmbiguousRuleSetError,
    ConfigurationError,
    DanvanError,
    DataError,
    DuplicateRuleSetError,
    NoRuleSetInForceError,
    Problem,
    ReportError,
    RuleSetError,
    UnknownRuleSetError,
)

problems_st = st.lists(
    st.builds(Problem, st.text(min_size=1), st.text(min_size=1)), min_size=1, max_size=5
)


class TestProblem:
    def test_str_is_message_at_path(self) -> None:
        assert str(Problem("27 is above the maximum of 25", '$.self_scores["I.2"]')) == (
            '27 is above the maximum of 25 @ $.self_scores["I.2"]'
        )

    def test_default_path_is_the_root(self) -> None:
        problem = Problem("broken")
        assert problem.path == "$"
        assert str(problem) == "broken @ $"

    def test_frozen_and_comparable(self) -> None:
        assert Problem("a", "$.x") == Problem("a", "$.x")
        assert Problem("a", "$.x") != Problem("a", "$.y")
        assert len({Problem("a"), Problem("a")}) == 1


class TestHierarchy:
    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (DataError, ValueError),
            (ConfigurationError, ValueError),
            (RuleSetError, ValueError),
            (ReportError, ValueError),
            (UnknownRuleSetError, LookupError),
            (DuplicateRuleSetError, LookupError),
            (NoRuleSetInForceError, LookupError),
            (AmbiguousRuleSetError, LookupError),
        ],
    )
    def test_every_error_has_the_root_and_its_builtin(
        self, cls: type[Exception], builtin: type[Exception]
    ) -> None:
        assert issubclass(cls, DanvanError)
        assert issubclass(cls, builtin)

    def test_data_errors_are_data_errors(self) -> None:
        assert issubclass(RuleSetError, DataError)
        assert issubclass(ReportError, DataError)

    def test_all_is_sorted_and_complete(self) -> None:
        def isort_style(name: str) -> tuple[int, str]:  # ruff's RUF022 order
            return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

        assert list(errors.__all__) == sorted(errors.__all__, key=isort_style)
        for name in errors.__all__:
            assert hasattr(errors, name)

    def test_lookup_errors_carry_their_message(self) -> None:
        with pytest.raises(LookupError) as info:
            raise UnknownRuleSetError("no rule set 'x/y'")
        assert str(info.value) == "no rule set 'x/y'"
        assert isinstance(info.value, DanvanError)


class TestDataError:
    def test_one_problem_singular(self) -> None:
        err = DataError([Problem("bad", "$.a")])
        assert str(err) == "1 problem in data:\n  bad @ $.a"
        assert err.subject == "data"
        assert err.args == (str(err),)

    def test_many_problems_plural_in_order(self) -> None:
        err = RuleSetError([Problem("one", "$.a"), Problem("two", "$.b")], "rule set 'x/y'")
        assert str(err) == "2 problems in rule set 'x/y':\n  one @ $.a\n  two @ $.b"
        assert err.problems == (Problem("one", "$.a"), Problem("two", "$.b"))

    def test_class_subject_by_default(self) -> None:
        assert str(RuleSetError([Problem("x")])).startswith("1 problem in rule set:")
        assert str(ReportError([Problem("x")])).startswith("1 problem in report:")

    def test_problems_from_any_iterable(self) -> None:
        err = DataError(Problem(m) for m in ("a", "b"))
        assert err.problems == (Problem("a"), Problem("b"))

    def test_needs_a_problem(self) -> None:
        with pytest.raises(ValueError, match="a DataError needs at least one problem"):
            DataError([])

    @given(problems_st)
    def test_render_lists_every_problem(self, problems: list[Problem]) -> None:
        err = DataError(problems, "thing")
        lines = str(err).split("\n  ")
        noun = "problem" if len(problems) == 1 else "problems"
        assert lines[0] == f"{len(problems)} {noun} in thing:"
        assert "\n  ".join(lines[1:]) == "\n  ".join(p.render() for p in problems)


class TestReportError:
    def test_unit_and_source(self) -> None:
        err = ReportError([Problem("bad", "$.year")], unit_id="so-x", source="a.json")
        assert err.unit_id == "so-x"
        assert err.source == "a.json"
        assert str(err) == "1 problem in report of unit 'so-x' (a.json):\n  bad @ $.year"

    def test_unit_only(self) -> None:
        err = ReportError([Problem("bad")], unit_id="so-x")
        assert err.source is None
        assert err.subject == "report of unit 'so-x'"

    def test_source_only(self) -> None:
        err = ReportError([Problem("bad")], source="b.json")
        assert err.unit_id is None
        assert err.subject == "report (b.json)"

    def test_neither(self) -> None:
        err = ReportError([Problem("bad")])
        assert err.subject == "report"
        assert str(err) == "1 problem in report:\n  bad @ $"

    def test_needs_a_problem(self) -> None:
        with pytest.raises(ValueError, match="at least one problem"):
            ReportError([], unit_id="x")
