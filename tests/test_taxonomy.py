"""Topic tags: the taxonomy file, its checks, and how tags are matched to papers."""

from __future__ import annotations

import random
import re
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from generator.catalog.readers import read_catalog
from generator.derive.taxonomy import SLUG_RE, Tag, Taxonomy, assign_tags, load_taxonomy
from generator.models import CatalogError

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "site_config" / "taxonomy.yml"
CATALOG = ROOT / "content" / "000_3ed5e3014f54c171.txt"
METADATA = ROOT / "content" / "metadata.yml"

SLUG_EXPECTED = "a slug of lowercase letters and digits in words joined by single hyphens, like long-context"
PHRASE_EXPECTED = "words of letters and digits separated by spaces or hyphens (use 'patterns' for other characters)"
TAG_KEYS = "broad, description, exclude, exclude_patterns, min_hits, name, patterns, phrases, slug"


@pytest.fixture(scope="module")
def bundled_taxonomy() -> Taxonomy:
    return load_taxonomy(TAXONOMY)


@pytest.fixture(scope="module")
def bundled_papers() -> list[tuple[str, str, str]]:
    """(arXiv ID, title, abstract) of every paper of the bundled catalog."""
    result = read_catalog(CATALOG)
    assert not result.problems
    titles = {entry["id"]: entry["title"] for entry in yaml.safe_load(METADATA.read_text(encoding="utf-8"))}
    papers = [(row.fields["id"], titles[row.fields["id"]], row.fields["abstract"]) for row in result.rows]
    assert len(papers) == 39
    return papers


def make_tag(slug: str, *phrases: str, **rules) -> Tag:
    """A tag that one match assigns (unless ``min_hits`` says otherwise): for testing how phrases match."""
    rules.setdefault("min_hits", 1)
    return Tag(slug=slug, name=slug.replace("-", " ").capitalize(), description="A topic.", phrases=phrases, **rules)


def tags_of(taxonomy: Taxonomy, abstract: str, title: str = "") -> tuple[str, ...]:
    return assign_tags(taxonomy, title, abstract)


# --- the bundled taxonomy -------------------------------------------------------------------


def test_bundled_taxonomy_loads(bundled_taxonomy):
    assert bundled_taxonomy.max_tags == 6
    assert len(bundled_taxonomy.tags) >= 20
    slugs = [tag.slug for tag in bundled_taxonomy.tags]
    assert len(set(slugs)) == len(slugs)
    for tag in bundled_taxonomy.tags:
        assert SLUG_RE.match(tag.slug)
        assert tag.name and tag.description.endswith(".")
        assert tag.phrases
        assert bundled_taxonomy.by_slug(tag.slug) is tag
    # No catch-all tag that would match nearly every paper.
    assert bundled_taxonomy.by_slug("large-language-models") is None


def test_bundled_catalog_gets_tags_with_evidence(bundled_taxonomy, bundled_papers):
    """Precision on judged tags is in test_quality.py; here the shape: most papers get a
    tag, none more than the maximum, no tag twice."""
    assigned = {
        paper_id: assign_tags(bundled_taxonomy, title, abstract) for paper_id, title, abstract in bundled_papers
    }
    for paper_id, tags in assigned.items():
        assert len(tags) <= 6, (paper_id, tags)
        assert len(set(tags)) == len(tags)
        assert all(bundled_taxonomy.by_slug(slug) for slug in tags)
    assert sum(1 for tags in assigned.values() if tags) >= 30


