"""The map: layout (generator/derive/layout.py), map/points.json and the paper pages' link."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import sparse

from generator.build import check_catalog
from generator.config import load_settings
from generator.derive import derive
from generator.derive.layout import MIN_PAPERS, SCALE, _candidates, _phrases_of, _regions, map_layout
from generator.derive.related import TextSignals

PROJECT_ROOT = Path(__file__).resolve().parent.parent
JUDGED = PROJECT_ROOT / "tests" / "fixtures" / "judged" / "related"
CATALOGS = PROJECT_ROOT / "tests" / "fixtures" / "catalogs"
# The issue's groups of papers a researcher calls closely related, by title prefix.
ISSUE_GROUPS = (
    ("ToRA:", "MuMath-Code:", "DotaMath:"),
    ("LUT-NN:", "Multiplying Matrices Without Multiplying"),  # MADDNESS
    ("Discovering Latent Knowledge", "Inference-Time Intervention:", "Cognitive Dissonance:"),  # CCS, ITI, probes
)


def _points(site: Path) -> dict:
    return json.loads((site / "map" / "points.json").read_text(encoding="utf-8"))


def _distances(data: dict) -> tuple[dict[str, int], np.ndarray, float]:
    points = np.array([data["x"], data["y"]], dtype=float).T
    distances = np.linalg.norm(points[:, None] - points[None], axis=2)
    median = float(np.median(distances[np.triu_indices(len(points), 1)]))
    return {paper_id: k for k, paper_id in enumerate(data["id"])}, distances, median


def test_points_json_holds_every_bundled_paper_in_columns(bundled_site: Path, bundled_settings) -> None:
    data = _points(bundled_site)
    report, _ = check_catalog(bundled_settings)
    assert sorted(data["id"]) == sorted(p.id for p in report.papers) and len(data["id"]) == 39
    assert data["unplaced"] == 0
    for column in ("x", "y", "year", "category", "tag", "region"):
        assert len(data[column]) == 39, column
    assert all(-1 <= r < len(data["regions"]) for r in data["region"])
    assert all(sum(1 for r in data["region"] if r == k) == region[3] for k, region in enumerate(data["regions"]))
    assert all(0 <= v <= SCALE and isinstance(v, int) for v in data["x"] + data["y"])
    by_id = {p.id: p for p in report.papers}
    for k, paper_id in enumerate(data["id"]):
        assert data["year"][k] == int(by_id[paper_id].year)
        assert all(0 <= t < len(data["tags"]) for t in data["tag"][k])
    # the bounding box fills the scale along its longer side
    assert max(max(data["x"]) - min(data["x"]), max(data["y"]) - min(data["y"])) == SCALE


def test_the_issues_related_groups_lie_closer_than_the_median_pair(bundled_site: Path, bundled_settings) -> None:
    data = _points(bundled_site)
    report, _ = check_catalog(bundled_settings)
    index, distances, median = _distances(data)
    for prefixes in ISSUE_GROUPS:
        group = [next(p.id for p in report.papers if p.title.startswith(prefix)) for prefix in prefixes]
        for a, b in itertools.combinations(group, 2):
            assert distances[index[a], index[b]] < median, (a, b)


def _judged_layout(name: str):
    judged = yaml.safe_load((JUDGED / f"{name}.yml").read_text(encoding="utf-8"))
    settings = load_settings(PROJECT_ROOT / "site_config" / "catalog.yml", PROJECT_ROOT)
    settings = dataclasses.replace(settings, inputs=(str(CATALOGS / judged["catalog"]),), metadata="")
    report, _ = check_catalog(settings)
    derived = derive(report.papers, report.taxonomy)
    pairs = {tuple(sorted((q, o))) for q, v in judged["queries"].items() for o in v.get("related") or []}
    return derived.map, pairs


@pytest.mark.parametrize("name", ["qbio", "software_engineering", "zotero_astro_galaxy_clusters"])
def test_judged_related_pairs_of_other_fields_lie_closer_than_the_median_pair(name: str) -> None:
    layout, pairs = _judged_layout(name)
    data = {"id": list(layout.ids), "x": list(layout.x), "y": list(layout.y)}
    index, distances, median = _distances(data)
    closer = [distances[index[a], index[b]] < median for a, b in pairs]
    assert len(closer) >= 50
    # measured 89-97% on these catalogs (bench/map_layout.py); a random map gives 50%
    assert sum(closer) / len(closer) >= 0.85


def _signals(rows: list[list[float]], terms: list[str]) -> TextSignals:
    matrix = sparse.csr_matrix(np.array(rows, dtype=np.float32))
    ids = tuple(f"2401.{k:05d}" for k in range(len(rows)))
    return TextSignals(ids, matrix, terms)


def test_the_layout_is_deterministic_and_leaves_out_papers_with_nothing_to_place_them() -> None:
    rng = np.random.default_rng(3)
    rows = (rng.random((60, 40)) * (rng.random((60, 40)) < 0.15)).tolist()
    rows[7] = [0.0] * 40  # no term at all
    signals = _signals(rows, [f"term{k}" for k in range(40)])
    tags = {"2401.00009": ["a-tag"]}
    first = map_layout(signals, tags)
    again = map_layout(signals, tags)
    assert first == again
    assert first.unplaced == ("2401.00007",)
    assert "2401.00007" not in first.ids and "2401.00009" in first.ids
    assert len(first.ids) == len(first.x) == len(first.y) == len(first.region) == 59


@pytest.mark.parametrize("size", [1, 2, 5])
def test_a_catalog_of_a_few_papers_still_gets_a_map(size: int) -> None:
    rows = [[1.0 if j in (k, k + 1) else 0.0 for j in range(size + 1)] for k in range(size)]
    layout = map_layout(_signals(rows, [f"w{j}" for j in range(size + 1)]), {})
    assert len(layout.ids) == size and layout.regions == ()
    assert all(0 <= v <= SCALE for v in layout.x + layout.y)
    if size == 1:
        assert (layout.x[0], layout.y[0]) == (SCALE // 2, SCALE // 2)
    else:
        assert len(set(zip(layout.x, layout.y, strict=True))) == size


def _present(rows: list[list[int]]) -> sparse.csr_matrix:
    return sparse.csr_matrix(np.array(rows, dtype=np.float32))


def _named(terms: list[str], region: list[list[int]], catalog_share: list[float]) -> list[str]:
    candidates = _candidates(_present(region), np.array(catalog_share), np.ones(len(terms)), terms, _phrases_of(terms))
    return [terms[column] for _, column in candidates]


def test_a_region_is_named_by_a_term_most_of_its_papers_share_and_the_rest_lack() -> None:
    terms = ["quark gluon", "quark", "results", "plasma", "numerical", "hadronization"]
    region = [[1, 1, 1, 0, 1, 1], [1, 1, 1, 0, 1, 1], [1, 1, 0, 1, 1, 0], [0, 0, 1, 0, 1, 1], [0, 0, 0, 0, 0, 0]]
    # "results": a quarter of the catalog; "plasma": one paper; "numerical": research prose
    share = [3 / 100, 4 / 100, 25 / 100, 1 / 100, 8 / 100, 4 / 100]
    # the word gives way to the phrase all its papers here use it in, which comes first
    assert _named(terms, region, share) == ["quark gluon", "hadronization"]


def test_a_region_whose_papers_share_nothing_telling_has_no_name() -> None:
    terms = ["chromodynamics", "lattice", "computed", "gluon"]
    region = [[1, 0, 1, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]
    # two papers of six have "gluon" and a past participle names nothing
    assert _named(terms, region, [0.05, 0.05, 0.05, 0.05]) == []


def test_a_term_names_one_region_only() -> None:
    rng = np.random.default_rng(0)
    centres = [(k * 1000, (k % 3) * 1000) for k in range(10)]
    points = np.vstack([rng.normal(c, 20, size=(30, 2)) for c in centres])
    rows = np.zeros((300, 1))
    rows[0:13, 0] = 1  # "quark" in 13 papers of the first group
    rows[30:45, 0] = 1  # and in 15 of the second: it names the second only
    regions, region = _regions(points, sparse.csr_matrix(rows), ["quark"])
    assert [r.name for r in regions] == ["quark"]
    # each paper's region: the second group's papers are in it, no other paper is
    assert [k for k, r in enumerate(region) if r == 0] == list(range(30, 60))
    assert abs(regions[0].x - 1000) < 60 and abs(regions[0].y - 1000) < 60


def test_region_names_of_a_real_catalog_are_terms_of_its_papers(bundled_site: Path) -> None:
    data = _points(bundled_site)
    assert data["regions"], "the bundled catalog has named regions"
    papers = json.loads((bundled_site / "papers.json").read_text(encoding="utf-8"))["papers"]
    words = [f"{p['title']} {p['abstract']}".lower() for p in papers]
    for x, y, name, size in data["regions"]:
        assert 0 <= x <= SCALE and 0 <= y <= SCALE and size >= 3
        assert sum(name in w for w in words) >= MIN_PAPERS, name


def test_paper_pages_link_to_themselves_on_the_map(bundled_site: Path) -> None:
    page = (bundled_site / "papers" / "2309.17452" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../map/?focus=2309.17452"' in page
    index = (bundled_site / "map" / "index.html").read_text(encoding="utf-8")
    assert "data-catalog-map" in index and "<noscript>" in index
    assert "39 of 39 papers are on the map" in index


REGIONS_JUDGED = JUDGED.parent / "map_regions.yml"
HELD_OUT = PROJECT_ROOT / "tests" / "fixtures" / "heldout"


def _names_now(judged: dict) -> dict[str, list[tuple[str, int]]]:
    """The region names the map gives now, on the catalogs of the judged file: the bundled
    one, the fixture catalogs (``catalogs``) and the held-out ones (``heldout``)."""
    settings = load_settings(PROJECT_ROOT / "site_config" / "catalog.yml", PROJECT_ROOT)
    inputs = {"bundled": None}
    for catalog in judged["catalogs"]:
        if catalog != "bundled":
            related = yaml.safe_load((JUDGED / f"{catalog}.yml").read_text(encoding="utf-8"))
            inputs[catalog] = CATALOGS / related["catalog"]
    for catalog in judged["heldout"]:
        inputs[catalog] = HELD_OUT / f"{catalog}.jsonl"
    names = {}
    for catalog, path in inputs.items():
        settings_ = settings if path is None else dataclasses.replace(settings, inputs=(str(path),), metadata="")
        report, _ = check_catalog(settings_)
        layout = derive(report.papers, report.taxonomy).map
        names[catalog] = [(region.name, region.size) for region in layout.regions]
    return names


def test_region_names_on_ten_catalogs_are_judged_and_none_is_wrong() -> None:
    data = yaml.safe_load(REGIONS_JUDGED.read_text(encoding="utf-8"))
    judged = {**data["catalogs"], **data["heldout"]}
    verdicts = []
    for catalog, names in _names_now(data).items():
        known = {(entry["label"], entry["papers"]): entry["verdict"] for entry in judged[catalog]}
        for name in names:
            assert name in known, f"{catalog}: region name {name} is not judged in map_regions.yml"
            verdicts.append(known[name])
    assert "wrong" not in verdicts
    # 23 good of 29 when judged (2 of 3 on the held-out catalog); a change that names
    # fewer regions well fails here
    assert len(verdicts) >= 20 and verdicts.count("good") / len(verdicts) >= 0.75


def test_tag_and_year_pages_link_to_their_papers_on_the_map(bundled_site: Path) -> None:
    tag = (bundled_site / "tags" / "interpretability" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../map/?tag=interpretability"' in tag
    year = (bundled_site / "archive" / "2024" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../map/?year=2024"' in year


def test_judged_related_pairs_of_a_held_out_catalog_lie_closer_than_the_median_pair() -> None:
    """A catalog the layout was not tuned on (quant-ph, quantum walks): 69 of 73 pairs when
    judged, 62 of 73 once the catalog's five wrong tags were gone: t-SNE's layout of 158
    papers moves with its inputs more than on the larger catalogs."""
    judged = yaml.safe_load((HELD_OUT / "related_quant_ph_quantum_walks.yml").read_text(encoding="utf-8"))
    settings = load_settings(PROJECT_ROOT / "site_config" / "catalog.yml", PROJECT_ROOT)
    settings = dataclasses.replace(settings, inputs=(str(HELD_OUT / judged["catalog"]),), metadata="")
    report, _ = check_catalog(settings)
    layout = derive(report.papers, report.taxonomy).map
    index, distances, median = _distances({"id": list(layout.ids), "x": list(layout.x), "y": list(layout.y)})
    pairs = {tuple(sorted((q, o))) for q, v in judged["queries"].items() for o in v.get("related") or []}
    closer = [distances[index[a], index[b]] < median for a, b in pairs]
    assert len(closer) >= 60 and sum(closer) / len(closer) >= 0.8
