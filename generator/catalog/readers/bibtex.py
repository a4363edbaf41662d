"""Reader for BibTeX files (``.bib``) as exported by arXiv, Zotero, Google Scholar and others.

Every entry (``@misc``, ``@article``, ...) becomes one row located at the line of
its ``@type{``, whether or not it carries an arXiv ID or an abstract: the validator
reports what is missing. ``@string`` macros are expanded (also in ``#``
concatenations), ``@comment``, ``@preamble`` and text between entries are ignored.

Fields:

- ``id``: ``eprint`` (when ``archivePrefix``/``eprinttype`` is arXiv, or absent and
  the value reads as an arXiv ID), else a DOI ``10.48550/arXiv.<ID>``, else an
  arXiv ``url``, else ``arXiv:<ID>`` in ``journal``, ``note`` or ``howpublished``
  (Google Scholar, Zotero), else ``journal = {ArXiv}`` with ``volume = {abs/<ID>}``
  (Semantic Scholar);
- ``title``, ``abstract``, ``tags`` (``keywords``, split on ``,``/``;``): LaTeX turned
  into Unicode (``{\\"u}`` -> ``ü``), case-protecting braces dropped, ``$...$`` kept;
- ``authors``: ``author`` split on ``and``, each name as ``von Last, Jr, First`` (read by
  ``generator.catalog.people``);
- ``date``: ``date``, or ``year`` + ``month`` (+ ``day``); a year alone is left out so
  that the month comes from the arXiv ID;
- ``category``: ``primaryClass``; ``code_url``: ``code``, or a GitHub/GitLab URL in
  ``howpublished``, ``url`` or ``note``.

Syntax errors (what bibtexparser reports as failed blocks, duplicate keys, stray
braces between entries) are problems located at the line where they start.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

from generator.catalog.ids import is_arxiv_id
from generator.models import FieldValue, Problem, RawRow, ReadResult

NO_ENTRIES = "no BibTeX entries found: expected entries such as @misc{key, title = {...}, eprint = {2311.08526}, ...}"

_MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ARXIV_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.(\S+)", re.IGNORECASE)
_ARXIV_URL = re.compile(r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/\S+", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"\barxiv:\s*([^\s,;{}\[\]()]+)", re.IGNORECASE)
_ABS_VOLUME = re.compile(r"abs/(\S+)", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s{}<>\"']+")
_REPOSITORY = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/[^\s{}<>\"',;()\[\]]+", re.IGNORECASE)
_URL_MACRO = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?")
_URL_ESCAPE = re.compile(r"\\([_%&#~$])")
# In BibTeX values '%' and '&' are plain text; to LaTeX they start a comment or a table cell.
_TEX_SPECIAL = re.compile(r"(?<!\\)[%&]")
# Inline math, kept as written (display math takes the slow path).
_MATH = re.compile(r"((?<!\\)\$[^$]+?(?<!\\)\$)")
# What the LaTeX decoder does to text without commands or math, for a fast path.
_SIMPLE_ESCAPE = re.compile(r"\\([%&_#])")
_LIGATURES = (
    ("---", "\u2014"),
    ("--", "\u2013"),
    ("!`", "\u00a1"),
    ("?`", "\u00bf"),
    ("``", "\u201c"),
    ("''", "\u201d"),
    ("~", " "),
)


def _latex_decoder() -> LatexDecodingMiddleware:
    """bibtexparser's LaTeX decoding (math kept verbatim), plus macros Zotero writes."""
    context = get_default_latex_context_db()
    macros = [
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("mbox", simplify_repl="%s"),
        MacroTextSpec("textless", simplify_repl="<"),
        MacroTextSpec("textgreater", simplify_repl=">"),
    ]
    context.add_context_category("paper-catalog", prepend=True, macros=macros)
    return LatexDecodingMiddleware(
        decoder=LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")
    )


_DECODER = _latex_decoder()


