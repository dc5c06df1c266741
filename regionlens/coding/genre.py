"""Genre from the form of the publication: Q&A structure, official voice, opinion cues.

INTERVIEW is decided by structure, not words: at least two paragraphs that are
questions (end with «?», or open with «Вопрос:»/«Пытанне:»/a dash and ask),
alternating with answers. OFFICIAL adds up a greeting/notice title, a salutation
opening the text («Уважаемые…»), the authority's own voice and a signature
line with a title at the end. ANALYSIS adds up opinion and column cues and
rhetorical questions. Anything else is NEWS, including agency write-ups of
interviews (reported speech has no question paragraphs).
"""

from __future__ import annotations

import re

from regionlens.coding.context import Doc, Evidence

Q_OPEN = re.compile(r"^\s*(?:[—–-]\s*|Вопрос\s*[:.—–-]|Пытанне\s*[:.—–-]|В:|П:)", re.IGNORECASE)
A_OPEN = re.compile(r"^\s*(?:Ответ|Адказ|О:|А:)\s*[:.—–-]", re.IGNORECASE)
SIGNATURE_MAX = 120


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _is_question(par: str) -> bool:
    p = par.strip()
    if not p.endswith("?") and not (Q_OPEN.match(p) and "?" in p and len(p) < 400):
        return False
    return len(p) < 400


def _signature(text: str, pars: list[tuple[int, int]], start: int) -> bool:
    """A short closing line of its own, not a sentence («Председатель облисполкома И. Петров», «Пресс-служба …»)."""
    if len(pars) < 2:
        return False
    a, b = pars[-1]
    line = text[a:b].rstrip()
    return a <= start < b and len(line) <= SIGNATURE_MAX and not line.endswith((".", "!", "?", "»", "\""))


def code_genre(doc: Doc) -> tuple[str, list[Evidence]]:
    rule = doc.codebook.rule("genre")
    name = rule.get("dictionary", "genre")
    text = doc.text.stream.text
    pars = _paragraphs(text)
    questions = [(a, b) for a, b in pars if _is_question(text[a:b])]
    answers = [(a, b) for a, b in pars if not _is_question(text[a:b])]
    alternating = sum(1 for a, _ in questions if any(x > a for x, _ in answers))
    explicit = any(A_OPEN.match(text[a:b]) for a, b in pars)
    if alternating >= int(rule.get("interview_min_questions", 2)) or (explicit and questions):
        ev = [Evidence("genre", "INTERVIEW", a, b, "question paragraph", "Q&A form", "text", text[a:b]) for a, b in questions[:5]]
        return "INTERVIEW", ev

    official = 0.0
    off_ev: list[Evidence] = []
    analysis = 0.0
    an_ev: list[Evidence] = []
    for f, h in doc.hits(name):
        start, end = f.stream.span(h.first, h.last)
        if h.label == "OFFICIAL_TITLE" and (f.name == "title" and h.first <= 1):
            w = float(rule.get("official_title_weight", 2.0))
        elif h.label == "OFFICIAL_OPEN" and f.name == "text" and h.first <= 2:
            w = float(rule.get("official_open_weight", 2.0))
        elif h.label == "OFFICIAL_TEXT":
            w = float(rule.get("official_text_weight", 0.5))
        elif h.label == "SIGNATURE" and f.name == "text" and _signature(text, pars, start):
            w = float(rule.get("official_signature_weight", 1.5))
        elif h.label == "OFFICIAL_VOICE" and f.name == "text" and f.sentence_of(h.first) == f.sentence_of(0):
            w = float(rule.get("official_voice_weight", 2.0))
        elif h.label == "TITLE_QUESTION" and f.name == "title" and ":" in f.stream.text[: start]:
            aw = float(rule.get("analysis_title_question_weight", 1.5))
            analysis += aw
            an_ev.append(doc.evidence("genre", "ANALYSIS", f, h.first, h.last, h.pattern, f"feature headline +{aw:g}"))
            continue
        elif h.label == "ANALYSIS":
            aw = h.weight * (float(rule.get("analysis_title_weight", 1.5)) if f.name == "title" else 1.0)
            analysis += aw
            an_ev.append(doc.evidence("genre", "ANALYSIS", f, h.first, h.last, h.pattern, f"opinion cue +{aw:g}"))
            continue
        else:
            continue
        official += w * h.weight
        off_ev.append(doc.evidence("genre", "OFFICIAL", f, h.first, h.last, h.pattern, f"{h.label} +{w:g}"))
    rhetorical = text.count("?")
    analysis += rhetorical * float(rule.get("analysis_question_weight", 0.5))
    if official >= float(rule.get("official_threshold", 2.0)):
        return "OFFICIAL", off_ev
    if analysis >= float(rule.get("analysis_threshold", 2.0)):
        return "ANALYSIS", an_ev
    return str(rule.get("default", "NEWS")), []
