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

from regionlens.coding.context import Doc, Evidence, Field, Hit
from regionlens.text.morph_ru import parse_tags
from regionlens.text.regex_guard import first_char_guard

Q_OPEN = re.compile(r"^\s*(?:[—–-]\s*|Вопрос\s*[:.—–-]|Пытанне\s*[:.—–-]|Question\s*[:.—–-]|В:|П:|Q:)", re.IGNORECASE)
A_OPEN = re.compile(r"^\s*(?:Ответ|Адказ|Answer|О:|А:|A:)\s*[:.—–-]", re.IGNORECASE)
# A speaker's turn: «Корреспондент:», «— Иван Петров:», «И. Петров:» opening a paragraph.
TURN = re.compile(r"^\s*[—–-]?\s*(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]{0,15}\.?\s*){1,3}:\s+\S")
SIGNATURE_MAX = 120
SIGNATURE_LEAD = 40
WORD = re.compile(r"\w+")
QUESTION_MIN_WORDS = 4
# A greeting said to the readers: an exclamation that opens with «С Днём…», «С праздником», «Са святам».
GREETING = re.compile(r"(?:^|[.!?\n]\s*)((?:С|Со|З|Са)\s+(?:(?:[Дд]н[её]м|[Пп]раздник\w*|[Юю]биле\w*|[Нн]овым\s+годом|[Дд]нём|"
                      r"[Сс]вят\w*|[Сс]вятам)\b[^.!?\n]{0,120}!))")
# Articles of a legal act («Статья 1», «Артыкул 2») opening their paragraphs or sentences: the act itself.
LEGAL_ARTICLE = re.compile(r"(?:^|[.\n]\s*|\s)(?:Статья|Артыкул|Article)\s+\d+\b")
QUOTE_MARKS = re.compile("[«»“”]")
# A headline that names its own form («Комментарий Георгия Бовта», «Мнение», «Расследование»).
TITLE_FORM = re.compile(r"(?i)(?<!\w)(?:комментарий|мнение|колонка|блог|анализ|расследование|репортаж|обзор|камэнтар\w*|"
                        r"меркаванне|рэпартаж|opinion|commentary|analysis|column)(?!\w)")
# The lead of a column or a feature: «Журналист Андрей Бабицкий — о том, как…», «“СВ” разбиралось, как…».
LEAD_FORMULA = re.compile(r"(?i)(?:[—–-]\s*о том,?\s*(?:как|почему|что|зачем|чем|кто)\b|разбирал(?:ся|ась|ось|ись)\b|"
                          r"выясня(?:л|ла|ло|ли)\b|[—–-]\s*пра тое,?\s*(?:як|чаму|што)|"
                          # a reporter's own inquiry: «Корреспондент побывал …, чтобы узнать», «“Зеркало” поговорило с …»
                          r"(?:побывал|поговорил|съездил|пообщал)(?:а|о|и|ось|ся|ись)?\b[^.!?]{0,160}\bчтобы\s+"
                          r"(?:узнать|понять|выяснить|разобраться|увидеть))")
LEAD_REACH = 600
# First person singular of an author (outside quotation marks): the voice of opinion and commentary.
FIRST_PERSON = frozenset("я мне меня мной мой моя мое моё мои моего моей моих по-моему мяне мною мае маё мая мае "
                         "i my me mine".split())


def paragraph_spans(text: str) -> list[tuple[int, int]]:
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


def _asks_in_full(text: str, questions: list[tuple[int, int]]) -> bool:
    """An interviewer asks at least one full question; a reported dialogue («— Куда дальше?») or a site widget
    («Ваш город?») has only short ones."""
    return any(len(WORD.findall(text[a:b])) >= QUESTION_MIN_WORDS for a, b in questions)


def _signature(text: str, pars: list[tuple[int, int]], start: int) -> bool:
    """A short closing line of its own, not a sentence («Председатель облисполкома И. Петров», «Пресс-служба …»)."""
    if len(pars) < 2:
        return False
    a, b = pars[-1]
    line = text[a:b].rstrip()
    # the title opens the line («Председатель облисполкома И. Петров»); a cut-off sentence ending
    # «…поблагодарил губернатора» is not a signature
    return a <= start < min(b, a + SIGNATURE_LEAD) and len(line) <= SIGNATURE_MAX \
        and not line.endswith((".", "!", "?", "»", "\""))


def _quoted_mask(text: str) -> list[tuple[int, int]]:
    """Spans inside «…» or “…” quotes and direct-speech paragraphs opened by a dash (someone else's words)."""
    out: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in QUOTE_MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "«“":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    for a, b in paragraph_spans(text):
        if text[a:a + 1] in "—–":
            out.append((a, b))
    return out


