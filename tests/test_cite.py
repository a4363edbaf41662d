"""Citations: arXiv-style keys, unique across the catalog, and BibTeX values no input can break."""

from __future__ import annotations

import random
import re

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.models import Paper
from generator.site.cite import bibtex_entry, bibtex_key, unique_bibtex_keys


def paper(paper_id="2404.03592", title="ReFT: Representation Finetuning for Language Models", **fields):
    fields.setdefault("abstract", "An abstract.")
    fields.setdefault("authors", ("Zhengxuan Wu", "Aryaman Arora"))
    fields.setdefault("date", "2024-04-04")
    return Paper(id=paper_id, title=title, **fields)


def parse_one(text: str) -> dict[str, str]:
    """The single entry in ``text``, as field -> value; fails on anything else."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1, text
    assert len(library.blocks) == 1, text
    return {f.key: f.value for f in library.entries[0].fields}


def bibtex_balanced(value: str) -> bool:
    """BibTeX's own rule: every brace counts, backslash or not; depth never below zero."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def field_values(entry: str) -> dict[str, str]:
    """The entry's fields as written, read line by line (the layout arXiv uses)."""
    lines = entry.splitlines()
    assert lines[0].startswith("@misc{") and lines[-1] == "}"
    values = {}
    for line in lines[1:-1]:
        match = re.fullmatch(r" {6}(\w+)=\{(.*)\},", line)
        assert match, line
        values[match.group(1)] = match.group(2)
    return values


# Keys


def test_key_is_surname_year_first_significant_title_word():
    assert bibtex_key(paper()) == "wu2024reft"
    assert bibtex_key(paper(title="On the Büchner effect", authors=("Jörg Ünal",))) == "unal2024buchner"
    assert bibtex_key(paper(title="$\\text{Memory}^3$: Language Modeling")) == "wu2024language"


def test_key_without_usable_author_falls_back_to_the_id():
    assert bibtex_key(paper(authors=())) == "arxiv240403592"
    assert bibtex_key(paper("hep-th/9901001", authors=("张三",))) == "arxivhepth9901001"
    assert bibtex_key(paper(authors=("  ", "Ann Author"))) == "author2024reft"  # blank names are skipped


def test_entry_uses_given_key_and_rejects_invalid_ones():
    assert bibtex_entry(paper(), "wu2024refta").startswith("@misc{wu2024refta,\n")
    assert bibtex_entry(paper()).startswith("@misc{wu2024reft,\n")
    for bad in ("", "wu 2024", "wu,2024", "wu}", "wü2024", "wu_2024"):
        with pytest.raises(ValueError, match="invalid BibTeX key"):
            bibtex_entry(paper(), bad)


def test_unique_keys_suffix_later_ids_in_id_order():
    papers = [paper(f"2404.0359{n}") for n in (3, 1, 2)] + [paper("2301.00001", title="Other")]
    keys = unique_bibtex_keys(papers)
    assert keys == {
        "2404.03591": "wu2024reft",
        "2404.03592": "wu2024refta",
        "2404.03593": "wu2024reftb",
        "2301.00001": "wu2024other",
    }


def test_unique_keys_do_not_depend_on_input_order():
    papers = [paper(f"2404.{n:05d}", title=random.Random(n).choice(["ReFT", "LoRA", "B"])) for n in range(40)]
    expected = unique_bibtex_keys(papers)
    for seed in range(5):
        shuffled = papers[:]
        random.Random(seed).shuffle(shuffled)
        assert unique_bibtex_keys(shuffled) == expected


def test_unique_keys_skip_another_papers_plain_key():
    # Titles made of stop words give the bare key "wu2024"; a paper on "B" has the plain key "wu2024b".
    papers = [paper("2404.00001", title="The"), paper("2404.00002", title="Of"), paper("2404.00003", title="In")]
    papers.append(paper("2404.00009", title="B splines"))
    keys = unique_bibtex_keys(papers)
    assert keys["2404.00009"] == "wu2024b"
    assert [keys[f"2404.0000{n}"] for n in (1, 2, 3)] == ["wu2024", "wu2024a", "wu2024c"]
    assert len(set(keys.values())) == len(keys)


def test_unique_keys_go_on_after_z():
    papers = [paper(f"2404.{n:05d}") for n in range(30)]
    keys = unique_bibtex_keys(papers)
    assert len(set(keys.values())) == 30
    assert keys["2404.00026"] == "wu2024reftz"
    assert keys["2404.00027"] == "wu2024reftaa"
    assert all(re.fullmatch(r"[A-Za-z0-9]+", key) for key in keys.values())


