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
    st.builds(
        Problem,
        st.text(min_size=1),
        st.text(min_size=1),
        code=st.from_regex(r"[a-z]+\.[a-z_]+", fullmatch=True),
        message_vi=st.text(min_size=1),
    ),
    min_size=1,
    max_size=5,
)


class TestProblem:
    def test_str_is_message_at_path(self) -> None:
        assert str(
            Problem(
                "27 is above the maximum of 25",
                '$.self_scores["I.2"]',
                code="test.problem",
                message_vi="lỗi thử",
            )
        ) == ('27 is above the maximum of 25 @ $.self_scores["I.2"]')

    def test_default_path_is_the_root(self) -> None:
        problem = Problem("broken", code="test.problem", message_vi="lỗi thử")
        assert problem.path == "$"
        assert str(problem) == "broken @ $"

    def test_frozen_and_comparable(self) -> None:
        assert Problem("a", "$.x", code="test.problem", message_vi="lỗi thử") == Problem(
            "a", "$.x", code="test.problem", message_vi="lỗi thử"
        )
        assert Problem("a", "$.x", code="test.problem", message_vi="lỗi thử") != Problem(
            "a", "$.y", code="test.problem", message_vi="lỗi thử"
        )
        assert (
            len(
                {
                    Problem("a", code="test.problem", message_vi="lỗi thử"),
                    Problem("a", code="test.problem", message_vi="lỗi thử"),
                }
            )
            == 1
        )


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
        err = DataError([Problem("bad", "$.a", code="test.problem", message_vi="lỗi thử")])
        assert str(err) == "1 problem in data:\n  bad @ $.a"
        assert err.subject == "data"
        assert err.args == (str(err),)

    def test_many_problems_plural_in_order(self) -> None:
        err = RuleSetError(
            [
                Problem("one", "$.a", code="test.problem", message_vi="lỗi thử"),
                Problem("two", "$.b", code="test.problem", message_vi="lỗi thử"),
            ],
            "rule set 'x/y'",
        )
        assert str(err) == "2 problems in rule set 'x/y':\n  one @ $.a\n  two @ $.b"
        assert err.problems == (
            Problem("one", "$.a", code="test.problem", message_vi="lỗi thử"),
            Problem("two", "$.b", code="test.problem", message_vi="lỗi thử"),
        )

    def test_class_subject_by_default(self) -> None:
        assert str(
            RuleSetError([Problem("x", code="test.problem", message_vi="lỗi thử")])
        ).startswith("1 problem in rule set:")
        assert str(
            ReportError([Problem("x", code="test.problem", message_vi="lỗi thử")])
        ).startswith("1 problem in report:")

    def test_problems_from_any_iterable(self) -> None:
        err = DataError(Problem(m, code="test.problem", message_vi="lỗi thử") for m in ("a", "b"))
        assert err.problems == (
            Problem("a", code="test.problem", message_vi="lỗi thử"),
            Problem("b", code="test.problem", message_vi="lỗi thử"),
        )

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
        err = ReportError(
            [Problem("bad", "$.year", code="test.problem", message_vi="lỗi thử")],
            unit_id="so-x",
            source="a.json",
        )
        assert err.unit_id == "so-x"
        assert err.source == "a.json"
        assert str(err) == "1 problem in report of unit 'so-x' (a.json):\n  bad @ $.year"

    def test_unit_only(self) -> None:
        err = ReportError(
            [Problem("bad", code="test.problem", message_vi="lỗi thử")], unit_id="so-x"
        )
        assert err.source is None
        assert err.subject == "report of unit 'so-x'"

    def test_source_only(self) -> None:
        err = ReportError(
            [Problem("bad", code="test.problem", message_vi="lỗi thử")], source="b.json"
        )
        assert err.unit_id is None
        assert err.subject == "report (b.json)"

    def test_neither(self) -> None:
        err = ReportError([Problem("bad", code="test.problem", message_vi="lỗi thử")])
        assert err.subject == "report"
        assert str(err) == "1 problem in report:\n  bad @ $"

    def test_needs_a_problem(self) -> None:
        with pytest.raises(ValueError, match="at least one problem"):
            ReportError([], unit_id="x")


