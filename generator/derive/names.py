"""Coined names: the methods, models and datasets a paper introduces.

Rules, in order of trust (each is a pattern an author uses to name a thing):

1. the title's lead-in before a colon, when it is a name (``GLiNER: Generalist ...``);
2. a name in bold in the abstract (``**Representation Finetuning (ReFT)**``);
3. ``called / named / dubbed / termed 'X'`` and ``our model, X,`` (an unquoted X only
   if it has the shape of a coinage: not ``named centroid``);
4. in a sentence where the authors introduce something (``we introduce / propose /
   present / define ...``): a name with the shape of a coinage (inner capitals or digits,
   as in ``LoReFT``, ``S3Eval``, ``TRACE``) and a defined acronym (``Rephrase and Respond (RaR)``).

Generic acronyms of the field (LLM, NLP, ...) are never names, nor are acronyms the
abstract defines before the authors introduce anything (``Low-rank adaptation (LoRA) is
a popular method ...``).
"""

from __future__ import annotations

import functools
import re

from generator.catalog.words import zipf

GENERIC = frozenset(
    """
    AI AGI API APIs ASR BERT CNN CNNs CPU CPUs CV DL DNN DNNs GAN GANs GNN GNNs GPT GPU GPUs
    HTML IR LLM LLMs LM LMs ML MLP MLPs MT NER NLG NLI NLP NLU PDF QA RAM RL RNN RNNs SOTA
    SQL TPU TPUs URL VLM VLMs VQA II III IV
    """.split()
)
_NAME_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_NAME_TOKEN_RE = re.compile(_NAME_TOKEN)
# Looks coined: a capital after the first letter, or a letter-digit mix (GLiNER, S3Eval, TRACE).
_COINED = re.compile(r"^(?=.*[A-Za-z])(?:[A-Za-z]*[a-z][A-Za-z]*[A-Z0-9]|[A-Z][A-Z0-9]+|[A-Za-z]+\d[A-Za-z0-9]*)")
_BOLD = re.compile(r"\*\*([^*]{2,80})\*\*")
# Searched only in abstracts with one of these words: most have none.
_CALLED_WORDS = ("called", "named", "dubbed", "termed", "coined")
_CALLED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined)\s+(?:as\s+)?\**"
    r"(?:['‘\"“]([^'’\"”]{2,60})['’\"”]|(" + _NAME_TOKEN + r"))"
)
# "our" comes first and the word boundary before it is a lookbehind after it: the regex
# engine finds a literal start quickly, whereas a leading \b is tried at every position.
_OUR = re.compile(
    r"our(?<!\wour) (?:model|method|approach|framework|system|benchmark|dataset|algorithm|library|tool|agent),?\s+("
    + _NAME_TOKEN
    + r")"
)
_INTRO = re.compile(
    r"\b(?:we|this (?:paper|work|report))\b[^.]*?\b(?:introduc|present|propos|develop|releas|build|design|creat"
    r"|construct|curat|call|defin)(?:e|es|ed|s|ing)?\b",
    re.IGNORECASE,
)
# What an _INTRO match needs, in lowercase: a subject and a verb stem (a quick test first).
_INTRO_SUBJECTS = ("we", "this ")
_INTRO_STEMS = tuple("introduc present propos develop releas build design creat construct curat call defin".split())
_ACRONYM_DEF = re.compile(
    r"((?:[A-Z0-9][\w-]*(?:\s+(?:and|of|for|the|to|with|in|on|-)?\s*)?){1,8})['’\"”]?\s*\(([A-Za-z][A-Za-z0-9-]{1,15})\)"
)
# White space after '.', '!' or '?'; the space comes first so that the regex engine scans
# for it quickly (a leading lookbehind is tried at every position).
_SENTENCES = re.compile(r"\s(?<=[.!?]\s)\s*")
# Where the phrase a verb introduces ends: a colon, semicolon or a new clause.
_INTRODUCED_PHRASE = re.compile(r"[:;]|,\s*(?:which|that|where|while|and we|but)\b|\s(?:which|that)\s")
INTRO_WINDOW = 14
# "Low-Rank Adaptation, or LoRA," names one thing twice.
_OR_ALIAS = re.compile(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}),?\s+or\s+([A-Za-z]*[A-Z][A-Za-z0-9-]*)")
# A hyphenated coinage with a small word inside: Chain-of-Thought, Tree-of-Thoughts.
# "our Retrieval-Enhanced Transformer (RETRO)": a defined acronym the authors own (literal first, as _OUR).
_OUR_ACRONYM = re.compile(r"our(?<!\wour)\s+((?:[A-Z0-9][\w-]*\s+){0,5}[A-Z][\w-]*)\s*\(([A-Za-z][A-Za-z0-9-]{1,15})\)")
_NOT_A_NAME = re.compile(r"[$\\?]|\b(?:vs|versus|how|why|what|when|can|does|is)\b", re.IGNORECASE)