def read_bibtex(text: str, source: str) -> ReadResult:
    """Rows from the entries of a BibTeX file; never raises for bad input."""
    try:
        with _quiet("bibtexparser"):
            library = bibtexparser.parse_string(text)
    except Exception as error:  # a parser bug must become a report, not a crash
        return ReadResult(problems=[Problem(source, None, f"cannot read the BibTeX file: {error}")])

    strings = {key.lower(): block.value for key, block in library.strings_dict.items() if isinstance(block.value, str)}
    rows: list[RawRow] = []
    problems: list[Problem] = []
    first_key_line: dict[str, int] = {}
    blocks = library.blocks
    for index, block in enumerate(blocks):
        line = _line(block)
        if isinstance(block, Entry):
            folded = block.key.lower()
            if folded in first_key_line:
                # bibtexparser tells keys apart by case, BibTeX does not.
                problems.append(_duplicate_key(source, line, block.key, first_key_line[folded]))
                continue
            first_key_line[folded] = line or 1
            row, problem = _entry_row(block, strings, source, line or 1)
            if problem:
                problems.append(problem)
            if row:
                rows.append(row)
        elif isinstance(block, DuplicateBlockKeyBlock):
            first = _line(block.previous_block)
            if isinstance(block.ignore_error_block, String):
                where = f" (first defined at line {first})" if first else ""
                problems.append(Problem(source, line, f"@string '{block.key}' is defined twice{where}"))
            else:
                problems.append(_duplicate_key(source, line, block.key, first))
        elif isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            names = ", ".join(f"'{k}'" for k in sorted(block.duplicate_keys))
            key = entry.key if isinstance(entry, Entry) else ""
            problems.append(Problem(source, line, f"entry '{key}' gives the field {names} twice"))
        elif isinstance(block, ParsingFailedBlock):
            # The parser gives up on an entry where the next one starts: that is where the
            # problem shows, so say where.
            later = (blocks[i] for i in range(index + 1, len(blocks)))
            following = next((_line(b) for b in later if not isinstance(b, ImplicitComment)), None)
            problems.append(Problem(source, line, _failure_message(block, following)))
        elif isinstance(block, ImplicitComment) and not (index and _aborted(blocks[index - 1])):
            # (text right after an aborted entry is its unread rest, reported with it)
            problem = _stray_brace(block, source)
            if problem:
                problems.append(problem)
    if not library.entries and not problems:
        problems.append(Problem(source, None, NO_ENTRIES))
    return ReadResult(rows, problems)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's log while it parses: its messages become our problems."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _line(block: object) -> int | None:
    start = getattr(block, "start_line", None)
    return start + 1 if isinstance(start, int) else None  # bibtexparser counts from 0


def _aborted(block: object) -> bool:
    return isinstance(block, ParsingFailedBlock) and isinstance(block.error, BlockAbortedException)


def _duplicate_key(source: str, line: int | None, key: str, first: int | None) -> Problem:
    where = f" (first used at line {first})" if first else ""
    return Problem(source, line, f"duplicate entry key '{key}'{where}: give each entry its own key")


def _failure_message(block: ParsingFailedBlock, following: int | None) -> str:
    reason = (getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__).strip()
    at = f" on line {following}" if following else ""
    if reason.startswith("Unexpectedly reached end of file"):
        return "invalid BibTeX: the entry is not closed before the end of the file (unbalanced braces or quotes?)"
    if "field-value closing `}`" in reason:
        return f"invalid BibTeX: a value opened with '{{' is not closed before the next entry{at} (unbalanced braces?)"
    if 'field-value closing `"`' in reason:
        return f"invalid BibTeX: a value opened with '\"' is not closed before the next entry{at}"
    if reason.startswith("Unexpected block start") or "but found `@" in reason:
        return f"invalid BibTeX: the entry is not closed with '}}' before the next entry{at} (unbalanced braces?)"
    return f"invalid BibTeX: {reason}"


def _stray_brace(block: ImplicitComment, source: str) -> Problem | None:
    """Braces between entries: usually an entry closed too early, its remaining fields lost."""
    start = _line(block)
    for number, text in enumerate((block.raw or "").split("\n")):
        if text.lstrip().startswith("%") or not ("{" in text or "}" in text):
            continue  # '%' lines are comments by convention
        return Problem(
            source,
            start + number if start else None,
            f"unbalanced braces: text outside any entry: '{text.strip()[:60]}' (was the entry above closed too early?)",
        )
    return None


# --- one entry ------------------------------------------------------------------------