def first_person_tokens(doc: Doc) -> list[int]:
    """Tokens of the text in the first person singular outside quotes: the author's own voice."""
    s = doc.text.stream
    if not FIRST_PERSON.intersection(s.words):
        return []
    quoted = _quoted_mask(s.text)
    out = []
    for i, w in enumerate(s.words):
        if w in FIRST_PERSON and not any(a <= s.starts[i] < b for a, b in quoted):
            out.append(i)
    return out


# Announcement words whose lemma carries the future by itself; other verbs must be in the future tense
# («посетит», not «посетил»: patterns match lemmas, so the tense is read from the word).
FUTURE_LEMMAS = frozenset({"запланировать", "планироваться", "предстоящий", "планировать"})


def _future(f: Field, token: int) -> bool:
    word = f.stream.words[token]
    if f.stream.lang != "ru" or word.isascii():
        return True  # Belarusian and English announcement patterns are written as future forms
    return f.stream.lemmas[token] in FUTURE_LEMMAS or "futr" in parse_tags(word)


def _opens_paragraph(f: Field, token: int) -> bool:
    """The token starts a line of its own («Уважаемые земляки!» opening the address inside a report)."""
    start = f.stream.starts[token]
    before = f.stream.text[max(0, start - 3):start]
    return start == 0 or "\n" in before and not before.split("\n")[-1].strip(" «\"—–-")