class TestCodesAndLanguages:
    """Issue #6 §5: every problem has a stable code and a message in Vietnamese and English."""

    def test_problem_speaks_both_languages(self) -> None:
        problem = Problem(
            "27 is above the maximum of 25",
            '$.self_scores["I.2"]',
            code="score.out_of_range",
            message_vi="27 vượt quá mức tối đa 25",
        )
        assert problem.message_en == problem.message == "27 is above the maximum of 25"
        assert problem.text("vi") == "27 vượt quá mức tối đa 25"
        assert problem.to_data() == {
            "code": "score.out_of_range",
            "path": '$.self_scores["I.2"]',
            "message_vi": "27 vượt quá mức tối đa 25",
            "message_en": "27 is above the maximum of 25",
        }

    def test_an_unnamed_subject_stays_as_written_in_vietnamese(self) -> None:
        error = DataError([Problem("x", code="test.problem", message_vi="y")], "thing 'z'")
        assert error.render("vi").splitlines()[0] == "1 lỗi trong thing 'z':"
        rule_set = RuleSetError(
            [Problem("x", code="test.problem", message_vi="y")], "rule set 'a/b'"
        )
        assert rule_set.render("vi").splitlines()[0] == "1 lỗi trong bộ quy tắc 'a/b':"

    def test_render_escapes_control_characters(self) -> None:
        problem = Problem("bad\nrow", "$.x\x1b[31m", code="test.problem", message_vi="xấu\nhàng")
        assert problem.render("vi") == "xấu\\nhàng @ $.x\\x1b[31m"
        assert "\n" not in problem.render()


class TestCollector:
    """One collector for every validator; it keeps at most MAX_PROBLEMS (rule 4: bounded memory)."""

    def test_collects_iterates_and_counts(self) -> None:
        found = errors.Collector()
        assert not found
        found.add("a", "$.a", code="test.a", vi="a")
        found.extend([Problem("b", code="test.b", message_vi="b")])
        assert len(found) == 2
        assert [p.code for p in found] == ["test.a", "test.b"]
        with pytest.raises(ReportError) as info:
            found.raise_if_any(ReportError, unit_id="u")
        assert info.value.unit_id == "u"

    def test_nothing_recorded_raises_nothing(self) -> None:
        errors.Collector().raise_if_any(ReportError)

    def test_overflow_is_counted_not_kept(self) -> None:
        found = errors.Collector()
        for i in range(errors.MAX_PROBLEMS + 7):
            found.add(f"p{i}", code="test.p", vi="p")
        assert len(found) == errors.MAX_PROBLEMS + 7
        problems = found.problems
        assert len(problems) == errors.MAX_PROBLEMS + 1
        assert problems[-1].code == "data.too_many_problems"
        assert problems[-1].message.startswith("... and 7 more problems")

    def test_overflow_counts_merge_when_errors_are_rewrapped(self) -> None:
        many = [
            Problem(f"p{i}", code="test.p", message_vi="p") for i in range(errors.MAX_PROBLEMS + 3)
        ]
        first = DataError(many)
        again = DataError([*first.problems, *many[:2]])
        assert again.problems[-1].message.startswith("... and 5 more problems")

    def test_an_overflow_problem_without_a_count_adds_nothing(self) -> None:
        odd = Problem("too many", code="data.too_many_problems", message_vi="quá nhiều")
        assert DataError([Problem("a", code="test.a", message_vi="a"), odd]).problems == (
            Problem("a", code="test.a", message_vi="a"),
        )


class TestPaths:
    @given(st.text())
    def test_key_paths_are_one_printable_line(self, key: str) -> None:
        path = errors.key_path("$.facts", key)
        assert path.startswith('$.facts["')
        assert path.endswith('"]')
        assert path.isprintable()

    def test_ints_index_and_fields_join(self) -> None:
        assert errors.key_path("$", 3) == "$[3]"
        assert errors.key_path("$", True) == '$["True"]'  # noqa: FBT003 - a bool is no index
        assert errors.field_path(errors.index_path("$.bands", 0), "min") == "$.bands[0].min"

    def test_under_moves_a_problem_below_an_outer_path(self) -> None:
        problem = Problem("x", "$.year", code="test.p", message_vi="x")
        assert problem.under("$[4]").path == "$[4].year"
        assert Problem("x", "relative", code="test.p", message_vi="x").under("$[4]").path == "$[4]"

    def test_safe_text_escapes_every_kind_of_unprintable(self) -> None:
        assert errors.safe_text("a\tb\rc\x00\u200b\U000e0001") == "a\\tb\\rc\\x00\\u200b\\U000e0001"


def test_missing_extra_names_the_extra() -> None:
    error = errors.MissingExtraError("tomli_w", "toml", "writing TOML")
    assert isinstance(error, ImportError)
    assert isinstance(error, DanvanError)
    assert error.name == "tomli_w"
    assert "pip install 'danvan_rules[toml]'" in str(error)
