"""arXiv identifiers: parsing every form people paste, and the canonical form.

The canonical form is what permalinks are built from: no ``arXiv:`` prefix, no
URL, no version suffix, and for old-style IDs no subject class
(``math.GT/0309136`` is arXiv's legacy spelling of ``math/0309136``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# re.ASCII: "\d" must not accept other scripts' digits ("２３１１.０８５２６" is no arXiv ID).
_NEW_STYLE = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?P<version>v[1-9]\d*)?", re.ASCII)
_OLD_STYLE = re.compile(
    r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?P<subject>\.[A-Za-z]{2})?/"
    r"(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d{3})(?P<version>v[1-9]\d*)?",
    re.ASCII,
)
# With or without a scheme: reference managers and scraped tables drop it ("arxiv.org/pdf/2512.17964").
_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>.+?)(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE | re.ASCII,
)
# arXiv's DOIs (``10.48550/arXiv.2309.08986``), bare, as ``doi:`` or as a doi.org address.
_DOI = re.compile(
    r"(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?10\.48550/arxiv\.(?P<rest>.+)",
    re.IGNORECASE | re.ASCII,
)
_PREFIX = re.compile(r"arxiv:\s*", re.IGNORECASE)

EXPECTED = "expected a new-style ID like 2311.08526 or an old-style one like hep-th/9901001"


class InvalidArxivId(ValueError):
    """Raised for text that is not an arXiv identifier in any accepted form."""

    def __init__(self, text: str) -> None:
        super().__init__(f"invalid arXiv ID {text!r}: {EXPECTED}")
        self.text = text


@dataclass(frozen=True, slots=True)
class ArxivId:
    """A parsed arXiv identifier."""

    canonical: str
    version: str | None = None
    subject_class: str | None = None

    @property
    def old_style(self) -> bool:
        return "/" in self.canonical

    @property
    def year_month(self) -> tuple[int, int]:
        """Year and month of submission encoded in the ID (``2311`` -> 2023-11)."""
        digits = self.canonical.rsplit("/", 1)[-1]
        yy, mm = int(digits[:2]), int(digits[2:4])
        if not self.old_style:
            return 2000 + yy, mm  # new-style IDs began in 2007: 9912.00001 is December 2099
        return (1900 + yy if yy >= 91 else 2000 + yy), mm

    @property
    def versioned(self) -> str:
        return self.canonical + (self.version or "")


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse any accepted spelling of an arXiv ID; raise ``InvalidArxivId`` otherwise.

    Accepted: ``2311.08526``, ``2311.08526v2``, ``arXiv:2311.08526``,
    ``https://arxiv.org/abs/2311.08526v2``, ``https://arxiv.org/pdf/2311.08526``,
    ``hep-th/9901001``, ``math.GT/0309136``, ``arxiv.org/pdf/2311.08526v2.pdf`` (no
    scheme), ``10.48550/arXiv.2311.08526`` and ``https://doi.org/10.48550/arXiv.2311.08526``.
    """
    if not isinstance(text, str):
        raise InvalidArxivId(str(text))
    candidate = text.strip()
    url = _URL.fullmatch(candidate) or _DOI.fullmatch(candidate)
    if url:
        candidate = url.group("rest")
    else:
        candidate = _PREFIX.sub("", candidate, count=1) if _PREFIX.match(candidate) else candidate

    new = _NEW_STYLE.fullmatch(candidate)
    if new and _valid_new_style(int(new["yy"]), int(new["mm"]), new["num"]):
        return ArxivId(f'{new["yy"]}{new["mm"]}.{new["num"]}', new["version"])

    old = _OLD_STYLE.fullmatch(candidate)
    if old and _valid_old_style(int(old["yy"]), int(old["mm"])):
        subject = old["subject"]
        return ArxivId(
            f'{old["archive"]}/{old["yy"]}{old["mm"]}{old["num"]}',
            old["version"],
            f'{old["archive"]}{subject}' if subject else None,
        )
    raise InvalidArxivId(text)


def is_arxiv_id(text: str) -> bool:
    """Whether the text is an arXiv ID in any accepted spelling."""
    try:
        parse_arxiv_id(text)
    except InvalidArxivId:
        return False
    return True


def canonical_id(text: str) -> str:
    """The canonical form of an arXiv ID in any accepted spelling."""
    return parse_arxiv_id(text).canonical


def _valid_new_style(yy: int, mm: int, num: str) -> bool:
    # New-style IDs began in April 2007 (0704); five-digit numbers in January 2015.
    if not 1 <= mm <= 12 or (yy, mm) < (7, 4):
        return False
    return len(num) == 5 if (yy, mm) >= (15, 1) else len(num) == 4


def _valid_old_style(yy: int, mm: int) -> bool:
    # Old-style IDs ran from August 1991 to March 2007.
    if not 1 <= mm <= 12:
        return False
    year = 1900 + yy if yy >= 91 else 2000 + yy
    return (1991, 8) <= (year, mm) <= (2007, 3)
