"""Author names from every input format: one parser, names a reader would write."""

from __future__ import annotations

import pytest

from generator.catalog.people import (
    Person,
    family_name,
    from_parsed,
    parse_people,
    split_people,
)


@pytest.mark.parametrize(
    ("value", "people"),
    [
        ("Ann Author; Bob Büchner;Chen Wei", ("Ann Author", "Bob Büchner", "Chen Wei")),
        ("Ann Author, Bob Büchner and Chen Wei", ("Ann Author", "Bob Büchner", "Chen Wei")),
        ("Yann LeCun, Yoshua Bengio, and Geoffrey Hinton", ("Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton")),
        ("Ann Author and Bob Büchner", ("Ann Author", "Bob Büchner")),
        ("Ann Author,Bob Büchner", ("Ann Author", "Bob Büchner")),
        ("Alexander Anderson", ("Alexander Anderson",)),  # 'and' inside a name is no separator
        (["  Ann  Author ", "", "Bob"], ("Ann Author", "Bob")),
        ("", ()),
    ],
)
def test_lists_split_on_semicolons_and_commas_and_and(value, people):
    assert split_people(value) == people


def test_arxiv_affiliations_in_parentheses_are_no_authors():
    value = (
        "A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan Science and\n"
        "  Technology Agency, Tsukuba, Japan, (2) RRC Kurchatov Institute, (3) Tokyo University)"
    )
    assert parse_people(value) == (Person("A. S.", "Mishchenko"), Person("N.", "Nagaosa"))
    assert split_people("T. Anthony Sun (1), M. Lee (2)") == ("T. Anthony Sun", "M. Lee")


def test_affiliation_and_footnote_marks_are_removed():
    assert split_people("Jane Doe1,2, John Roe*, Ann Lee†, Wu Ming^{a}") == (
        "Jane Doe", "John Roe", "Ann Lee", "Wu Ming"
    )


@pytest.mark.parametrize(
    "value", ["A. Smith, B. Jones et al.", "A. Smith, B. Jones, et al", ["A. Smith", "B. Jones", "et al."],
              "Smith, A. and Jones, B. and others"]
)
def test_et_al_and_others_are_not_authors(value):
    assert split_people(value) == ("A. Smith", "B. Jones")


@pytest.mark.parametrize(
    "value",
    ["Sharma, Shashank, Hoffmann, Janina", ["Sharma, Shashank", "Hoffmann, Janina"],
     "Sharma, Shashank; Hoffmann, Janina", "Sharma, Shashank and Hoffmann, Janina"],
)
def test_last_first_lists_become_first_last(value):
    assert parse_people(value) == (Person("Shashank", "Sharma"), Person("Janina", "Hoffmann"))


def test_last_first_with_initials():
    assert split_people("Smith, J., Jones, A. B.") == ("J. Smith", "A. B. Jones")
    assert split_people("Smith, J.; Doe, A.") == ("J. Smith", "A. Doe")


def test_first_last_names_with_two_words_are_not_pairs():
    assert split_people("John Smith, Jane Doe, Bob Lee, Ann Kim") == ("John Smith", "Jane Doe", "Bob Lee", "Ann Kim")


def test_tex_accents_become_unicode():
    assert split_people("C. Bal\\'azs, E. L. Berger") == ("C. Balázs", "E. L. Berger")
    assert parse_people("Kr{\\\"o}ger, J. and M{\\\"u}ller, K.") == (Person("J.", "Kröger"), Person("K.", "Müller"))


def test_particles_stay_with_the_family_name():
    assert parse_people("Dupr{\\'e} la Tour, Tom and others") == (Person("Tom", "Dupré la Tour"),)
    assert parse_people("van der Berg, Anna") == (Person("Anna", "van der Berg"),)
    assert parse_people("Ludwig van Beethoven")[0].family == "van Beethoven"
    assert family_name("Anna van der Berg") == "van der Berg"


def test_suffixes_stay_with_their_name():
    assert parse_people("Martin Luther King, Jr., Ann Lee") == (Person("Martin Luther", "King", "Jr."), Person("Ann", "Lee"))
    assert parse_people(["King, Jr., Martin Luther"]) == (Person("Martin Luther", "King", "Jr."),)


def test_arxiv_parsed_names():
    assert from_parsed(["Bal\\'azs", "C.", ""]) == Person("C.", "Balázs")
    assert from_parsed(["Sun", "T. Anthony", "", "1"]) == Person("T. Anthony", "Sun")
    assert from_parsed(["", "", ""]) is None


def test_the_same_name_twice_is_one_author():
    assert split_people("Ann Lee, Ann Lee") == ("Ann Lee",)


@pytest.mark.parametrize("value", ["1,2", "*", "others", "et al.", "(University of Somewhere)", "jane@example.org"])
def test_lists_of_nothing_but_marks_give_no_author(value):
    assert split_people(value) == ()


def test_ads_style_lists_with_hyphenated_initials_and_a_group_first():
    assert split_people("Chen, S. -F., Howlett, C., White, M.") == ("S.-F. Chen", "C. Howlett", "M. White")
    assert split_people("DESI Collaboration, Adame, A. G., Aguilar, J., et al.") == (
        "DESI Collaboration", "A. G. Adame", "J. Aguilar"
    )


def test_family_names_of_two_words_in_last_first_lists():
    assert split_people("Britt, Dylan, Gruen, Daniel, Ried Guachalla, Bernardita") == (
        "Dylan Britt", "Daniel Gruen", "Bernardita Ried Guachalla"
    )
    assert split_people(["Brun, A. M. C. Le", "Allende Prieto, C."]) == ("A. M. C. Le Brun", "C. Allende Prieto")


def test_two_whole_names_in_one_item_stay_two():
    assert split_people(["John Smith, Jane Doe"]) == ("John Smith", "Jane Doe")


def test_parts_without_letters_are_dropped():
    assert split_people("Beyond-2pt Collaboration, :, Krause, Elisabeth, et al.") == (
        "Beyond-2pt Collaboration", "Elisabeth Krause"
    )
