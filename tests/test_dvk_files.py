"""Units files and published-count files: read strictly, every problem with its path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.codec.dvk import DVK_FACT_KINDS, published_from_data, published_from_toml
from danvan_rules.codec.rounds import registry_from_data
from danvan_rules.io import load_units
from danvan_rules.model.dvk import RegisteredCount
from danvan_rules.model.rounds import Citation, PublishedError, RegistryError
from danvan_rules.registers import load_published

SOURCE = {"document": "backancity.gov.vn"}


def _problems(exc: pytest.ExceptionInfo[Any]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in exc.value.problems]


def test_a_units_file_gives_its_province_to_units_that_name_none() -> None:
    reg = registry_from_data(
        {
            "province": "ba-ria-vung-tau",
            "units": [
                {"id": "a", "name_vi": "A", "khoi": "k"},
                {"id": "b", "name_vi": "B", "khoi": "k", "province": "khac"},
            ],
        }
    )
    assert [u.province for u in reg] == ["ba-ria-vung-tau", "khac"]
    assert registry_from_data({"units": [{"id": "a", "name_vi": "A", "khoi": "k"}]}, province="p")
    assert registry_from_data({}).units == ()


def test_a_units_files_problems_come_all_at_once() -> None:
    with pytest.raises(RegistryError) as exc:
        registry_from_data({"province": 3, "units": [{"id": "a", "khoi": 1}], "colour": 1})
    assert _problems(exc) == [
        ("data.expected_text", "$.province"),
        ("data.missing_key", "$.units[0].name_vi"),
        ("data.expected_text", "$.units[0].khoi"),
        ("data.missing_key", "$.units[0].province"),
        ("data.unknown_key", "$.colour"),
    ]
    with pytest.raises(RegistryError) as exc:
        registry_from_data([])  # type: ignore[arg-type]
    assert _problems(exc) == [("data.expected_table", "$")]
    with pytest.raises(RegistryError) as exc:
        registry_from_data({"units": "a"}, province="p")
    assert exc.value.problems[0].path == "$.units"


def test_load_units_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text('province = "p"\n[[units]]\nid = "a"\nname_vi = "A"\n', encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        load_units(path)
    assert str(path) in str(exc.value)
    assert _problems(exc) == [("data.missing_key", "$.units[0].khoi")]
    path.write_text("[[units]\n", encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        load_units(path)
    assert exc.value.problems[0].code == "document.invalid_toml"
    path.write_text('[[units]]\nid = "a"\nname_vi = "A"\nkhoi = "k"\n', encoding="utf-8")
    assert load_units(path, province="p").unit("a").province == "p"


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(DVK_FACT_KINDS)), st.integers(0, 10**6)),
        min_size=1,
        max_size=5,
    )
)
def test_published_counts_read_back_as_their_kind(counts: list[tuple[str, int]]) -> None:
    data = {"published": [{"kind": k, "total": n, "source": SOURCE} for k, n in counts]}
    facts = published_from_data(data)
    assert [(type(f), f.total) for f in facts] == [(DVK_FACT_KINDS[k], n) for k, n in counts]


def test_published_count_problems_come_all_at_once() -> None:
    with pytest.raises(PublishedError) as exc:
        published_from_data(
            {
                "published": [
                    {"kind": "counted", "total": 1},
                    "x",
                    {"kind": "registered", "total": 1, "source": SOURCE, "by_tier": {}},
                    {"kind": "recognised", "source": SOURCE},
                ]
            }
        )
    assert [c for c, _ in _problems(exc)] == [
        "published.unknown_kind",
        "data.expected_table",
        "data.unknown_key",
        "published.empty_dvk_fact",
    ]
    bad: list[Any] = [[], {"published": [{"kind": "registered", "total": "1", "source": SOURCE}]}]
    for data in bad:
        with pytest.raises(PublishedError):
            published_from_data(data)
    with pytest.raises(PublishedError) as exc:
        published_from_data({"published": [{"kind": "passed", "total": 1, "source": "\ud800"}]})
    assert exc.value.problems[0].path.startswith("$.published[0].source")


def test_published_files(tmp_path: Path) -> None:
    path = tmp_path / "published.toml"
    path.write_text(
        '[[published]]\nkind = "registered"\ntotal = 279\nyears = [2023]\n'
        '[published.source]\ndocument = "backancity.gov.vn"\ndate = 2024-01-10\n',
        encoding="utf-8",
    )
    assert load_published(path) == (
        RegisteredCount(
            279,
            Citation("backancity.gov.vn", __import__("datetime").date(2024, 1, 10)),
            years=(2023,),
        ),
    )
    path.write_text("[[published]\n", encoding="utf-8")
    with pytest.raises(PublishedError) as exc:
        load_published(path)
    assert str(path) in str(exc.value)
    with pytest.raises(PublishedError):
        published_from_toml("published = 1")


def test_a_count_published_only_split_has_no_total() -> None:
    text = '[[published]]\nkind = "registered"\nsource = { document = "x" }\n'
    text += "[published.by_level]\nco-so = 53\nhuyen = 17\ntinh = 4\n"
    (fact,) = published_from_toml(text)
    assert fact == RegisteredCount(
        None, Citation("x"), by_level={"co-so": 53, "huyen": 17, "tinh": 4}
    )
