"""The data that flows through the pipeline, as frozen dataclasses.

``RawRow`` is what every reader yields, whatever the input format; ``Paper`` is a
validated, enriched row; ``Problem`` is one thing wrong with the input, located
by file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FieldValue = str | list[str] | None
# Appended to a title the site derived from the abstract wherever it is shown as text.
DERIVED_MARK = " [title from the abstract]"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with the input, reported as ``FILE:LINE: message``."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


class CatalogError(Exception):
    """Input problems that stop the build; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row as read from an input file, keys already mapped to the standard names.

    Standard names: ``id``, ``abstract``, ``title``, ``authors``, ``date``, ``tags``,
    ``code_url``, ``category``. Values are strings or lists of strings.
    """

    source: str
    line: int
    fields: dict[str, FieldValue]
    # The keys the record had as written (JSON, YAML, Parquet), for error messages.
    keys: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader returns: the rows it could read and the problems it met."""

    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Paper:
    """A validated paper, ready to be rendered."""

    id: str
    abstract: str
    title: str
    title_derived: bool = False
    version: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    category: str | None = None
    code_url: str | None = None
    tags: tuple[str, ...] = ()
    source: str = ""
    # Every arXiv category of the paper, its primary category first (when known).
    categories: tuple[str, ...] = ()
    # Keywords the input gives (a ``tags`` column, BibTeX ``keywords``): a reference
    # manager's, not the site owner's; ``tags`` are the metadata overlay's.
    keywords: tuple[str, ...] = ()
    # The family name of each author, as the input gives it ("Dupré la Tour" for
    # "Dupré la Tour, Tom"), for citation keys and "Last, First" lists.
    family_names: tuple[str, ...] = ()
    # From arXiv (`catalog fetch`): the latest version and its date, the authors' comment,
    # the journal reference and DOI where given.
    latest_version: str | None = None
    updated: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None

    @property
    def plain_title(self) -> str:
        """The title in plain text, its TeX math written out in Unicode ("Memory³" for
        ``$\\text{Memory}^3$``), for places where markup cannot render: the browser tab,
        link previews, Scholar's tags, the feed, the JSON exports, search results."""
        if "$" not in self.title and "\\" not in self.title:
            return self.title
        from generator.catalog.latex import plain_text  # the models stay free of the TeX tables

        return plain_text(self.title)

    @property
    def shown_title(self) -> str:
        """``plain_title``, and for a title derived from the abstract a mark that says so."""
        return self.plain_title + DERIVED_MARK if self.title_derived else self.plain_title

    @property
    def path(self) -> str:
        """Path of the paper's page below the site root, without slashes at the ends."""
        return f"papers/{self.id}"

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date and len(self.date) >= 7 else None