def test_assign_tags_is_fast(bundled_taxonomy, bundled_papers):
    sentences = [s for _, _, abstract in bundled_papers for s in re.split(r"(?<=[.!?])\s+", abstract) if s]
    titles = [title for _, title, _ in bundled_papers]
    rng = random.Random(7)
    papers = [(rng.choice(titles), " ".join(rng.sample(sentences, 8))) for _ in range(2000)]
    started = time.perf_counter()
    results = [assign_tags(bundled_taxonomy, title, abstract) for title, abstract in papers]
    elapsed = time.perf_counter() - started
    assert sum(1 for tags in results if tags) >= len(results) / 2
    # A loose bound that only a quadratic slip would break (bench/ measures speed).
    assert elapsed < 20.0, f"{elapsed:.2f}s for 2,000 papers"


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We study fine-tuning.",
        "We study fine tuning.",
        "We study FINETUNING.",
        "We study Fine-Tuning.",
        "We study fine\ntuning.",
        "We study fine\u2010tuning and fine\u2011tuning.",  # Unicode hyphens
        "We study \ufb01ne-tuning.",  # the ligature fi of text extracted from PDFs
        "Two fine-tunings.",
        "The model\u2019s fine-tuning \u2014 cheap.",
    ],
)
@pytest.mark.parametrize("phrase", ["fine-tuning", "fine tuning", "Fine Tuning"])
def test_phrase_matches_hyphen_space_nothing_and_any_case(phrase, text):
    taxonomy = Taxonomy((make_tag("tuning", phrase),))
    assert tags_of(taxonomy, text) == ("tuning",)


@pytest.mark.parametrize(
    "text",
    [
        "We refine tuning.",  # whole words only
        "Finely tuning it.",
        "It is fine. Tuning it is hard.",  # punctuation ends a phrase
        "It is fine, tuning it",
        "fine\u2014tuning",  # a dash is not a hyphen
        "fine-tuned",
    ],
)
def test_phrase_does_not_match_other_words(text):
    taxonomy = Taxonomy((make_tag("tuning", "fine-tuning"),))
    assert tags_of(taxonomy, text) == ()


def test_phrase_is_matched_as_whole_words_with_plurals():
    taxonomy = Taxonomy((make_tag("peft", "LoRA"), make_tag("search", "search")))
    assert tags_of(taxonomy, "QLoRA and explorations") == ()
    assert tags_of(taxonomy, "adapters (LoRA), LoRAs.") == ("peft",)
    assert tags_of(taxonomy, "many searches") == ("search",)
    assert tags_of(taxonomy, "research") == ()


def test_phrase_with_letters_beyond_ascii():
    taxonomy = Taxonomy((make_tag("bayes", "naïve Bayes"), make_tag("cafe", "café")))
    assert tags_of(taxonomy, "A NAÏVE-BAYES classifier") == ("bayes",)
    assert tags_of(taxonomy, "a naive Bayes classifier") == ()
    assert tags_of(taxonomy, "the cafe\u0301 data set") == ("cafe",)  # decomposed é


def test_exclude_vetoes_the_tag_in_that_text_only():
    taxonomy = Taxonomy((make_tag("pruning", "pruning", exclude=("schema pruning",)),))
    assert tags_of(taxonomy, "Weight pruning of large models.") == ("pruning",)
    assert tags_of(taxonomy, "Weight pruning, then schema pruning.") == ()
    assert tags_of(taxonomy, "We use schema pruning.", title="Pruning networks") == ("pruning",)
    assert tags_of(taxonomy, "Weight pruning.", title="Schema pruning for SQL") == ("pruning",)


def test_exclude_patterns_veto_too():
    taxonomy = Taxonomy((make_tag("truth", "truth", exclude_patterns=(r"\bground[- ]truth\b",)),))
    assert tags_of(taxonomy, "what the truth is") == ("truth",)
    assert tags_of(taxonomy, "the truth and the ground truth") == ()


def test_patterns_are_case_insensitive_regular_expressions():
    taxonomy = Taxonomy((Tag("long-context", "Long context", "Long inputs.", patterns=(r"\b\d+k[- ]tokens?\b",), min_hits=1),))
    assert tags_of(taxonomy, "inputs of 128K tokens") == ("long-context",)
    assert tags_of(taxonomy, "inputs of many tokens") == ()


def test_title_counts_twice():
    taxonomy = Taxonomy((make_tag("rag", "retrieval-augmented generation", min_hits=2),))
    assert tags_of(taxonomy, "", title="Retrieval-Augmented Generation for QA") == ("rag",)
    assert tags_of(taxonomy, "We use retrieval-augmented generation.") == ()
    assert tags_of(taxonomy, "Retrieval-augmented generation, i.e. retrieval augmented generation.") == ("rag",)