# Values


def test_entry_in_arxiv_style():
    entry = bibtex_entry(paper(category="cs.CL"))
    assert entry == (
        "@misc{wu2024reft,\n"
        "      title={ReFT: Representation Finetuning for Language Models},\n"
        "      author={Zhengxuan Wu and Aryaman Arora},\n"
        "      year={2024},\n"
        "      eprint={2404.03592},\n"
        "      archivePrefix={arXiv},\n"
        "      primaryClass={cs.CL},\n"
        "      url={https://arxiv.org/abs/2404.03592},\n"
        "}"
    )
    assert parse_one(entry)["primaryClass"] == "cs.CL"


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("$\\text{Memory}^3$: Language Modeling", "$\\text{Memory}^3$: Language Modeling"),
        ("R&D at 50% for #1 in snake_case", "R\\&D at 50\\% for \\#1 in snake\\_case"),
        ("Already \\& escaped \\_ and \\%", "Already \\& escaped \\_ and \\%"),
        ("Sets {A} and {B_1}", "Sets {A} and {B\\_1}"),
        ("x^2 outside math, $x^2_i$ inside", "x\\^{}2 outside math, $x^2_i$ inside"),
        ("Costs $5 today", "Costs \\$5 today"),
        ("$$x_1$$ display", "$$x_1$$ display"),
        ("Naïve Bayes for Zürich", "Naïve Bayes for Zürich"),
        ("Broken\nacross   lines\ttoo", "Broken across lines too"),
        ("Control\x00\x01\x07\x08 chars", "Control chars"),
        ("Two\\\\{lines} here", "Two\\\\ {lines} here"),  # else parsers read "\\{" as an escaped brace
    ],
)
def test_title_values(title, written):
    entry = bibtex_entry(paper(title=title))
    assert field_values(entry)["title"] == written
    assert parse_one(entry)["title"] == written


@pytest.mark.parametrize(
    "title",
    [
        "}, note={pwned",
        "x}, note={pwned}, title={y",
        "Title}\n@misc{evil, title={owned}}",
        "a @misc{evil, title={y}} b",
        "@@misc(evil, x",
        "trailing backslash \\",
        "line break \\\\}",
        "line break \\\\{x} and \\\\}",
        "escaped brace \\{ alone",
        "\\{ } mixed \\}",
        "{{{",
        "}}}",
        "a \\@misc{b}",
    ],
)
def test_hostile_titles_stay_inside_their_field(title):
    entry = bibtex_entry(paper(title=title))
    fields = parse_one(entry)
    assert set(fields) == {"title", "author", "year", "eprint", "archivePrefix", "url"}
    assert fields["eprint"] == "2404.03592"
    value = field_values(entry)["title"]
    assert bibtex_balanced(value)
    assert not re.search(r"@\w*\s*[{(]", value)
    assert not value.endswith("\\")


def test_hostile_title_pwned_keeps_its_text():
    assert field_values(bibtex_entry(paper(title="}, note={pwned")))["title"] == ", note=pwned"


def test_author_names_cannot_split_or_break_the_list():
    entry = bibtex_entry(paper(authors=("Ann and Bob", "Cé Dupont", "  ", "Eve}, title={x", "D. And")))
    fields = parse_one(entry)
    assert fields["author"] == "Ann {and} Bob and Cé Dupont and Eve, title=x and D. {And}"
    library = bibtexparser.parse_string(entry, append_middleware=[SeparateCoAuthors()])
    assert library.entries[0]["author"] == ["Ann {and} Bob", "Cé Dupont", "Eve, title=x", "D. {And}"]


def test_unicode_authors_round_trip():
    authors = ("Jörg Ünal", "Zoë Ødegård", "李明", "Ana María Pérez-Núñez")
    fields = parse_one(bibtex_entry(paper(authors=authors)))
    assert fields["author"].split(" and ") == list(authors)


text = st.text(alphabet=st.sampled_from(list("ab {}\\$@&%#_^~\"',=()\n\t\x00misc")), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, authors=st.lists(text, max_size=3), category=text)
def test_no_input_breaks_the_entry(title, authors, category):
    entry = bibtex_entry(paper(title=title, authors=tuple(authors), category=category))
    written = field_values(entry)
    fields = parse_one(entry)
    assert set(fields) == set(written)
    assert {"title", "year", "eprint", "archivePrefix", "url"} <= set(fields)
    for value in written.values():
        assert bibtex_balanced(value)
        assert not value.endswith("\\")