def code_genre(doc: Doc) -> tuple[str, list[Evidence]]:
    rule = doc.codebook.rule("genre")
    name = rule.get("dictionary", "genre")
    text = doc.text.stream.text
    pars = paragraph_spans(text)
    questions = [(a, b) for a, b in pars if _is_question(text[a:b])]
    answers = [(a, b) for a, b in pars if not _is_question(text[a:b])]
    alternating = sum(1 for a, _ in questions if any(x > a for x, _ in answers))
    explicit = any(A_OPEN.match(text[a:b]) for a, b in pars)
    turns = [(a, b) for a, b in pars if TURN.match(text[a:b])]
    speakers = {text[a:b].split(":", 1)[0].strip(" —–-").lower() for a, b in turns}
    if _asks_in_full(text, questions) and (alternating >= int(rule.get("interview_min_questions", 2))
                                           or (explicit and questions)
                                           or (len(turns) >= 4 and len(speakers) >= 2 and questions)):
        ev = [Evidence("genre", "INTERVIEW", a, b, "question paragraph", "Q&A form", "text", text[a:b]) for a, b in questions[:5]]
        return "INTERVIEW", ev

    official = 0.0
    off_ev: list[Evidence] = []
    announced = greeted = False
    argued: list[Hit] = []
    analysis = 0.0
    an_ev: list[Evidence] = []
    for f, h in doc.hits(name):
        start, end = f.stream.span(h.first, h.last)
        if h.label == "OFFICIAL_TITLE" and (f.name == "title" and h.first <= 1):
            w = float(rule.get("official_title_weight", 2.0))
        elif h.label == "OFFICIAL_OPEN" and (h.first <= (2 if f.name == "text" else 0) or _opens_paragraph(f, h.first)):
            w = float(rule.get("official_open_weight", 2.0))
        elif h.label == "OFFICIAL_TEXT":
            w = float(rule.get("official_text_weight", 0.5))
        elif h.label == "SIGNATURE" and f.name == "text" and _signature(text, pars, start):
            w = float(rule.get("official_signature_weight", 1.5))
        elif h.label == "OFFICIAL_VOICE" and f.name == "text" and f.sentence_of(h.first) == f.sentence_of(0):
            w = float(rule.get("official_voice_weight", 2.0))
        elif h.label == "OFFICIAL_TITLE" and f.name == "text" and h.first <= 2 \
                and f.stream.words[h.first].isalpha() and f.stream.text[start:end].isupper():
            w = float(rule.get("official_title_weight", 2.0))  # «ДЕКРЕТ …», «ПОСТАНОВЛЕНИЕ …» heading the text
        elif h.label == "ANNOUNCE" and not announced and (f.name == "title" or f.sentence_of(h.first) == f.sentence_of(0)) \
                and _future(f, h.first):
            announced = True  # «Делегация … посетит», «состоится»: a notice of what the authority will do
            w = float(rule.get("official_announce_weight", 1.0))
        elif h.label == "GREETING" and f.name == "title" and not greeted:
            greeted = True  # «Губернатор … поздравил жителей …»: the greeting is the publication
            w = float(rule.get("official_greeting_weight", 1.0))
        elif h.label == "TITLE_QUESTION" and f.name == "title" and ":" in f.stream.text[: start]:
            aw = float(rule.get("analysis_title_question_weight", 1.5))
            analysis += aw
            an_ev.append(doc.evidence("genre", "ANALYSIS", f, h.first, h.last, h.pattern, f"feature headline +{aw:g}"))
            continue
        elif h.label == "ARGUMENT" and f.name == "text":
            argued.append(h)
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
    greeting = GREETING.search(text)
    if greeting:
        w = float(rule.get("official_greeting_weight", 1.0))
        official += w
        a, b = greeting.span(1)
        off_ev.append(Evidence("genre", "OFFICIAL", a, b, "С …!", f"greeting to the readers +{w:g}", "text", text[a:b]))
    articles = list(LEGAL_ARTICLE.finditer(text))
    if len(articles) >= 2:
        w = float(rule.get("official_title_weight", 2.0))
        official += w
        a, b = articles[0].span()
        off_ev.append(Evidence("genre", "OFFICIAL", a, b, "Статья N", f"articles of a legal act +{w:g}", "text", text[a:b]))
    title = doc.title.stream.text
    form = TITLE_FORM.search(title)
    if form:
        w = float(rule.get("analysis_title_form_weight", 2.0))
        analysis += w
        an_ev.append(Evidence("genre", "ANALYSIS", form.start(), form.end(), form.group(), f"form named in the headline +{w:g}",
                              "title", form.group()))
    elif "?" in title:
        w = float(rule.get("analysis_title_question_weight", 1.5))
        analysis += w
        q = title.index("?")
        an_ev.append(Evidence("genre", "ANALYSIS", q, q + 1, "?", f"question headline +{w:g}", "title", "?"))
    lead = LEAD_FORMULA.search(text, 0, LEAD_REACH)
    if lead:
        w = float(rule.get("analysis_lead_weight", 2.0))
        analysis += w
        an_ev.append(Evidence("genre", "ANALYSIS", lead.start(), lead.end(), lead.group(), f"feature lead +{w:g}", "text",
                              lead.group()))
    if argued:
        aw = float(rule.get("analysis_argument_weight", 0.75))
        analysis += min(float(rule.get("analysis_argument_max", 2.25)), aw * len(argued))
        for h in argued[:3]:
            an_ev.append(doc.evidence("genre", "ANALYSIS", doc.text, h.first, h.last, h.pattern, f"argument marker +{aw:g}"))
    rhetorical = text.count("?")
    analysis += rhetorical * float(rule.get("analysis_question_weight", 0.5))
    me = first_person_tokens(doc)
    if me:
        fw = float(rule.get("first_person_weight", 0.5))
        cap = float(rule.get("first_person_max", 2.0))
        analysis += min(cap, fw * len(me))
        for i in me[:3]:
            an_ev.append(doc.evidence("genre", "ANALYSIS", doc.text, i, i, doc.text.stream.words[i], f"author's first person +{fw:g}"))
    hint = doc.meta.url_genre()
    if hint == "ANALYSIS":
        uw = float(rule.get("analysis_url_weight", 1.0))
        analysis += uw
        an_ev.append(Evidence("genre", "ANALYSIS", 0, 0, doc.meta.url or "", f"opinion section of the site +{uw:g}", "meta", ""))
    channel = doc.meta.channel()
    if channel is not None:
        cw = float(rule.get("official_channel_weight", 2.0))
        if analysis < float(rule.get("analysis_over_channel", 4.0)):
            official += cw
            off_ev.append(Evidence("genre", "OFFICIAL", 0, 0, doc.meta.host or str(doc.meta.level), f"official channel ({channel})",
                                   "meta", ""))
    if official >= float(rule.get("official_threshold", 2.0)):
        return "OFFICIAL", off_ev
    if analysis >= float(rule.get("analysis_threshold", 2.0)):
        return "ANALYSIS", an_ev
    return str(rule.get("default", "NEWS")), []


# Speed only (the machinery's part of this module, kept apart from the rules above so both can change alone):
# the whole-text scanners get the first-character guard of `regex_guard`, which finds the same matches while
# rejecting most positions with one class test (LEAD_FORMULA: ~2.5x faster). An expression the guard cannot
# pin down is kept as written.
GREETING, LEGAL_ARTICLE, LEAD_FORMULA = (first_char_guard(p) for p in (GREETING, LEGAL_ARTICLE, LEAD_FORMULA))
