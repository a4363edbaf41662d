"""Author pages: spellings of one name meet; initials join a full name only when one fits."""

from generator.derive.authors import catalog_authors
from generator.models import Paper
from generator.site.render import Pager


def _paper(paper_id: str, *names: str, families: tuple[str, ...] = ()) -> Paper:
    families = families or tuple(name.split()[-1] for name in names)
    return Paper(id=paper_id, abstract="x", title="t", authors=names, family_names=families, date="2024-01")


def test_spellings_that_differ_in_accents_case_or_dots_are_one_author():
    authors = catalog_authors([_paper("2401.00001", "José García"), _paper("2401.00002", "Jose Garcia")])
    assert len(authors.by_slug) == 1
    (author,) = authors.by_slug.values()
    assert author.papers == ("2401.00001", "2401.00002") and author.slug == "jose-garcia"
    assert author.variants and authors.slug_for("JOSÉ GARCÍA") == author.slug


def test_initials_join_the_one_full_name_that_fits():
    authors = catalog_authors([_paper("2401.00001", "Yoshua Bengio"), _paper("2401.00002", "Y. Bengio")])
    assert [a.papers for a in authors.by_slug.values()] == [("2401.00001", "2401.00002")]


def test_initials_that_fit_two_people_stay_apart():
    authors = catalog_authors(
        [_paper("2401.00001", "Jian Wang"), _paper("2401.00002", "Jun Wang"), _paper("2401.00003", "J. Wang")]
    )
    assert len(authors.by_slug) == 3
    assert all(len(a.papers) == 1 for a in authors.by_slug.values())


def test_a_page_name_the_index_uses_is_never_an_authors_slug():
    authors = catalog_authors([_paper("2401.00001", "Letters", families=("Letters",))])
    assert "letters" not in authors.by_slug


def test_the_pager_links_first_last_and_neighbours():
    assert Pager("papers/", 5, 100).window() == [1, None, 3, 4, 5, 6, 7, None, 100]
    assert Pager("papers/", 1, 2).window() == [1, 2]
    assert Pager("tags/x/", 3, 9).url(3, "tags/x/page/2.md") == "../3/"
    assert Pager("tags/x/", 1, 9).url(1, "tags/x/page/2.md") == "../../"