def test_matches_of_one_tag_do_not_overlap():
    rag = make_tag("rag", "retrieval-augmented", "retrieval-augmented generation", "augmented generation", min_hits=2)
    other = make_tag("generation", "augmented generation")
    taxonomy = Taxonomy((rag, other))
    assert tags_of(taxonomy, "retrieval-augmented generation") == ("generation",)
    assert tags_of(taxonomy, "retrieval-augmented generation and a retrieval-augmented model") == ("rag", "generation")


def test_strongest_tags_first_ties_in_taxonomy_order_at_most_max_tags():
    taxonomy = Taxonomy(
        (
            make_tag("one", "alpha"),
            make_tag("three", "beta"),
            make_tag("two", "gamma"),
            make_tag("three-too", "delta"),
        ),
        max_tags=6,
    )
    text = "alpha. beta beta beta. gamma gamma. delta delta delta."
    assert tags_of(taxonomy, text) == ("three", "three-too", "two", "one")
    assert tags_of(Taxonomy(taxonomy.tags, max_tags=2), text) == ("three", "three-too")
    assert tags_of(taxonomy, "gamma", title="alpha") == ("one", "two")  # 2 from the title beats 1


def test_min_hits():
    taxonomy = Taxonomy((make_tag("agents", "agent", "tool use", min_hits=2),))
    assert tags_of(taxonomy, "An agent.") == ()
    assert tags_of(taxonomy, "An agent with tool use.") == ("agents",)


def test_assign_tags_is_pure_and_accepts_missing_text(bundled_taxonomy, bundled_papers):
    _, title, abstract = bundled_papers[0]
    first = assign_tags(bundled_taxonomy, title, abstract)
    assert assign_tags(bundled_taxonomy, title, abstract) == first
    assert assign_tags(bundled_taxonomy, None, None) == ()
    assert assign_tags(bundled_taxonomy, "", "") == ()


def test_lookup_by_slug_or_name(bundled_taxonomy):
    tag = bundled_taxonomy.by_slug("long-context")
    assert tag is not None and tag.name == "Long context"
    assert bundled_taxonomy.by_slug("LONG-CONTEXT") is tag
    assert bundled_taxonomy.by_slug("Long context") is None
    for text in ("long-context", "Long context", "LONG CONTEXT", "  long   context ", "Long-Context"):
        assert bundled_taxonomy.by_name_or_slug(text) is tag, text
    rag = bundled_taxonomy.by_slug("retrieval-augmented-generation")
    assert bundled_taxonomy.by_name_or_slug("Retrieval-augmented generation") is rag
    code = bundled_taxonomy.by_slug("code-generation")
    assert code is not None and code.name == "Code and SQL generation"  # a name unlike its slug
    assert bundled_taxonomy.by_name_or_slug("code and sql GENERATION") is code
    assert bundled_taxonomy.by_name_or_slug("code-and-sql-generation") is None  # a slug that is not one
    assert bundled_taxonomy.by_name_or_slug("quantum chemistry") is None
    assert bundled_taxonomy.by_name_or_slug("") is None


# --- checking the file ----------------------------------------------------------------------

GOOD_TAG = """\
  - name: Long context
    slug: long-context
    description: Long inputs.
    phrases: [long context]
"""