def _entry_row(entry: Entry, strings: dict[str, str], source: str, line: int) -> tuple[RawRow | None, Problem | None]:
    values: dict[str, str] = {}
    for item in entry.fields:
        name = item.key.strip().lower()
        if not name:
            continue
        if name in values:  # 'Title' and 'title': BibTeX field names ignore case
            return None, Problem(source, line, f"entry '{entry.key}' gives the field '{name}' twice")
        values[name] = _expand(item, strings)

    fields: dict[str, FieldValue] = {}
    arxiv_id = _find_id(values)
    if arxiv_id is not None:
        fields["id"] = arxiv_id
    if "abstract" in values:
        fields["abstract"] = _tex_to_text(values["abstract"])
    if "title" in values:
        fields["title"] = _tex_to_text(values["title"])
    if "author" in values:
        fields["authors"] = _authors(values["author"])
    date = _date(values)
    if date is not None:
        fields["date"] = date
    if "keywords" in values:
        keywords = re.split(r"[,;]", _tex_to_text(values["keywords"]))
        fields["tags"] = [tag for tag in (k.strip() for k in keywords) if tag]
    code_url = _code_url(values)
    if code_url is not None:
        fields["code_url"] = code_url
    if "primaryclass" in values:
        fields["category"] = _plain(values["primaryclass"])
    return RawRow(source, line, fields), None


def _expand(item: Field, strings: dict[str, str]) -> str:
    """The field's text with ``a # {b} # "c"`` concatenations joined and macros expanded."""
    value = item.value if isinstance(item.value, str) else str(item.value)
    if item.enclosing != "no-enclosing" or "#" not in value:
        return value
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    joined = []
    for part in (p.strip() for p in parts):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            joined.append(part[1:-1])
        else:
            joined.append(strings.get(part.lower(), part))
    return "".join(joined)


def _unescape_zotero(value: str) -> str:
    """TeX that Zotero escaped, written back as TeX.

    Zotero exports an abstract's ``$\\sigma_e \\propto \\sqrt{M}$`` as
    ``\\${$\\sigma\\_\\backslash$}mathrm\\textbraceleft e\\textbraceright{} \\textbackslash propto ...\\$``:
    its own ``{$...$}`` groups for characters it could not write (unwrapped), and every
    backslash, brace, caret, dollar and underscore escaped (unescaped)."""
    if not any(mark in value for mark in ("\\textbackslash", "\\textasciicircum", "\\textbrace")):
        return value
    value = re.sub(r"\{\$(.*?)\$\}", lambda m: m.group(1).replace("\\backslash", "\\").replace("\\_", "_"), value)
    for name, text in _ZOTERO_ESCAPES:
        value = value.replace("{\\" + name + "}", text)  # "P{\textbackslash}'erez"
        value = re.sub(r"\\" + name + r"(?:\{\}|\s|(?=[^A-Za-z]))", lambda _, t=text: t, value)
    value = re.sub(r"\\([$_{}&%#])", r"\1", value)
    return value.replace("{}", "")


_ZOTERO_ESCAPES = (
    ("textbackslash", "\\"),
    ("textasciicircum", "^"),
    ("textasciitilde", "~"),
    ("textbraceleft", "{"),
    ("textbraceright", "}"),
)


def _tex_to_text(value: str) -> str:
    """LaTeX to Unicode: accents, escapes and formatting commands; ``$...$`` kept as written."""
    value = _unescape_zotero(value)
    pieces = _MATH.split(value)  # text, math, text, ..., text
    texts = [_SIMPLE_ESCAPE.sub(r"\1", piece) for piece in pieces[::2]]
    if not any("\\" in text or "$" in text for text in texts) and all(map(_balanced, [value, *pieces[1::2]])):
        # Commands only in math, which stays as written: braces merely group (and break
        # ligatures such as -{}-), as the decoder reads them, and ~30 times faster.
        pieces[::2] = ["".join(_ligatures(part) for part in re.split(r"[{}]", text)) for text in texts]
        return unicodedata.normalize("NFC", "".join(pieces))
    pieces[::2] = [_TEX_SPECIAL.sub(r"\\\g<0>", piece) for piece in pieces[::2]]
    entry = Entry("misc", "", [Field("value", "".join(pieces))])
    try:
        decoded = _DECODER.transform_entry(entry, Library())
    except Exception:  # fall back to the text as written
        decoded = None
    if isinstance(decoded, Entry) and isinstance(decoded.fields[0].value, str):
        text = decoded.fields[0].value
    else:
        text = value.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", text.replace("\xa0", " "))


