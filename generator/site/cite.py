"""Citations: BibTeX entries in arXiv's own style, RIS records, a plain citation line
and "Last, First" names for Google Scholar.

Keys follow arXiv's pattern, ``<first author's surname><year><first significant
title word>`` in ASCII lowercase (``wu2024reft``). Two papers of a catalog can
share that key; ``unique_bibtex_keys`` settles it for the whole catalog: the
paper with the lowest arXiv ID keeps the plain key, the others get a suffix
``a``, ``b``, ... ``z``, ``aa``, ... in ID order, skipping any key another paper
already has. The ID is permanent, so a paper's key only changes when a paper
with a lower ID and the same key joins the catalog.

Field values are TeX, kept as written where that is safe, and always safe
inside ``{...}``, for BibTeX, biber and bibtexparser alike:

- whitespace (line breaks included) is collapsed to single spaces and other
  control characters are dropped, so every field stays on its line;
- ``&``, ``%``, ``#`` are escaped everywhere, ``_`` and ``^`` outside math;
  ``$...$`` and ``$$...$$`` stay as written, a ``$`` without its partner is
  escaped;
- braces are balanced: plain ``{``/``}`` and escaped ``\\{``/``\\}`` each among
  themselves (BibTeX counts both, bibtexparser only the plain ones), and
  unmatched ones are dropped, so a hostile ``}, note={x`` cannot close the value
  or start a new field;
- an ``@`` that would read as the start of an entry (``@misc{``) is wrapped as
  ``{@}``, a trailing backslash is dropped, and ``\\\\`` before a brace gets a
  space so that no parser takes the brace as escaped;
- in author names a free-standing ``and`` is braced (``{and}``), so that one
  name never becomes two.

Titles are written for what reads them: a style such as BibTeX's ``plain`` lower-cases
a title, and a LaTeX document with no package loaded typesets it.

- Capitals a style would lose are braced, whole words at a time (``{GLiNER}``,
  ``{GPT-4}``, never letter by letter): a word with a capital after its first character
  (GLiNER, MobileLLM, LLMs, iPhone, LLM, BERT, U.S, JWST's), one mixing a capital with
  digits or math (T5, 3D, Llama2, F$_1$), a lone capital other than the article "A"
  (X-ray, Type I, (A)dS), and a title's first word when it starts lower-case or with
  math (pybtex capitalises it; BibTeX keeps a title's first letter). Hyphenated and
  slashed words are judged part by part and braced whole (``{Text-to-SQL}``; both
  BibTeX and pybtex keep a braced word with its hyphens), so "Parameter-Efficient"
  stays the style's. A word in braces already, or right after a command (the argument
  of ``\\"`` or ``\\emph``), is left alone. Ordinary capitalised words ("Language",
  "Bose-Einstein", "Lyman") are not braced: a proper noun cannot be told from them,
  and sentence-case styles would lose nothing else. The first letter after a colon is
  the style's too: BibTeX keeps it, pybtex lower-cases it.
- Math is braced whole (``{$\\Lambda$CDM}``, ``{$GL_n$}``) where it holds a capital
  letter, since a style would lower-case ``$X$`` and ``\\Delta``; braces are never put
  inside math. Its commands are rewritten so that only the LaTeX kernel's remain
  (``LATEX_KERNEL_MATH``, and ``LATEX_KERNEL_TEXT`` inside ``\\mbox{...}``):
  ``\\text`` -> ``\\mbox``, ``\\operatorname`` -> ``\\mathrm``, ``\\boldsymbol``/``\\bm``
  -> ``\\mathbf``, ``\\mathbb`` -> ``\\mathbf`` (bold R, the typewritten form of the blackboard
  letter), ``\\mathfrak`` -> ``\\mathrm``, ``\\mathscr`` -> ``\\mathcal``, ``\\tfrac``/``\\dfrac``
  -> ``\\frac``, ``\\overset`` -> ``\\stackrel``, ``\\leqslant`` -> ``\\leq``, ``\\lesssim`` ->
  ``\\stackrel{<}{\\sim}`` and the rest of ``_MATH_REWRITE``; text accents become math
  accents (``\\'e`` -> ``\\acute e``); Unicode symbols become commands (``ν`` -> ``\\nu``,
  ``≤`` -> ``\\leq``), other non-ASCII characters ``\\mbox{é}``. Any other command (a paper's
  own macro, ``\\PGL``) becomes its name upright, ``{\\mathrm{PGL}}``: the document compiles
  and the reader sees the name. Unmatched ``\\left``/``\\right`` are dropped, braces are
  balanced within each span and empty math is left out.
- Outside math, Greek letters and math symbols (which inputenc cannot typeset in text)
  become math (``Hα`` -> ``H$\\alpha$``), a letter with a combining accent that no
  character composes becomes a math accent (``D̅`` -> ``$\\bar{D}$``), a kernel math symbol
  command gets its math (``\\alpha`` -> ``$\\alpha$``) and any other command the kernel
  does not know in text loses its backslash. New math joins the math it touches, so no
  ``$$`` appears. Kernel text commands and accents are kept (``Schr\\"odinger``).

Authors are written "First Last" as arXiv writes them wherever BibTeX and biber/pybtex
both read the family name the input gives (``Paper.family_names``; without it,
``people.family_name``'s): the family name starts at the first word before the last
that is lower-case (for BibTeX, whose first ASCII letter is: "Élodie" and "Zhi-qiang"
read as lower-case). Otherwise the name is written ``Family, Given`` ("Dupré la Tour,
Tom", "García Pérez, Juan Carlos", "Martin, Élodie"), with a suffix ``Family, Jr.,
Given``. A group's name ("ATLAS Collaboration", "The RAIL Team") is braced whole.
Commas inside a name are braced.

TeX commands in other fields are passed through, as arXiv does: the entries are meant
to be pasted into a LaTeX document, which will interpret them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from generator.catalog.people import family_name
from generator.models import Paper

_STOP = set("a an the on of in for to and with via is are do does how what why".split())
_MATH = re.compile(r"(\$[^$]*\$)")
_KEY = re.compile(r"[A-Za-z0-9]+")
# No TeX specials, no control characters: such text needs no work.
_PLAIN = re.compile(r"[^\\{}$&%#_^@\x00-\x1f\x7f-\x9f]*")
_AND = re.compile(r"(?<!\S)(and)(?!\S)", re.IGNORECASE)
# Words that make a name a group's, not a person's ("ATLAS Collaboration", "Gemini Team").
_GROUP = re.compile(
    r"\b(?:collaboration|consortium|team|group|project|collective|initiative|alliance|network|"
    r"committee|association|society|institute|laboratory|inc|ltd|llc|corporation|"
    r"organi[sz]ation|foundation|university|council|survey)\b",
    re.IGNORECASE,
)


def bibtex_key(paper: Paper) -> str:
    """``<first author's surname><year><first significant title word>``, ASCII lowercase.

    Blank author names are skipped. Without a usable surname (no authors, or a name with no ASCII letters or digits)
    the key is ``arxiv`` and the ID's letters and digits (``arxiv231108526``).
    """
    families = paper.family_names or tuple(family_name(a) for a in paper.authors)
    surname = next((_ascii_word(f) for f in families if _ascii_word(f)), "")
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—/]+", _MATH.sub(" ", paper.title))]
    first = next((w for w in words if w and w not in _STOP), "")
    if not surname:
        return "arxiv" + re.sub(r"[^0-9a-z]", "", paper.id.lower())
    return f"{surname}{paper.year or ''}{first}"


def unique_bibtex_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper ID -> a BibTeX key unique in the catalog, whatever the order of ``papers``.

    Every paper whose own ``bibtex_key`` no other paper shares keeps it. Within a group
    sharing a key, the lowest ID (plain string order) keeps the key and the others, in
    ID order, get the first free suffix of ``a``, ``b``, ... ``z``, ``aa``, ``ab``, ...;
    a suffixed key that is some other paper's plain key is skipped.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.id):
        groups[bibtex_key(paper)].append(paper.id)
    taken = set(groups)
    keys: dict[str, str] = {}
    for base in sorted(groups):
        first, *rest = groups[base]
        keys[first] = base
        counter = 0
        for paper_id in rest:
            while True:
                counter += 1
                candidate = base + _letters(counter)
                if candidate not in taken:
                    break
            taken.add(candidate)
            keys[paper_id] = candidate
    return keys


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """The paper as a ``@misc`` entry in arXiv's style; ``key`` defaults to ``bibtex_key(paper)``.

    A given key must be ASCII letters and digits only (``ValueError`` otherwise).
    """
    if key is None:
        key = bibtex_key(paper)
    elif not _KEY.fullmatch(key):
        raise ValueError(f"invalid BibTeX key {key!r}: expected ASCII letters and digits only")
    lines = [f"@misc{{{key},"]
    # A title derived from the abstract is no title: a bibliography would print it as one.
    fields = [] if paper.title_derived else [("title", _value(paper.title, title=True))]
    families = paper.family_names if len(paper.family_names) == len(paper.authors) else (None,) * len(paper.authors)
    authors = [name for name in (_author(a, f) for a, f in zip(paper.authors, families, strict=True)) if name]
    if authors:
        fields.append(("author", " and ".join(authors)))
    if paper.year:
        fields.append(("year", _value(paper.year)))
    fields += [("eprint", _value(paper.id)), ("archivePrefix", "arXiv")]
    if paper.category and _value(paper.category):
        fields.append(("primaryClass", _value(paper.category)))
    fields.append(("url", _value(f"https://arxiv.org/abs/{paper.id}")))
    lines += [f"      {name}={{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def plain_citation(paper: Paper) -> str:
    """The paper as one line of plain text, to paste where no reference manager is:
    ``Zhengxuan Wu, Aryaman Arora, et al. ReFT: Representation Finetuning for Language
    Models. arXiv:2404.03592, 2024.`` Up to three authors are all named ("A and B",
    "A, B, and C"), more are the first two and "et al."; the title is ``plain_title``
    (math in Unicode) and is left out where it was derived from the abstract."""
    names = [" ".join(name.split()) for name in paper.authors if name.strip()]
    if len(names) > 3:
        byline = f"{names[0]}, {names[1]}, et al."
    elif len(names) == 3:
        byline = f"{names[0]}, {names[1]}, and {names[2]}"
    else:
        byline = " and ".join(names)
    parts = [byline] if byline else []
    title = "" if paper.title_derived else _one_line(paper.plain_title)
    if title:
        parts.append(title)
    parts.append(f"arXiv:{paper.id}, {paper.year}" if paper.year else f"arXiv:{paper.id}")
    return " ".join(part if part[-1] in ".?!" else part + "." for part in parts)


def ris_record(paper: Paper, key: str | None = None) -> str:
    """The paper as one RIS record (lines ``XX  - value``, from ``TY  - GEN`` to ``ER  - ``).

    The type is ``GEN`` (generic), as arXiv's BibTeX is ``@misc``: RIS has no type for a
    preprint, Zotero reads both ``GEN`` and an unknown type (such as ``PREPRINT``) as a
    journal article, and stricter readers reject types the specification does not list.
    Fields: ``ID`` the BibTeX key where given, ``AU`` each author as "Last, First"
    (``scholar_name``), ``TI`` the title in plain text (none where it was derived from the
    abstract), ``PY`` the year, ``DA`` the date as ``YYYY/MM/DD/`` (``YYYY/MM//`` for a
    month), ``DO`` the journal DOI where known, ``UR`` the arXiv page, ``DB`` ``arXiv``
    and ``AN`` ``arXiv:<ID>`` (the archive and its accession number: Zotero's "Archive"
    and "Loc. in Archive"). No abstract: pages stay light. Every value is one line.
    """
    families = paper.family_names if len(paper.family_names) == len(paper.authors) else (None,) * len(paper.authors)
    fields: list[tuple[str, str]] = [("TY", "GEN")]
    if key:
        fields.append(("ID", key))
    fields += [("AU", scholar_name(name, family)) for name, family in zip(paper.authors, families, strict=True)]
    if not paper.title_derived:
        fields.append(("TI", paper.plain_title))
    if paper.year:
        fields.append(("PY", paper.year))
        date = (paper.date or "").split("-")
        fields.append(("DA", "/".join([date[0], *(date[1:3] + ["", ""])[:2], ""])))
    if paper.doi:
        fields.append(("DO", paper.doi))
    fields += [("UR", f"https://arxiv.org/abs/{paper.id}"), ("DB", "arXiv"), ("AN", f"arXiv:{paper.id}")]
    lines = [f"{tag}  - {line}" for tag, line in ((tag, _one_line(value)) for tag, value in fields) if line]
    return "\n".join([*lines, "ER  - "])


def scholar_name(name: str, family: str | None) -> str:
    """``name`` as "Last, First", for Google Scholar's ``citation_author``.

    ``family`` is the family name the input gives (``Paper.family_names``); without it
    (``None`` or empty) the family name is the last word with any lower-case particles
    before it (``generator.catalog.people.family_name``). A family name that is not part
    of the name is not trusted either. Words after the family name (a suffix: "Jr.")
    follow the given names: "Martin Luther King Jr." is "King, Martin Luther Jr.". A name
    of one word ("OpenAI"), a group ("ATLAS Collaboration", "The Pile Team") and a name
    the family name covers whole are returned as they are.
    """
    name = " ".join(name.split())
    family = " ".join((family or "").split())
    if " " not in name or _group_name(name):
        return name
    words = name.split()
    parts = family.split()
    start = _find_words(words, parts) if parts else -1
    if start < 0:
        parts = family_name(name).split()
        start = _find_words(words, parts) if parts else -1
    if start < 0:
        return name
    given = words[:start] + words[start + len(parts) :]
    if not given:
        return name
    return f"{' '.join(parts)}, {' '.join(given)}"


def _find_words(words: Sequence[str], parts: Sequence[str]) -> int:
    """Where ``parts`` stands in ``words`` as whole words, the last place if several; -1 if nowhere."""
    for start in range(len(words) - len(parts), -1, -1):
        if list(words[start : start + len(parts)]) == list(parts):
            return start
    return -1


def _group_name(name: str) -> bool:
    """A collaboration, team or organisation rather than a person ("CLEO Collaboration:
    T. K. Pedlar" is a person writing for one)."""
    return ":" not in name and bool(_GROUP.search(name))


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa, ... (bijective base 26)."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _ascii_word(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _author(name: str, family: str | None = None) -> str:
    """One name of the ``author`` field: as written where BibTeX and biber/pybtex both read
    ``family`` as its family name, else ``Family, Given`` (``Family, Jr., Given`` with a
    suffix); a group's name braced whole (see the module's docstring)."""
    name = " ".join(name.split())
    words = name.split()
    if len(words) > 1 and _group_name(name):
        return _braced_name(name)
    parts = (family or "").split()
    start = _find_words(words, parts) if parts else -1
    if start < 0:
        parts = family_name(name).split()
        start = _find_words(words, parts) if parts else -1
    if len(words) < 2 or start < 0:
        return _name_part(name)
    given, suffix = words[:start], words[start + len(parts) :]
    if not given:
        # The family name covers the start: a group ("ATLAS Collaboration" read whole),
        # or a family name and what the input took for a suffix ("Sowmya V").
        return f"{_name_part(' '.join(parts))}, {_name_part(' '.join(suffix))}" if suffix else _braced_name(name)
    escaped = [_name_part(word) for word in words]  # as the parsers will see them: "{and}" has no case
    if not suffix and all(read(escaped) == len(given) for read in (_bibtex_family_start, _pybtex_family_start)):
        return _name_part(name)
    written = [_name_part(" ".join(parts)), _name_part(" ".join(suffix)), _name_part(" ".join(given))]
    return ", ".join(part for part in written if part)


def _name_part(text: str) -> str:
    """A name or part of one, escaped; a free-standing "and" and any comma braced."""
    return _AND.sub(r"{\1}", _value(text, name=True))


def _braced_name(name: str) -> str:
    """A group's name as one unit that no parser splits: ``{ATLAS Collaboration}``."""
    value = _value(name)
    return "{" + value + "}" if value else ""


def _bibtex_family_start(words: Sequence[str]) -> int:
    """Where BibTeX's "First von Last" reading starts the family name: at the first word
    before the last whose first ASCII letter at brace level 0 is lower-case. Letters
    outside ASCII have no case for BibTeX: "Élodie" counts as lower-case ("l"). BibTeX
    also splits words at hyphens: "Zhi-qiang Shen" has the von part "qiang", which starts
    no word (-1)."""
    for index, word in enumerate(words[:-1]):
        pieces = word.split("-")
        if any(_ascii_lower(piece) for piece in pieces):
            return index if _ascii_lower(pieces[0]) else -1
    return len(words) - 1


def _pybtex_family_start(words: Sequence[str]) -> int:
    """The same reading with Unicode case, as pybtex and biber do it."""
    return _family_start(words, _unicode_lower)


def _family_start(words: Sequence[str], lower: Callable[[str], bool]) -> int:
    return next((index for index, word in enumerate(words[:-1]) if lower(word)), len(words) - 1)


def _ascii_lower(word: str) -> bool:
    depth = 0
    for char in word:
        if char in "{}":
            depth += 1 if char == "{" else -1
        elif depth == 0 and char.isascii() and char.isalpha():
            return char.islower()
    return False


def _unicode_lower(word: str) -> bool:
    if word[:1].isupper():
        return False
    if word[:1].islower():
        return True
    depth = 0
    for char in word:
        if char in "{}":
            depth += 1 if char == "{" else -1
        elif depth == 0 and char.isalpha():
            return char.islower()
    return False


def _value(text: str, title: bool = False, name: bool = False) -> str:
    """Text safe inside a BibTeX ``{...}`` value (see the module's docstring); a ``title``
    also gets its capitals protected and its math rewritten for the LaTeX kernel, a
    ``name`` its commas braced (a comma would make "Last, First" of it)."""
    if not title and _PLAIN.fullmatch(text) and text == " ".join(text.split()) and not (name and "," in text):
        return text  # the common case: nothing to escape, balance or collapse
    if title:
        text = unicodedata.normalize("NFC", text)
    tokens = _tokens(_one_line(text))
    tokens = _balanced(tokens)
    if title:
        tokens = _balanced(_title_tokens(tokens))  # a brace whose partner was inside math
    if name:
        tokens = [t for token in tokens for t in (["{", ",", "}"] if token == "," else [token])]
    while tokens and (tokens[-1].isspace() or tokens[-1] in ("\\\\", "\\ ")):
        tokens.pop()
    while tokens and tokens[0].isspace():
        tokens.pop(0)
    # Right to left, so that each ``@`` is judged by what finally follows it.
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in ("@", "\\@") and _starts_entry(tokens, index + 1):
            tokens[index] = "{" + tokens[index] + "}"
    out: list[str] = []
    for token in tokens:
        if token == " " and out and out[-1] == " ":
            continue  # where a dropped brace stood between two spaces
        if out and out[-1] == "\\\\" and token[0] in "{}":
            out.append(" ")
        out.append(token)
    return "".join(out)


def _starts_entry(tokens: Sequence[str], start: int) -> bool:
    """True if ``tokens[start:]`` reads as ``misc{`` or ``misc (``: after an ``@``, an entry's start."""
    index = start
    while index < len(tokens) and re.fullmatch(r"\w", tokens[index]):
        index += 1
    while index < len(tokens) and tokens[index] == " ":
        index += 1
    return index < len(tokens) and tokens[index][0] in "{("


# Control characters that are not whitespace (whitespace ones become spaces).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, other control characters dropped."""
    return _SPACES.sub(" ", _CONTROL_CHARS.sub("", text)).strip()


def _tokens(text: str) -> list[str]:
    """TeX tokens, specials escaped: control sequences whole, everything else a character."""
    math = _math_delimiters(text)
    tokens: list[str] = []
    in_math = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 == len(text):
                break  # a trailing backslash would escape the closing brace
            match = re.match(r"\\[A-Za-z]+", text[i:])
            token = match.group(0) if match else text[i : i + 2]
            tokens.append(token)
            i += len(token)
            continue
        if char == "$":
            width = 2 if text.startswith("$$", i) else 1
            if i in math:
                tokens.append(text[i : i + width])
                in_math = not in_math
            else:
                tokens.append("\\$" * width)
            i += width
            continue
        if char in "&%#":
            tokens.append("\\" + char)
        elif char == "_" and not in_math:
            tokens.append("\\_")
        elif char == "^" and not in_math:
            tokens.append("\\^{}")
        else:
            tokens.append(char)
        i += 1
    return tokens


def _math_delimiters(text: str) -> set[int]:
    """Positions of the ``$``/``$$`` that open or close math; an unpaired one is left out."""
    delimiters: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "$":
            width = 2 if text.startswith("$$", i) else 1
            delimiters.append((i, text[i : i + width]))
            i += width
        else:
            i += 1
    paired: set[int] = set()
    opened: tuple[int, str] | None = None
    for position, kind in delimiters:
        if opened is None:
            opened = (position, kind)
        elif kind == opened[1]:
            paired.update((opened[0], position))
            opened = None
    return paired


def _balanced(tokens: Sequence[str]) -> list[str]:
    """Drop unmatched braces: plain ones and escaped ones (``\\{``, ``\\}``) each balanced."""
    dropped: set[int] = set()
    for opening, closing in (("{", "}"), ("\\{", "\\}")):
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token == opening:
                stack.append(index)
            elif token == closing:
                if stack:
                    stack.pop()
                else:
                    dropped.add(index)
        dropped.update(stack)
    return [token for index, token in enumerate(tokens) if index not in dropped]


# --- Titles: capitals a style keeps, math a plain LaTeX document compiles ----------

# Math commands of the LaTeX kernel (latex.ltx, fontmath.ltx) and of the standard
# classes (\rm, \bf, \cal, ...): what \documentclass{article} compiles with no package.
LATEX_KERNEL_MATH = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
    xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    aleph hbar imath jmath ell wp Re Im partial infty prime emptyset nabla surd top bot angle
    triangle forall exists neg lnot flat natural sharp clubsuit diamondsuit heartsuit spadesuit
    backslash sum prod coprod int oint bigcap bigcup bigsqcup bigvee bigwedge bigodot bigotimes
    bigoplus biguplus smallint pm mp setminus cdot times ast star diamond circ bullet div cap cup
    uplus sqcap sqcup triangleleft triangleright wr bigcirc bigtriangleup bigtriangledown vee lor
    wedge land oplus ominus otimes oslash odot dagger ddagger amalg leq le geq ge equiv models
    prec succ sim perp preceq succeq simeq mid ll gg asymp parallel subset supset approx bowtie
    subseteq supseteq cong neq ne smile sqsubseteq sqsupseteq doteq frown in ni notin owns propto
    vdash dashv not leftarrow gets rightarrow to longleftarrow longrightarrow Leftarrow Rightarrow
    Longleftarrow Longrightarrow leftrightarrow Leftrightarrow longleftrightarrow
    Longleftrightarrow mapsto longmapsto hookleftarrow hookrightarrow leftharpoonup
    leftharpoondown rightharpoonup rightharpoondown rightleftharpoons iff uparrow downarrow
    updownarrow Uparrow Downarrow Updownarrow nearrow searrow swarrow nwarrow lbrace rbrace
    langle rangle lfloor rfloor lceil rceil vert Vert lbrack rbrack left right big Big bigg Bigg
    bigl bigr Bigl Bigr biggl biggr Biggl Biggr arccos arcsin arctan arg cos cosh cot coth csc
    deg det dim exp gcd hom inf ker lg lim liminf limsup ln log max min Pr sec sin sinh sup tan
    tanh bmod pmod hat check breve acute grave tilde bar vec dot ddot mathring widehat widetilde
    overline underline overbrace underbrace frac sqrt over atop stackrel mathrm mathbf mathit
    mathsf mathtt mathcal mathnormal rm bf it sf tt cal ldots cdots vdots ddots dots quad qquad
    displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits mathop mathbin mathrel
    mathord phantom hphantom vphantom smash mbox textrm textbf textit textsf texttt textsl textsc
    textup textnormal emph
    """.split()
) | frozenset(("\\,", "\\;", "\\:", "\\!", "\\>", "\\ ", "\\{", "\\}", "\\|", "\\&", "\\%", "\\#", "\\_", "\\$"))
# Inside a text argument in math (\mbox{...}): the kernel's text commands and accents.
LATEX_KERNEL_TEXT = frozenset(
    """
    i j o O l L ss ae AE oe OE aa AA u v H c d b t r textrm textbf textit textsf texttt textsl
    textsc textup textnormal emph mbox rm bf it sf tt sc sl em ldots dots TeX LaTeX underline
    textsuperscript textsubscript S P dag ddag copyright pounds textbackslash textasciitilde
    textasciicircum textendash textemdash textquoteleft textquoteright textquotedblleft
    textquotedblright textregistered texttrademark textbullet textperiodcentered textdollar
    textunderscore textbraceleft textbraceright slash space
    """.split()
) | frozenset(
    ("\\'", '\\"', "\\`", "\\^", "\\~", "\\=", "\\.", "\\ ", "\\,", "\\/", "\\-", "\\&", "\\%", "\\#", "\\_", "\\$",
     "\\{", "\\}")
)
# Math commands of amsmath, amssymb and friends that have a kernel stand-in.
_MATH_REWRITE = {
    "text": ["\\mbox"],
    "operatorname": ["\\mathrm"],
    "boldsymbol": ["\\mathbf"],
    "bm": ["\\mathbf"],
    "pmb": ["\\mathbf"],
    "mathbb": ["\\mathbf"],
    "Bbb": ["\\mathbf"],
    "mathbbm": ["\\mathbf"],
    "mathds": ["\\mathbf"],
    "mathfrak": ["\\mathrm"],
    "mathscr": ["\\mathcal"],
    "tfrac": ["\\frac"],
    "dfrac": ["\\frac"],
    "cfrac": ["\\frac"],
    "overset": ["\\stackrel"],
    "leqslant": ["\\leq"],
    "geqslant": ["\\geq"],
    "lesssim": ["\\stackrel", "{", "<", "}", "{", "\\sim", "}"],
    "gtrsim": ["\\stackrel", "{", ">", "}", "{", "\\sim", "}"],
    "varnothing": ["\\emptyset"],
    "implies": ["\\Longrightarrow"],
    "impliedby": ["\\Longleftarrow"],
    "mod": ["\\bmod"],
    "lt": ["<"],
    "gt": [">"],
    "coloneqq": [":", "="],
    "dotsc": ["\\ldots"],
    "dotso": ["\\ldots"],
    "dotsb": ["\\cdots"],
    "dotsm": ["\\cdots"],
    "dotsi": ["\\cdots"],
}
# Text accents are errors in math: the math accent of the same shape.
_MATH_ACCENTS = {"\\'": "\\acute", '\\"': "\\ddot", "\\`": "\\grave", "\\^": "\\hat", "\\~": "\\tilde",
                 "\\=": "\\bar", "\\.": "\\dot"}
_MATH_REWRITE.update({"u": ["\\breve"], "v": ["\\check"], "r": ["\\mathring"]})
# Unicode in math, which inputenc cannot typeset there: the kernel's command.
_UNICODE_NAMES = {
    **dict(zip("αβγδεζηθικλμνξπρστυφχψω", (
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon "
        "varphi chi psi omega").split(), strict=True)),
    **dict(zip("ΓΔΘΛΞΠΣΥΦΨΩ", "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(), strict=True)),
    "ϵ": "epsilon", "ϑ": "vartheta", "ϕ": "phi", "ς": "varsigma", "ϱ": "varrho", "ϖ": "varpi", "µ": "mu",
    "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx", "∼": "sim", "≃": "simeq", "≡": "equiv", "≅": "cong",
    "∝": "propto", "×": "times", "·": "cdot", "⋅": "cdot", "±": "pm", "∓": "mp", "÷": "div", "∞": "infty",
    "→": "to", "←": "leftarrow", "↔": "leftrightarrow", "⇒": "Rightarrow", "⇐": "Leftarrow",
    "⇔": "Leftrightarrow", "↦": "mapsto", "∈": "in", "∉": "notin", "∋": "ni", "⊂": "subset", "⊃": "supset",
    "⊆": "subseteq", "⊇": "supseteq", "∪": "cup", "∩": "cap", "∂": "partial", "∇": "nabla", "∑": "sum",
    "∏": "prod", "∫": "int", "∮": "oint", "√": "surd", "ℓ": "ell", "ℏ": "hbar", "⊗": "otimes", "⊕": "oplus",
    "∘": "circ", "⟨": "langle", "⟩": "rangle", "∀": "forall", "∃": "exists", "∅": "emptyset", "¬": "neg",
    "∧": "wedge", "∨": "vee", "≪": "ll", "≫": "gg", "⊥": "perp", "∥": "parallel", "∣": "mid", "†": "dagger",
    "‡": "ddagger", "…": "ldots", "⋯": "cdots", "∗": "ast", "⋆": "star", "∖": "setminus", "ℜ": "Re",
    "ℑ": "Im", "ℵ": "aleph",
}
_UNICODE_MATH: dict[str, list[str]] = {
    **{char: ["\\" + name] for char, name in _UNICODE_NAMES.items()},
    # Capital Greek letters that look Latin are Latin letters in TeX.
    **{char: [latin] for char, latin in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)},
    "−": ["-"], "–": ["-"], "′": ["'"], "″": ["'", "'"], "°": ["^", "\\circ"],
    "≲": _MATH_REWRITE["lesssim"], "≳": _MATH_REWRITE["gtrsim"],
    **{char: ["\\mathbf", "{", letter, "}"] for char, letter in zip("ℝℂℕℤℚℙ", "RCNZQP", strict=True)},
    **{char: ["^", "{", plain, "}"] for char, plain in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱ", "0123456789+-ni", strict=True)},
    **{char: ["_", "{", plain, "}"] for char, plain in zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-", strict=True)},
}
# Combining accents as math accents; characters text mode typesets as they are.
_COMBINING_MATH = {
    "\u0305": "\\bar", "\u0304": "\\bar", "\u0303": "\\tilde", "\u0302": "\\hat", "\u0307": "\\dot", "\u0308": "\\ddot",
    "\u0301": "\\acute", "\u0300": "\\grave", "\u030c": "\\check", "\u0306": "\\breve", "\u20d7": "\\vec",
}
_TEXT_SAFE = frozenset("–…")
# Escaped specials and control symbols that take no argument: a word may follow them.
_NO_ARGUMENT = frozenset(("\\&", "\\%", "\\#", "\\_", "\\$", "\\{", "\\}", "\\\\", "\\ ", "\\,", "\\;", "\\!", "\\/"))
# Between two pieces of a word: GPT-4, I/O, U.S, JWST's, R\&D.
_JOINERS = frozenset(("-", "/", ".", "'", "’", "\\&"))
_PART_BREAKS = frozenset(("-", "/"))
# Kernel math commands that take an argument: outside math, where they are errors, they
# cannot simply be put in math on their own.
_MATH_ARGUMENTS = frozenset(
    """
    frac sqrt stackrel mathrm mathbf mathit mathsf mathtt mathcal mathnormal hat check breve acute
    grave tilde bar vec dot ddot mathring widehat widetilde overline underline overbrace underbrace
    phantom hphantom vphantom smash pmod left right big Big bigg Bigg bigl bigr Bigl Bigr biggl
    biggr Biggl Biggr mathop mathbin mathrel mathord not over atop
    """.split()
)
_CONTROL = re.compile(r"\\(?:[A-Za-z]+|.)")
_CONTROL_OR_CHAR = re.compile(r"\\(?:[A-Za-z]+|.)|.")
_TEXT_COMMANDS = frozenset("mbox textrm textbf textit textsf texttt textsl textsc textup textnormal emph".split())


def _title_tokens(tokens: list[str]) -> list[str]:
    """A title's tokens with math rewritten for the kernel and capitals protected by braces."""
    units: list[list[str]] = []  # a token, or a whole math span with its delimiters
    math: list[str] | None = None
    for token in _text_symbols(tokens):
        if token in ("$", "$$"):
            if math is None:
                math = [token]
                continue
            math.append(token)
            # Braces balanced within the span (TeX cannot close a group across "$"), and
            # empty math left out ("$$" would open display math).
            inner = _kernel_math(_balanced(math[1:-1]))
            if any(not t.isspace() for t in inner):
                units.append([math[0], *inner, token])
            elif inner:
                units.append([" "])
            math = None
        elif math is not None:
            math.append(token)
        else:
            units.append([token])
    if math is not None:  # cannot happen: _tokens pairs every delimiter it keeps
        units.extend([t] for t in math)

    out: list[str] = []
    depth = 0
    first_word = True
    index = 0
    while index < len(units):
        unit = units[index]
        token = unit[0]
        if depth == 0 and _core(unit) and not (index and _takes_argument(units[index - 1])):
            end = index + 1
            while end < len(units):
                if _core(units[end]):
                    end += 1
                elif units[end][0] in _JOINERS and len(units[end]) == 1 and end + 1 < len(units) and _core(
                    units[end + 1]
                ):
                    end += 2
                else:
                    break
            word = units[index:end]
            alone = (index == 0 or units[index - 1] == [" "]) and (end == len(units) or units[end] == [" "])
            if _needs_braces(word, first_word, article=alone and word == [["A"]]):
                out += ["{", *(t for u in word for t in u), "}"]
            else:
                for piece in word:
                    out += _protected_math(piece)
            first_word = False
            index = end
            continue
        if len(unit) > 1:
            out += _protected_math(unit) if depth == 0 else unit
            depth += unit.count("{") - unit.count("}")  # a hostile title's braces may cross a "$"
        else:
            depth += {"{": 1, "}": -1}.get(token, 0)
            out.append(token)
        if not token.isspace():
            first_word = False
        index += 1
    return out


def _text_symbols(tokens: list[str]) -> list[str]:
    """Greek letters and math symbols outside math (inputenc cannot typeset them in text) as
    math: ``Hα`` -> ``H$\\alpha$``; a letter with a combining accent no character composes
    (``D̅``) as a math accent, ``$\\bar{D}$``; any other combining accent is dropped. A new
    math span joins one it touches, so that no ``$$`` appears."""
    out: list[str] = []
    in_math = False
    closed = -1  # len(out) just after the last "$" that closed math

    def emit(piece: list[str]) -> None:
        nonlocal closed
        if out and closed == len(out):
            out.pop()  # "...$" + "$piece$" -> "...piece$"
            out.extend([*piece, "$"])
        else:
            # After display math's "$$", an empty group keeps "$$$" from being read.
            out.extend([*(["{", "}"] if out and out[-1] == "$$" else []), "$", *piece, "$"])
        closed = len(out)

    for token in tokens:
        if token in ("$", "$$"):
            if in_math:
                out.append(token)
                closed = len(out) if token == "$" else -1
            elif token == "$" and out and closed == len(out):
                out.pop()  # a span made here, then the title's own math: one span
            else:
                out.append(token)
                closed = -1
            in_math = not in_math
        elif in_math:
            out.append(token)
        elif _CONTROL.fullmatch(token):  # not the escapes _tokens makes of several: \\^{}, \\$\\$
            name = token[1:]
            if token in LATEX_KERNEL_TEXT or name in LATEX_KERNEL_TEXT or token == "\\\\":
                out.append(token)
            elif name.isalpha() and (name in LATEX_KERNEL_MATH or name in _MATH_REWRITE) and not (
                name in _MATH_ARGUMENTS or _MATH_REWRITE.get(name, [""])[0][1:] in _MATH_ARGUMENTS | _TEXT_COMMANDS
            ):
                emit([token])  # \alpha outside math: math
            else:
                out.extend(name)  # a command LaTeX does not know in text: its name as text
        elif len(token) != 1 or token.isascii() or token in _TEXT_SAFE:
            out.append(token)
        elif unicodedata.category(token) == "Mn":
            if token in _COMBINING_MATH and out and len(out[-1]) == 1 and out[-1].isascii() and out[-1].isalpha():
                emit([_COMBINING_MATH[token], "{", out.pop(), "}"])
        elif token in _UNICODE_MATH:
            emit(list(_UNICODE_MATH[token]))
        else:
            out.append(token)
    return out


def _core(unit: list[str]) -> bool:
    """A piece of a word: a letter or digit, or a math span."""
    return len(unit) > 1 or (len(unit[0]) == 1 and unit[0].isalnum())


def _takes_argument(unit: list[str]) -> bool:
    """A control word or accent just before: a word there may be its argument."""
    return len(unit) == 1 and unit[0].startswith("\\") and unit[0] not in _NO_ARGUMENT


def _needs_braces(word: list[list[str]], first: bool, article: bool) -> bool:
    """True if a style's lower-casing would lose a capital the word's meaning needs.
    ``first``: the title's first word, whose first letter styles keep; ``article``: the
    word "A" standing alone."""
    parts: list[list[list[str]]] = [[]]
    for unit in word:
        if len(unit) == 1 and unit[0] in _PART_BREAKS:
            parts.append([])
        else:
            parts[-1].append(unit)
    head = word[0]
    if first and (len(head) > 1 or head[0].islower()):
        return True  # d-wave, $p$-adic: pybtex would capitalise it (BibTeX keeps a title's first letter)
    for number, part in enumerate(parts):
        letters = [(position, u[0]) for position, u in enumerate(part) if len(u) == 1 and u[0].isalpha()]
        upper = [position for position, char in letters if char.isupper()]
        if any(position > 0 for position in upper):
            return True  # GLiNER, LLM, iPhone, U.S, JWST's
        others = any(len(u) > 1 or u[0].isdigit() for u in part)
        if upper and others:
            return True  # GPT-4's "4" aside: T5, 3D, Llama2, F$_1$
        if len(part) == 1 and upper and not (first and number == 0) and not article:
            return True  # X-ray, W boson, Type I, I-V, (A)dS
    return False


def _protected_math(unit: list[str]) -> list[str]:
    """A math span at the top level, braced if a style could lower-case a letter in it."""
    if len(unit) > 1 and any(c.isascii() and c.isupper() for token in unit for c in token):
        return ["{", *unit, "}"]
    return unit


def _kernel_math(tokens: list[str]) -> list[str]:
    """Math tokens with only commands the LaTeX kernel defines (see the module's docstring)."""
    out: list[str] = []
    text_depths: list[int] = []  # depths at which a text argument (\\mbox{...}) closes
    depth = 0
    text_next = False
    # The escapes _tokens makes of several characters (\\$\\$ for "$$"), one token each.
    tokens = [t for token in tokens for t in (_CONTROL_OR_CHAR.findall(token) if len(token) > 2 else [token])]
    unbalanced = tokens.count("\\left") != tokens.count("\\right")
    previous = ""
    for token in tokens:
        if token == "{":
            depth += 1
            if text_next:
                text_depths.append(depth)
            text_next = False
            out.append(token)
        elif token == "}":
            if text_depths and text_depths[-1] == depth:
                text_depths.pop()
            depth -= 1
            out.append(token)
        elif token.isspace():
            out.append(token)
        elif text_depths:
            text_next = False
            out += _kernel_text(token)
        else:
            text_next = False
            name = token[1:]
            if token == "*" and previous[1:] in _MATH_REWRITE:
                continue  # \operatorname*
            if token.startswith("\\") and name.isalpha():
                if name in ("left", "right") and unbalanced:
                    replaced: list[str] = []
                elif name in _MATH_REWRITE:
                    replaced = _MATH_REWRITE[name]
                elif name in LATEX_KERNEL_MATH:
                    replaced = [token]
                else:
                    replaced = ["{", "\\mathrm", "{", *name, "}", "}"]  # a paper's own macro: its name
                out += replaced
                text_next = bool(replaced) and replaced[0][1:] in _TEXT_COMMANDS
            elif token.startswith("\\"):
                if token in LATEX_KERNEL_MATH:
                    out.append(token)
                elif token in _MATH_ACCENTS:
                    out.append(_MATH_ACCENTS[token])
                elif token == "\\\\":
                    out.append(" ")
                else:
                    out += _math_char(name)
            else:
                out += _math_char(token)
        previous = token
    return _spaced(out)


def _math_char(char: str) -> list[str]:
    if char in _UNICODE_MATH:
        return _UNICODE_MATH[char]
    if char.isascii():
        return [char] if char.isprintable() else []
    if unicodedata.category(char) == "Mn":
        return []  # a combining accent has nothing to sit on in math
    return ["\\mbox", "{", char, "}"]


def _kernel_text(token: str) -> list[str]:
    """A token inside a text argument in math: kernel commands kept, others' names as text."""
    if not token.startswith("\\") or token in LATEX_KERNEL_TEXT or token[1:] in LATEX_KERNEL_TEXT:
        return [token]
    if token == "\\\\":
        return [" "]
    return list(token[1:])


def _spaced(tokens: list[str]) -> list[str]:
    """A space between a control word and a letter after it, where replacing made them meet."""
    out: list[str] = []
    for token in tokens:
        if out and re.fullmatch(r"\\[A-Za-z]+", out[-1]) and token[:1].isascii() and token[:1].isalpha():
            out.append(" ")
        out.append(token)
    return out