def problems_in(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    """(line, message) of every problem of a taxonomy file with this text; each names the file."""
    path = tmp_path / "taxonomy.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_taxonomy(path)
    assert all(problem.source == str(path) for problem in caught.value.problems)
    assert str(caught.value).startswith(f"{path}:")
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_a_good_file_loads(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_text("max_tags: 3\ntags:\n" + GOOD_TAG, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert taxonomy.max_tags == 3
    assert taxonomy.tags == (Tag("long-context", "Long context", "Long inputs.", phrases=("long context",)),)
    path.write_text("tags:\n" + GOOD_TAG, encoding="utf-8")
    assert load_taxonomy(path).max_tags == 6


def test_every_problem_is_reported_at_once(tmp_path):
    text = """\
        max_tags: many
        colour: blue
        tags:
          - name: Long context
            slug: Long Context
            description: Long inputs.
            phrases: long context
          - slug: long-context
            phrases: []
            patterns: ["(foo", "a*", "ok"]
            min_hits: 0
            weight: 2
          - name: long CONTEXT
            slug: long-context
            description: Again.
            phrases:
              - long context
              -
              - "C++"
              - ""
            exclude: [x]
            exclude_patterns: "[a-"
          - just text
          - name: No rules
            slug: no-rules
            description: Nothing to match.
            min_hits: two
    """
    assert problems_in(tmp_path, text) == [
        (1, "key 'max_tags': expected a whole number of at least 1, got 'many'"),
        (2, "unknown key 'colour': known keys are max_tags, domain, input_tags, tags"),
        (5, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got 'Long Context'"),
        (7, "tag 1: key 'phrases': expected a list of phrases, got 'long context'"),
        (8, "tag 2: key 'name' is missing: expected non-empty text"),
        (8, "tag 2: key 'description' is missing: expected non-empty text"),
        (9, "tag 2: key 'phrases': expected a list of phrases, got an empty list"),
        (
            10,
            "tag 2: key 'patterns' item 1: expected a Python regular expression, "
            "got '(foo' (missing ), unterminated subpattern at position 0)",
        ),
        (10, "tag 2: key 'patterns' item 2: expected a regular expression that cannot match empty text, got 'a*'"),
        (11, "tag 2: key 'min_hits': expected a whole number of at least 1, got '0'"),
        (12, f"tag 2: unknown key 'weight': known keys are {TAG_KEYS}"),
        (13, "tag 3: key 'name': duplicate name 'long CONTEXT' (first used by tag 1 at line 4)"),
        (14, "tag 3: key 'slug': duplicate slug 'long-context' (first used by tag 2 at line 8)"),
        (18, "tag 3: key 'phrases' item 2: expected non-empty text, got nothing (null)"),
        (19, f"tag 3: key 'phrases' item 3: expected {PHRASE_EXPECTED}, got 'C++'"),
        (20, "tag 3: key 'phrases' item 4: expected non-empty text, got empty text"),
        (22, "tag 3: key 'exclude_patterns': expected a list of Python regular expressions, got '[a-'"),
        (23, "tag 4: expected a mapping with the keys name, slug, description and phrases, got 'just text'"),
        (24, "tag 5: expected 'phrases' or 'patterns' with at least one entry, got neither"),
        (27, "tag 5: key 'min_hits': expected a whole number of at least 1, got 'two'"),
    ]


def tag_text(**fields: str) -> str:
    """A taxonomy of one tag (the good one, with fields replaced or, given as None, removed)."""
    values = {
        "name": "Long context",
        "slug": "long-context",
        "description": "Long inputs.",
        "phrases": "[long context]",
    }
    values.update(fields)
    lines = [f"    {key}: {value}" for key, value in values.items() if value is not None]
    return "tags:\n  - " + "\n".join(lines)[4:] + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (tag_text(name=None), (2, "tag 1: key 'name' is missing: expected non-empty text")),
        (tag_text(slug=None), (2, f"tag 1: key 'slug' is missing: expected {SLUG_EXPECTED}")),
        (tag_text(description=None), (2, "tag 1: key 'description' is missing: expected non-empty text")),
        (tag_text(name="''"), (2, "tag 1: key 'name': expected non-empty text, got empty text")),
        (
            tag_text(description="[a, b]"),
            (4, "tag 1: key 'description': expected non-empty text, got a list of 2 items"),
        ),
        (tag_text(slug="Long-Context"), (3, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got 'Long-Context'")),
        (tag_text(slug="long--context"), (3, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got 'long--context'")),
        (tag_text(slug="long_context"), (3, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got 'long_context'")),
        (tag_text(slug="-long"), (3, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got '-long'")),
        (tag_text(slug="null"), (3, f"tag 1: key 'slug': expected {SLUG_EXPECTED}, got nothing (null)")),
        (tag_text(phrases="long context"), (5, "tag 1: key 'phrases': expected a list of phrases, got 'long context'")),
        (tag_text(phrases="{a: b}"), (5, "tag 1: key 'phrases': expected a list of phrases, got a mapping")),
        (tag_text(phrases="[]"), (5, "tag 1: key 'phrases': expected a list of phrases, got an empty list")),
        (
            tag_text(phrases="[ok, [a, b]]"),
            (5, "tag 1: key 'phrases' item 2: expected non-empty text, got a list of 2 items"),
        ),
        (tag_text(phrases="['  ']"), (5, "tag 1: key 'phrases' item 1: expected non-empty text, got empty text")),
        (tag_text(phrases="[Q&A]"), (5, f"tag 1: key 'phrases' item 1: expected {PHRASE_EXPECTED}, got 'Q&A'")),
        (
            tag_text(phrases="[a b c d e f g h i]"),
            (5, "tag 1: key 'phrases' item 1: expected a phrase of at most 8 words, got 'a b c d e f g h i'"),
        ),
        (tag_text(exclude="[--]"), (6, f"tag 1: key 'exclude' item 1: expected {PHRASE_EXPECTED}, got '--'")),
        (
            tag_text(patterns="['[a-']"),
            (
                6,
                "tag 1: key 'patterns' item 1: expected a Python regular expression, "
                "got '[a-' (unterminated character set at position 0)",
            ),
        ),
        (
            tag_text(patterns="['x(?']"),
            (
                6,
                "tag 1: key 'patterns' item 1: expected a Python regular expression, "
                "got 'x(?' (unexpected end of pattern at position 3)",
            ),
        ),
        (
            tag_text(patterns="['(lora)?']"),
            (
                6,
                "tag 1: key 'patterns' item 1: expected a regular expression that cannot match empty text, got '(lora)?'",
            ),
        ),
        (
            tag_text(patterns="[null]"),
            (6, "tag 1: key 'patterns' item 1: expected a Python regular expression, got nothing (null)"),
        ),
        (
            tag_text(exclude_patterns="['(']"),
            (
                6,
                "tag 1: key 'exclude_patterns' item 1: expected a Python regular expression, "
                "got '(' (missing ), unterminated subpattern at position 0)",
            ),
        ),
        (tag_text(min_hits="0"), (6, "tag 1: key 'min_hits': expected a whole number of at least 1, got '0'")),
        (tag_text(min_hits="-1"), (6, "tag 1: key 'min_hits': expected a whole number of at least 1, got '-1'")),
        (tag_text(min_hits="1.5"), (6, "tag 1: key 'min_hits': expected a whole number of at least 1, got '1.5'")),
        (
            tag_text(min_hits="true"),
            (6, "tag 1: key 'min_hits': expected a whole number of at least 1, got the boolean true"),
        ),
        (tag_text(phrase="[x]"), (6, f"tag 1: unknown key 'phrase': known keys are {TAG_KEYS}")),
        (
            tag_text(phrases=None),
            (2, "tag 1: expected 'phrases' or 'patterns' with at least one entry, got neither"),
        ),
        ("tags: []\n", (1, "key 'tags': expected a list of at least one tag, got an empty list")),
        ("tags:\n", (1, "key 'tags': expected a list of at least one tag, got nothing (null)")),
        ("tags: {a: b}\n", (1, "key 'tags': expected a list of at least one tag, got a mapping")),
        ("max_tags: 6\n", (1, "key 'tags' is missing: expected a list of at least one tag")),
        ("", (None, "key 'tags' is missing: expected a list of at least one tag")),
        ("max_tags: 0\ntags:\n" + GOOD_TAG, (1, "key 'max_tags': expected a whole number of at least 1, got '0'")),
        ("tags:\n" + GOOD_TAG + "colour: blue\n", (6, "unknown key 'colour': known keys are max_tags, domain, input_tags, tags")),
        ("- a\n- b\n", (1, "expected a mapping with the keys max_tags and tags, got a list of 2 items")),
        ("just text\n", (None, "expected a mapping with the keys max_tags and tags, got 'just text'")),
        (
            "tags:\n  - 12\n",
            (2, "tag 1: expected a mapping with the keys name, slug, description and phrases, got '12'"),
        ),
        ("tags: [\n", (2, "invalid YAML: expected the node content, but found '<stream end>'")),
    ],
)
def test_each_problem_is_reported_word_for_word(tmp_path, text, expected):
    assert problems_in(tmp_path, text) == [expected]


def test_duplicate_slug_and_name(tmp_path):
    other = GOOD_TAG.replace("Long context", "LONG CONTEXT").replace("long-context", "long-context")
    assert problems_in(tmp_path, "tags:\n" + GOOD_TAG + other) == [
        (6, "tag 2: key 'name': duplicate name 'LONG CONTEXT' (first used by tag 1 at line 2)"),
        (7, "tag 2: key 'slug': duplicate slug 'long-context' (first used by tag 1 at line 2)"),
    ]


def test_missing_or_unreadable_file(tmp_path):
    missing = tmp_path / "nope.yml"
    with pytest.raises(CatalogError) as caught:
        load_taxonomy(missing)
    assert str(caught.value) == f"{missing}: taxonomy file not found"
    latin1 = tmp_path / "latin1.yml"
    latin1.write_bytes("tags:\n  - name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        load_taxonomy(latin1)
    assert str(caught.value) == f"{latin1}:2: not UTF-8 text: save the file with UTF-8 encoding"


# --- evidence, domain and input keywords ---------------------------------------------------


def test_one_passing_phrase_is_no_evidence_a_title_hit_or_two_are():
    taxonomy = Taxonomy((Tag("rag", "RAG", "Retrieval.", phrases=("retrieval-augmented generation", "RAG")),))
    assert tags_of(taxonomy, "We compare with retrieval-augmented generation.") == ()
    assert tags_of(taxonomy, "Retrieval-augmented generation helps. RAG is cheap.") == ("rag",)
    assert tags_of(taxonomy, "We study it.", title="RAG for tables") == ("rag",)


@pytest.mark.parametrize(
    "abstract",
    [
        "We study parsing. Future work includes code generation and code generation at scale.",
        "TRACE spans tasks including domain-specific tasks, multilingual capabilities, code generation, and math.",
        "We evaluate on summarization, translation, code generation, code generation and dialogue.",
        "It helps tasks such as code generation or code generation.",
        "Our limitations: code generation, code generation.",
    ],
)
def test_passing_mentions_do_not_count(abstract):
    taxonomy = Taxonomy((make_tag("code", "code generation", min_hits=2),))
    assert tags_of(taxonomy, abstract) == ()
    assert tags_of(taxonomy, "We study code generation. Code generation matters.") == ("code",)


def test_a_veto_in_a_passing_mention_still_vetoes():
    taxonomy = Taxonomy((make_tag("rag", "retrieval", min_hits=2, exclude=("image retrieval",)),))
    text = "Retrieval for text. Retrieval at scale. Future work: image retrieval."
    assert tags_of(taxonomy, text) == ()


def test_the_domain_says_which_papers_the_vocabulary_is_for():
    taxonomy = Taxonomy((make_tag("rag", "retrieval"),), domain=("cs.CL", "cs.LG", "stat.*"))
    assert taxonomy.covers(["cs.CL"]) and taxonomy.covers(["hep-th", "cs.LG"]) and taxonomy.covers(["stat.ML"])
    assert not taxonomy.covers(["hep-th"]) and not taxonomy.covers(["q-bio.PE", "physics.bio-ph"])
    assert taxonomy.covers([])  # categories unknown: the vocabulary applies
    assert Taxonomy((make_tag("rag", "retrieval"),)).covers(["hep-th"])  # no domain: every paper


def test_papers_outside_the_domain_get_no_vocabulary_tags_but_the_owners_tags():
    from generator.derive import paper_tags
    from generator.models import Paper

    taxonomy = Taxonomy((make_tag("compression", "compression"),), domain=("cs.LG",))
    physics = Paper(id="2401.00001", title="Shock and ramp compression", abstract="Compression of iron.", categories=("cond-mat.mtrl-sci",))
    assert paper_tags(physics, taxonomy) == ()
    owned = Paper(id="2401.00001", title="Shock compression", abstract="Iron.", categories=("cond-mat.mtrl-sci",), tags=("Iron",))
    assert [t.name for t in paper_tags(owned, taxonomy)] == ["Iron"]
    ml = Paper(id="2401.00002", title="Model compression", abstract="Compression of networks.", categories=("cs.LG",))
    assert [t.slug for t in paper_tags(ml, taxonomy)] == ["compression"]


def test_papers_with_unknown_categories_take_vocabulary_tags_only_where_the_catalog_fits_it():
    from generator.derive import derive
    from generator.models import Paper

    taxonomy = Taxonomy((make_tag("compression", "compression"),), domain=("cs.LG",))

    def paper(k: int, title: str, categories: tuple[str, ...] = ()) -> Paper:
        return Paper(id=f"2401.{k:05d}", title=title, abstract="Plain text.", categories=categories)

    # one uncategorised paper in ten matches: the vocabulary does not fit this catalog
    physics = [paper(0, "Shock compression of iron")] + [paper(k, f"Spin chain number {k}") for k in range(1, 10)]
    assert all(not tags for tags in derive(physics, taxonomy).tags.values())
    # two in ten does; and a paper whose categories say it is in the domain never depends on it
    ml = physics + [paper(10, "Model compression")]
    ml[1] = paper(1, "Network compression")
    tagged = derive(ml, taxonomy).tags
    assert [t.slug for t in tagged["2401.00000"]] == ["compression"] == [t.slug for t in tagged["2401.00010"]]
    known = [paper(0, "Model compression", ("cs.LG",))] + physics[1:]
    assert [t.slug for t in derive(known, taxonomy).tags["2401.00000"]] == ["compression"]
    # without a domain, the vocabulary is for every paper
    assert derive(physics, Taxonomy((make_tag("compression", "compression"),))).tags["2401.00000"]


def test_input_keywords_count_only_where_they_name_a_tag_or_are_opted_in():
    from generator.derive import paper_tags, unpublished_keywords
    from generator.models import Paper

    taxonomy = Taxonomy((make_tag("rag", "retrieval"),), input_tags=("Reading group",))
    paper = Paper(
        id="2401.00001", title="T", abstract="Plain text.", keywords=("RAG", "unread", "reading group", "Computer Science - Machine Learning")
    )
    assert [t.name for t in paper_tags(paper, taxonomy)] == ["Rag", "reading group"]
    assert unpublished_keywords([paper], taxonomy) == {"Computer Science - Machine Learning": 1, "unread": 1}


def test_domain_input_tags_and_broad_are_checked(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "domain: [cs.CL, 'not a category']\ninput_tags: [ok, '']\ntags:\n"
        "  - {name: A, slug: a, description: A., phrases: [x], broad: maybe}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as error:
        load_taxonomy(path)
    assert [p.message for p in error.value.problems] == [
        "key 'domain' item 2: expected an arXiv category such as cs.CL, or cs.* for all of cs, got 'not a category'",
        "key 'input_tags' item 2: expected non-empty text, got empty text",
        "tag 1: key 'broad': expected true or false, got 'maybe'",
    ]


def test_input_keywords_that_name_a_tag_show_that_the_catalog_fits_the_vocabulary():
    from generator.derive import derive
    from generator.models import Paper

    taxonomy = Taxonomy((make_tag("compression", "compression"),), domain=("cs.LG",))
    papers = [Paper(id="2401.00001", title="Plain", abstract="Plain text.", keywords=("compression",))]
    assert [t.slug for t in derive(papers, taxonomy).tags["2401.00001"]] == ["compression"]