def coined_names(title: str, abstract: str) -> list[str]:
    """Names the paper itself introduces, most certain first, without repeats."""
    found = _title_names(title) + list(_abstract_names(abstract))
    unique: dict[str, None] = {}
    for name in found:
        name = name.strip(" ,.;:'\"‘’“”")
        if name and name not in GENERIC and name.rstrip("s") not in GENERIC:
            unique.setdefault(name, None)
    return list(unique)


# Remembered: a paper without a title is named from its abstract when it is enriched, and
# the same abstract is read again when mentions are found. Bounded, and emptied by
# ``forget_names`` once a catalog is done.
@functools.lru_cache(maxsize=1 << 16)
def _abstract_names(abstract: str) -> tuple[str, ...]:
    """The names found in the abstract, in order of the rules, with repeats."""
    found: list[str] = []
    bare: set[str] = set()  # unquoted names after "called", "coined": checked against the field's terms below
    for match in _BOLD.finditer(abstract):
        # Bold marks a name ("**Representation Finetuning (ReFT)**"), or mere emphasis ("**code**").
        bold = match.group(1).strip()
        if bold[:1].isupper() or _looks_coined(bold.split()[0]):
            found.append(_strip_acronym(bold))
            found.extend(_acronyms(bold))
    if any(word in abstract for word in _CALLED_WORDS):
        for match in _CALLED.finditer(abstract):
            # "named 'Rephrase and Respond'", "dubbed DotaMath"; not "named centroid" or "called Alpaca"
            # (a quoted phrase is a name; a bare word only if it has the shape of a coinage).
            if match.group(1):
                found.append(match.group(1))
            elif _looks_coined(match.group(2)):
                found.append(match.group(2))
                bare.add(match.group(2))
    for match in _OUR.finditer(abstract):
        if _looks_coined(match.group(1)):
            found.append(match.group(1))
    for long_form, acronym in _OUR_ACRONYM.findall(abstract):
        if spells_acronym(long_form, acronym):
            found += [acronym, long_form]
    # Acronyms defined before the authors introduce anything are the field's terms, not
    # coinages ("Low-rank adaptation (LoRA) is a popular ... method. We propose MoRA").
    prior: set[str] = set()
    introduced = False
    for sentence in _SENTENCES.split(abstract):
        intro = _intro(sentence)
        if not intro:
            if not introduced:
                prior.update(_defined_acronyms(sentence))
            continue
        introduced = True
        # Only what a verb introduces: the phrase right after it, up to a clause break;
        # a later clause may introduce again ("we propose X, which we call Y (Z)").
        phrases = []
        while intro:
            phrase = _INTRODUCED_PHRASE.split(sentence[intro.end() :], maxsplit=1)[0]
            phrases.append(" ".join(phrase.split()[:INTRO_WINDOW]))
            intro = _INTRO.search(sentence, intro.end())
        for rest in phrases:
            found += _introduced_names(rest, prior)
    # "coined DTQWs" is a coined walk, not a coinage, when the abstract has defined the
    # acronym as a term before: "quantum walks (DTQWs and CTQWs)".
    return tuple(name for name in found if not (name in bare and name in prior))


