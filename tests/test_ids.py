"""arXiv identifiers: every accepted spelling, the canonical form, and what is refused."""

from __future__ import annotations

import pytest

from generator.catalog.ids import ArxivId, InvalidArxivId, canonical_id, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "canonical", "version"),
    [
        ("2311.08526", "2311.08526", None),
        ("2311.08526v2", "2311.08526", "v2"),
        ("2311.08526v12", "2311.08526", "v12"),
        ("arXiv:2311.08526", "2311.08526", None),
        ("ARXIV:2311.08526", "2311.08526", None),
        ("arXiv: 2311.08526v3", "2311.08526", "v3"),
        ("  2311.08526\t", "2311.08526", None),
        ("https://arxiv.org/abs/2311.08526v2", "2311.08526", "v2"),
        ("https://arxiv.org/pdf/2311.08526", "2311.08526", None),
        ("http://arxiv.org/pdf/2311.08526v1.pdf", "2311.08526", "v1"),
        ("https://www.arxiv.org/abs/2311.08526/", "2311.08526", None),
        ("https://arxiv.org/abs/2311.08526?context=cs", "2311.08526", None),
        ("https://arxiv.org/abs/hep-th/9901001v3", "hep-th/9901001", "v3"),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("hep-th/9901001v2", "hep-th/9901001", "v2"),
        ("0704.0001", "0704.0001", None),  # first month of new-style IDs, 4-digit numbers
        ("1412.9999", "1412.9999", None),  # last month of 4-digit numbers
        ("1501.00001", "1501.00001", None),  # first month of 5-digit numbers
        ("math/0703999", "math/0703999", None),  # last month of old-style IDs
    ],
)
def test_accepted_spellings_give_the_canonical_id_without_version(text, canonical, version):
    parsed = parse_arxiv_id(text)
    assert parsed.canonical == canonical
    assert parsed.version == version
    assert canonical_id(text) == canonical


def test_legacy_subject_class_is_dropped_from_the_canonical_id_and_kept_apart():
    parsed = parse_arxiv_id("math.GT/0309136")
    assert parsed == ArxivId("math/0309136", None, "math.GT")
    assert parsed.old_style


def test_versioned_form_puts_the_version_back():
    assert parse_arxiv_id("arXiv:2311.08526v2").versioned == "2311.08526v2"
    assert parse_arxiv_id("2311.08526").versioned == "2311.08526"


@pytest.mark.parametrize(
    ("text", "year_month"),
    [
        ("2311.08526", (2023, 11)),
        ("0704.0001", (2007, 4)),
        ("hep-th/9901001", (1999, 1)),
        ("math/0309136", (2003, 9)),
        ("hep-th/9108001", (1991, 8)),
        # New-style IDs began in 2007, so "99" can only mean 2099, never 1999.
        ("9912.00001", (2099, 12)),
    ],
)
def test_year_and_month_come_from_the_id(text, year_month):
    assert parse_arxiv_id(text).year_month == year_month


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2311.8526",  # four digits after the dot in 2023
        "2311.085261",  # six digits
        "1412.00001",  # five digits before 2015
        "1501.0001",  # four digits from 2015 on
        "2313.00001",  # month 13
        "2300.00001",  # month 0
        "0703.0001",  # before new-style IDs existed
        "hep-th/9901001x",
        "hep-th/990100",
        "hep-th/0704001",  # old style ended in March 2007
        "hep-th/9107001",  # old style began in August 1991
        "hep-th/9913001",  # month 13
        "random text",
        "https://example.com/abs/2311.08526",
        "arxiv.org/abs/2311.08526 trailing",
        "2311.08526v0",
        "2311.08526v",
        "２３１１.０８５２６",  # full-width digits are not an arXiv ID
    ],
)
def test_rejected(text):
    with pytest.raises(InvalidArxivId):
        parse_arxiv_id(text)


def test_rejection_message_word_for_word():
    with pytest.raises(InvalidArxivId) as raised:
        parse_arxiv_id("2311.8526")
    assert str(raised.value) == (
        "invalid arXiv ID '2311.8526': expected a new-style ID like 2311.08526 or an old-style one like hep-th/9901001"
    )
    assert raised.value.text == "2311.8526"


def test_invalid_id_is_a_value_error_and_non_text_is_refused():
    with pytest.raises(ValueError, match="invalid arXiv ID '2311.08526'"):
        parse_arxiv_id(2311.08526)  # a float that lost its meaning is not an ID
