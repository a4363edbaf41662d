"""Coined names: the methods, models and datasets a paper introduces.

Rules, in order of trust (each is a pattern an author uses to name a thing):

1. the title's lead-in before a colon, when it is a name (``GLiNER: Generalist ...``);
2. a name in bold in the abstract (``**Representation Finetuning (ReFT)**``);
3. ``called / named / dubbed / termed X`` and ``our model, X,``;
4. in a sentence where the authors introduce something (``we introduce / propose /
   present ...``): a name with the shape of a coinage (inner capitals or digits, as in
   ``LoReFT``, ``S3Eval``, ``TRACE``) and a defined acronym (``Rephrase and Respond (RaR)``).

Generic acronyms of the field (LLM, NLP, ...) are never names.
"""

from __future__ import annotations

import re

GENERIC = frozenset(
    """
    AI AGI API APIs ASR BERT CNN CNNs CPU CPUs CV DL DNN DNNs GAN GANs GNN GNNs GPT GPU GPUs
    HTML IR LLM LLMs LM LMs ML MLP MLPs MT NER NLG NLI NLP NLU PDF QA RAM RL RNN RNNs SOTA
    SQL TPU TPUs URL VLM VLMs VQA II III IV
    """.split()
)
_NAME_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
# Looks coined: a capital after the first letter, or a letter-digit mix (GLiNER, S3Eval, TRACE).
_COINED = re.compile(r"^(?=.*[A-Za-z])(?:[A-Za-z]*[a-z][A-Za-z]*[A-Z0-9]|[A-Z][A-Z0-9]+|[A-Za-z]+\d[A-Za-z0-9]*)")
_BOLD = re.compile(r"\*\*([^*]{2,80})\*\*")
_CALLED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined)\s+(?:['‘\"“]([^'’\"”]{2,60})['’\"”]|(" + _NAME_TOKEN + r"))"
)
_OUR = re.compile(
    r"\bour (?:model|method|approach|framework|system|benchmark|dataset|algorithm|library|tool|agent),?\s+("
    + _NAME_TOKEN
    + r")"
)
_INTRO = re.compile(r"\b(?:we|this (?:paper|work|report))\b[^.]*?\b(?:introduce|present|propose|develop|release|build|design|create|construct|curate|call)s?\b", re.IGNORECASE)
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w-]*(?:\s+(?:and|of|for|the|to|with|in|on|-)?\s*)?){1,8})\s*\(([A-Za-z][A-Za-z0-9-]{1,15})\)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def coined_names(title: str, abstract: str) -> list[str]:
    """Names the paper itself introduces, most certain first, without repeats."""
    found: list[str] = []
    lead = title.split(":", 1)[0].strip() if ":" in title else ""
    if lead and len(lead.split()) <= 4 and _looks_coined(lead.split()[0]):
        found.append(_strip_acronym(lead))
        found.extend(_acronyms(lead))
    for match in _BOLD.finditer(abstract):
        found.append(_strip_acronym(match.group(1)))
        found.extend(_acronyms(match.group(1)))
    for match in _CALLED.finditer(abstract):
        found.append(match.group(1) or match.group(2))
    for match in _OUR.finditer(abstract):
        if _looks_coined(match.group(1)):
            found.append(match.group(1))
    for sentence in _SENTENCES.split(abstract):
        intro = _INTRO.search(sentence)
        if not intro:
            continue
        rest = sentence[intro.start() :]
        for long_form, acronym in _ACRONYM_DEF.findall(rest):
            if _matches_initials(long_form, acronym):
                found.append(acronym)
        for token in re.findall(_NAME_TOKEN, rest):
            if _looks_coined(token):
                found.append(token)
    unique: dict[str, None] = {}
    for name in found:
        name = name.strip(" ,.;:'\"‘’“”")
        if name and name not in GENERIC and name.rstrip("s") not in GENERIC:
            unique.setdefault(name, None)
    return list(unique)


def _looks_coined(token: str) -> bool:
    return bool(_COINED.match(token)) and token not in GENERIC and token.rstrip("s") not in GENERIC


def _strip_acronym(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()


def _acronyms(text: str) -> list[str]:
    return [m for m in re.findall(r"\(([A-Za-z][A-Za-z0-9-]{1,15})\)", text)]


def _matches_initials(long_form: str, acronym: str) -> bool:
    """``Rephrase and Respond`` defines ``RaR``; ``Large Language Models`` defines ``LLMs``."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w]
    initials = "".join(w[0] for w in words if w[0].isupper())
    letters = "".join(c for c in acronym if c.isupper())
    return len(letters) >= 2 and initials.endswith(letters) and not set(words) <= {"and", "of"}