# The same people appear in many entries; decoding LaTeX takes about half a millisecond.
_name_to_text = functools.lru_cache(maxsize=8192)(_tex_to_text)


def _balanced(math: str) -> bool:
    depth = 0
    for brace in re.findall(r"(?<!\\)[{}]", math):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _ligatures(text: str) -> str:
    for tex, character in _LIGATURES:
        text = text.replace(tex, character)
    return text


def _plain(value: str) -> str:
    """Text of an ID-like field: braces, ``\\url{...}`` and backslash escapes removed."""
    value = _URL_MACRO.sub(r"\1", value)
    value = _URL_ESCAPE.sub(r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def _authors(value: str) -> list[str]:
    value = _unescape_zotero(value)
    # BibTeX's name splitting reads "~" as a space, which would break the accent \~n (ñ).
    value = re.sub(
        r"\\~(?:\{([A-Za-z])\}|([A-Za-z]))",
        lambda m: unicodedata.normalize("NFC", (m.group(1) or m.group(2)) + "\u0303"),
        value,
    )
    try:
        names = split_multiple_persons_names(value)
    except Exception:
        names = re.split(r"\s+and\s+", value)
    authors = []
    for name in names:
        try:
            # "von Last, Jr, First": the family name stays marked for the name parser.
            ordered = parse_single_name_into_parts(name, strict=False).merge_last_name_first
        except Exception:  # keep the name as written
            ordered = name
        text = " ".join(_name_to_text(ordered).split())
        if text:
            authors.append(text)
    return authors


def _find_id(values: dict[str, str]) -> str | None:
    eprint = _plain(values.get("eprint", ""))
    archive = _plain(values.get("archiveprefix") or values.get("eprinttype") or "").lower()
    if eprint and (archive == "arxiv" or (not archive and is_arxiv_id(eprint))):
        return eprint
    doi = _ARXIV_DOI.fullmatch(_plain(values.get("doi", "")))
    if doi:
        return doi.group(1)
    url = _plain(values.get("url", ""))
    if _ARXIV_URL.fullmatch(url):
        return url
    for name in ("journal", "note", "howpublished"):
        mention = _ARXIV_IN_TEXT.search(_plain(values.get(name, "")))
        if mention:
            return mention.group(1)
    volume = _ABS_VOLUME.fullmatch(_plain(values.get("volume", "")))
    if volume and _plain(values.get("journal", "")).lower() == "arxiv":
        return volume.group(1)
    return None


def _date(values: dict[str, str]) -> str | None:
    """``date`` as written, or ``year-month[-day]``; None when only the year is known."""
    written = _plain(values.get("date", ""))
    if written and not re.fullmatch(r"\d{4}", written):
        return written
    year = _plain(values.get("year", "")) or written
    month = _plain(values.get("month", ""))
    if not year or not month:
        return None
    number = _month_number(month)
    if number is None:
        return f"{year}-{month}"  # the validator reports it as an invalid date
    day = _plain(values.get("day", ""))
    if day.isdigit() and day.isascii():
        day = f"{int(day):02d}"
    return f"{year}-{number:02d}" + (f"-{day}" if day else "")


def _month_number(month: str) -> int | None:
    text = month.lower().rstrip(".")
    if text.isdigit() and text.isascii():
        return int(text) if 1 <= int(text) <= 12 else None
    number = _MONTHS.get(text[:3])
    names = "january february march april may june july august september october november december".split()
    if number is not None and names[number - 1].startswith(text):
        return number
    return None


def _code_url(values: dict[str, str]) -> str | None:
    code = _plain(values.get("code", ""))
    if code:
        found = _URL.search(code)
        return found.group(0) if found else code
    for name in ("howpublished", "url", "note"):
        found = _REPOSITORY.search(_plain(values.get(name, "")))
        if found:
            return found.group(0).rstrip(".:")
    return None