def _introduced_names(rest: str, prior: set[str]) -> list[str]:
    """The names of one phrase that a verb introduces (``_abstract_names``, rule 4)."""
    found: list[str] = []
    for long_form, acronym in _ACRONYM_DEF.findall(rest) if "(" in rest else ():
        if acronym in prior or not (matches_initials(long_form, acronym) or spells_acronym(long_form, acronym)):
            continue
        if _PLURAL_ACRONYM.fullmatch(acronym):
            continue  # "Luminous Red Galaxies (LRGs)": a kind of thing, not a coinage
        found.append(acronym)
        # "Branch-Solve-Merge (BSM)": the long form is a name too, when it is one.
        long_name = _long_form_name(long_form)
        if long_name and acronym not in GENERIC and acronym.rstrip("s") not in GENERIC:
            found.append(long_name)
    head = _HEAD_DEFINITION.match(rest) if "(" in rest else None
    if (
        head
        and head.group(2) not in prior
        and not _PLURAL_ACRONYM.fullmatch(head.group(2))
        and _initials(head.group(1)) == head.group(2).lower()
    ):
        # "which we call proximal policy optimization (PPO)": the acronym the authors introduce
        found.append(head.group(2))
    for long_form, short in _OR_ALIAS.findall(rest):
        found += [short, long_form]
    expansions = _expansion_words(rest)
    for match in _NAME_TOKEN_RE.finditer(rest):
        token = match.group(0)
        if token in prior or token in expansions or not _looks_coined(token):
            continue
        if _introduced(token, rest, match.start(), match.end()):
            found.append(token)
    return found


def _introduced(token: str, phrase: str, start: int, end: int) -> bool:
    """Whether a coined-looking token in the phrase a verb introduces is the thing
    introduced, not a term or tool the phrase mentions ("we compare word2vec, fastText
    and BERT", "we propose an EEG-based model").

    It must be the phrase's head, right after the verb and set off (``we introduce
    TRACE, a benchmark``, ``we propose LUT-NN, the first system``), or stand in
    apposition (``..., S3Eval, a synthetic suite``). Never a chemical formula (``SiC``,
    ``MgB2``), a word with stray capitals from an acronym's expansion (``PrOmpt``,
    ``theSE``) or a compound such as ``EEG-based``."""
    if _FORMULA.fullmatch(token) or _DESCRIPTIVE_COMPOUND.search(token):
        return False
    if not _mixed_coinage(token) and not re.sub(r"[^A-Za-z]", "", token).isupper():
        return False
    before = phrase[:start].split()
    head = len([w for w in before if w.lower() not in _INTRO_FILLERS]) == 0
    set_off = re.match(r"\s*(?:[,:(—–]|$|which\b|that\b)", phrase[end:])
    # "X, a ...": a name and what it is, wherever it stands
    apposition = re.match(r",\s+(?:a|an|the|our)\s", phrase[end:])
    return bool(head and set_off) or bool(apposition)


