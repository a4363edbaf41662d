"""What the pages say is right, measured on judged sets from several fields.

The catalogs are real public files (tests/fixtures/catalogs/SOURCES.md); the judgements
were made by reading the abstracts (tests/fixtures/judged/README.md). `python -m
bench.quality` prints every figure these tests hold to a limit.
"""

from __future__ import annotations

import pytest

from bench.quality import (
    CATALOG_SETS,
    mention_result,
    out_of_domain,
    related_result,
    tag_result,
)

NON_ML = ["physics_hep", "condmat", "math", "qbio", "mixed_fields", "astro"]


# --- related papers --------------------------------------------------------------------------


def test_bundled_related_papers_are_papers_a_researcher_would_read_next():
    result = related_result("bundled")
    assert result.shown >= 12
    assert result.acceptable_share >= 0.8  # judged related, or a specialist's borderline
    assert result.precision >= 0.5  # judged related


def test_related_papers_on_every_judged_catalog_are_mostly_right():
    shown = right = acceptable = 0
    for name in CATALOG_SETS:
        result = related_result(name)
        shown += result.shown
        right += result.right
        acceptable += result.acceptable
        assert result.per_paper[2] <= 5, name
    assert shown >= 60
    assert right / shown >= 0.6
    assert acceptable / shown >= 0.7


@pytest.mark.parametrize("name", NON_ML + ["bundled", "ml_other"])
def test_related_papers_rarely_cross_fields(name):
    result = related_result(name)
    assert result.cross_share <= 0.10, result


def test_a_catalog_of_unrelated_papers_shows_few_related_papers():
    """One month of mathematics, two pairs judged related: almost every page says so."""
    result = related_result("math")
    assert result.per_paper[1] == 0
    assert result.shown <= 8


# --- mentions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CATALOG_SETS))
def test_every_mention_is_judged_and_mentions_are_names(name):
    result = mention_result(name)
    assert not result.unjudged, "judge them in tests/fixtures/judged/mentions.yml"
    assert not result.missed
    assert len(result.wrong) <= 1, result.wrong  # GAMA: a survey one paper's title leads with


def test_mention_precision_over_all_catalogs():
    found = right = 0
    for name in CATALOG_SETS:
        result = mention_result(name)
        found += result.found
        right += result.right
    assert found >= 15
    assert right / found >= 0.9


# --- tags --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "floor"), [("bundled", 0.85), ("ml_other", 0.9), ("software_engineering", 0.85)])
def test_tags_are_right(name, floor):
    result = tag_result(name)
    assert not result.unjudged, "judge them in tests/fixtures/judged/tags/"
    assert result.given >= 30
    assert result.precision >= floor, result.wrong


@pytest.mark.parametrize("name", NON_ML)
def test_papers_outside_the_vocabularys_domain_carry_no_vocabulary_tag(name):
    outside, tagged = out_of_domain(name)
    assert outside >= 90
    assert tagged <= 0.05 * outside