def _mixed_coinage(token: str) -> bool:
    """``GLiNER``, ``LoRA``, ``S3Eval``, ``DotaMath``: capitals inside that no English
    word has. Not a word with stray capitals (``PrOmpt``, ``theSE``, ``lEarning``)."""
    head = token.split("-")[0]
    if re.search(r"\d", head) and re.search(r"[A-Za-z]", head):
        return True
    if zipf(head.lower()) >= 3.0 and not head[1:].islower():
        return False  # a common word written with odd capitals
    return bool(re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", head))


def _initials(long_form: str) -> str:
    """The first letters of a long form's words, small words left out, in lower case."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w and w.lower() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).lower()


def _expansion_words(phrase: str) -> set[str]:
    """Words of the long forms of the acronyms the phrase defines: "PrOmpt cLass lEarning
    (PROCLE)" capitalises letters of ordinary words to spell the acronym."""
    words: set[str] = set()
    for match in _PARENTHESIZED.finditer(phrase):
        words.update(_NAME_TOKEN_RE.findall(phrase[: match.start()])[-8:])
    return words


def forget_names() -> None:
    """Empty the memory of ``coined_names`` (the abstracts it read)."""
    _abstract_names.cache_clear()


def _intro(sentence: str) -> re.Match[str] | None:
    """Where the authors introduce something in the sentence (``_INTRO``), if they do."""
    if sentence.isascii():
        # Most sentences lack a subject or a verb stem: plain substring tests rule them
        # out quicker than the regex. (Only for ASCII: with IGNORECASE a few other letters
        # match too, such as the Kelvin sign for "k".)
        lowered = sentence.lower()
        if not (any(w in lowered for w in _INTRO_SUBJECTS) and any(w in lowered for w in _INTRO_STEMS)):
            return None
    return _INTRO.search(sentence)


def _title_names(title: str) -> list[str]:
    """The name a title leads with: ``GLiNER: ...``, ``Lookback Lens: ...``,
    ``Stream of Search (SoS): ...``. (A title without a colon names a topic, not a
    coinage, even when it opens with one: "Sim-to-Real Transfer of Robotic Control".)"""
    if ":" not in title:
        return []
    lead = title.split(":", 1)[0].strip()
    if not lead or _NOT_A_NAME.search(lead):
        return []
    # "Stream of Search (SoS)", "ReFT (Representation Finetuning)": a name and its other form.
    parts = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", lead)
    core, inner = (parts.group(1), parts.group(2).strip()) if parts else (lead, "")
    if not _is_title_name(core):
        return []
    return [core] + ([inner] if inner and (_looks_coined(inner) or _is_title_name(inner)) else [])


def _is_title_name(text: str) -> bool:
    words = text.split()
    if len(words) == 1:
        return _looks_coined(words[0]) or "-" in words[0] and words[0][:1].isupper()
    return (
        1 < len(words) <= 5
        and words[0][:1].isupper()
        # "Learning to Search", "Towards Robust ...", "Revisiting X" describe, they do not name.
        and not words[0].lower().endswith("ing")
        and words[0].lower() not in _DESCRIPTIVE_OPENERS
        and words[-1].lower() not in _SMALL_WORDS
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)
    )


@functools.lru_cache(maxsize=1 << 14)  # the same words come back in abstract after abstract
def _looks_coined(token: str) -> bool:
    return bool(_COINED.match(token)) and token not in GENERIC and token.rstrip("s") not in GENERIC


def _strip_acronym(text: str) -> str:
    """``Stream of Search (SoS)`` -> ``Stream of Search``; other parentheses stay."""
    return re.sub(r"\s*\([A-Za-z][A-Za-z0-9-]{1,15}\)\s*$", "", text).strip()


def _acronyms(text: str) -> list[str]:
    return [m for m in re.findall(r"\(([A-Za-z][A-Za-z0-9-]{1,15})\)", text)]


def matches_initials(long_form: str, acronym: str) -> bool:
    """``Rephrase and Respond`` defines ``RaR``; ``Large Language Models`` defines ``LLMs``."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w]
    initials = "".join(w[0] for w in words if w[0].isupper())
    letters = "".join(c for c in acronym if c.isupper())
    return len(letters) >= 2 and initials.endswith(letters) and not set(words) <= {"and", "of"}


def spells_acronym(long_form: str, acronym: str) -> bool:
    """``Retrieval-Enhanced Transformer`` spells ``RETRO``: same first letter, and every
    letter of the acronym found in order in the long form."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    text = re.sub(r"[^a-z]", "", long_form.lower())
    if len(letters) < 2 or not text or text[0] != letters[0]:
        return False
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _long_form_name(long_form: str) -> str | None:
    """The capitalised words right before an acronym, if they read as a name."""
    words = long_form.split()
    while words and (words[0].lower() in _SMALL_WORDS or not words[0][:1].isupper()):
        words = words[1:]
    name = " ".join(words)
    if not name or len(words) > 5 or (len(words) == 1 and "-" not in name):
        return None
    return name if _is_title_name(name) or "-" in name else None


_PARENTHESIZED = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{1,15})\)")
_PARENTHESIZED_LIST = re.compile(r"\([A-Z][A-Za-z0-9-]{1,15}(?:(?:,\s*|,?\s+(?:and|or)\s+)[A-Z][A-Za-z0-9-]{1,15})+\)")
_ACRONYM_IN_LIST = re.compile(r"[A-Z][A-Za-z0-9-]{1,15}")
# The acronym defined at the head of the phrase a verb introduces, its long form in small
# letters: "[we propose] proximal policy optimization (PPO)".
_HEAD_DEFINITION = re.compile(
    r"\s*(?:(?:a|an|the|our|new|novel|simple)\s+)*((?:[a-z][\w-]*\s+){0,6}[a-z][\w-]*)\s*\(([A-Za-z][A-Za-z0-9-]{1,15})\)"
)
# An acronym in the plural names a kind of thing (LRGs, UDGs, SMBHs), not a coinage.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
# Words that may stand between the verb and the name it introduces: "we present a new benchmark, X".
_INTRO_FILLERS = frozenset(
    "a an the our this new novel first simple unified general dataset benchmark framework method model "
    "approach system tool library suite called named dubbed".split()
)
# A compound that describes rather than names: "EEG-based", "LLM-powered", "GPU-accelerated".
_DESCRIPTIVE_COMPOUND = re.compile(
    r"-(?:based|like|aware|driven|guided|free|powered|accelerated|assisted|enabled|specific|level|scale|wise)$"
)
# A chemical formula: element symbols with counts ("MgB2", "SiC", "CuO2", "GaN").
_ELEMENT = (
    r"(?:A[cglmrstu]|B[aehikr]?|C[adeflmnorsu]?|D[bsy]|E[rsu]|F[elmr]?|G[ade]|H[efgos]?|I[nr]?|Kr?|L[airuv]|"
    r"M[cdgnot]|N[abdehiop]?|O[gs]?|P[abdmortu]?|R[abefghnu]|S[bcegimnr]?|T[abcehilms]|U|V|W|Xe|Yb?|Z[nr])"
)
_FORMULA = re.compile(rf"(?=.*(?:[a-z]|\d))(?:{_ELEMENT}\d*){{2,}}")
_DESCRIPTIVE_OPENERS = frozenset("towards toward on beyond rethinking revisiting a an the".split())
_SMALL_WORDS = frozenset("a an and by for in of on the to via with".split())


def _defined_acronyms(sentence: str) -> set[str]:
    """Acronyms the sentence defines, whatever the case of the long form.

    ``Long-context language models (LCLMs)`` defines ``LCLMs``: the initials of the words
    before the parenthesis, small words skipped, end with the acronym's capitals.
    """
    found: set[str] = set()
    if "(" not in sentence:  # most sentences define nothing
        return found
    for match in _PARENTHESIZED.finditer(sentence):
        acronym = match.group(1)
        words = [w for w in re.split(r"[\s-]+", sentence[: match.start()]) if w[:1].isalpha()][-8:]
        initials = "".join(w[0] for w in words if w.lower() not in _SMALL_WORDS).upper()
        letters = "".join(c for c in acronym if c.isupper())
        if len(letters) >= 2 and initials.endswith(letters):
            found.add(acronym)
    # A pair or list of acronyms for a pair of terms: "discrete-time and continuous-time
    # quantum walks (DTQWs and CTQWs)".
    for match in _PARENTHESIZED_LIST.finditer(sentence):
        found.update(_ACRONYM_IN_LIST.findall(match.group(0)))
    # Either number: "(DTQWs)" defined, "a DTQW" is the same term.
    return found | {a[:-1] for a in found if a.endswith("s")} | {a + "s" for a in found if not a.endswith("s")}
