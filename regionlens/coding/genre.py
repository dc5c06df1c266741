"""Genre from the form of the publication: Q&A structure, whose voice speaks, and where it was published.

INTERVIEW is decided by structure, not words: alternating question paragraphs, speaker turns, or dash turns
that ask or address the interviewee (name and patronymic, the polite «вы») answered by the next paragraph —
reported dialogue tagged by the reporter («…, — говорит водитель») and salutation speeches are not turns.
OFFICIAL adds up a greeting/notice headline, a salutation, the authority's own voice, «we» in a greeting,
a signature line, the articles of a legal act and the channel: an authority's own site speaks in its voice
unless the copy is credited to an agency, a broadcast or an outlet («…, сообщает БЕЛТА»). ANALYSIS adds up a
form the page names (headline, rubric, feature lead, opinion section, scholarly apparatus) and the author's
style — stance markers, argument markers, rhetorical questions, first person outside quotes, a two-part feature
headline — less the attributions of a report («заявил», «по словам», «said»). Anything else is NEWS,
including agency write-ups of interviews (reported speech has no question turns).
"""

from __future__ import annotations

import re

from regionlens.coding.context import Doc, Evidence, Field, Hit
from regionlens.text.morph_ru import parse_tags
from regionlens.text.regex_guard import first_char_guard

A_OPEN = re.compile(r"^\s*(?:Ответ|Адказ|Answer|О:|А:|A:)\s*[:.—–-]", re.IGNORECASE)
# A speaker's turn: «Корреспондент:», «— Иван Петров:», «И. Петров:» opening a paragraph.
TURN = re.compile(r"^\s*[—–-]?\s*(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]{0,15}\.?\s*){1,3}:\s+\S")
Q_LABEL = re.compile(r"^\s*(?:(?:Вопрос|Пытанне|Question)\s*[:.—–-]|[ВПQ]\s*:)", re.IGNORECASE)
DASH_OPEN = re.compile(r"^\s*[—–-]\s*\S")
# The author's tag inside direct speech («…, — говорит водитель», «…? — спросил он»): reportage, not a transcript.
SPEECH_TAG = re.compile(r"[,!?…]\s*[—–-]\s+[a-zа-яёіў]")
# A turn that opens by name and patronymic: «— Александр Васильевич, …».
VOCATIVE = re.compile(r"^\s*[—–-]\s*(?:[А-ЯЁІЎ][а-яёіў']+\s+)?[А-ЯЁІЎ][а-яёіў']+"
                      r"(?:ович|евич|ьич|ич|овна|евна|ична|инична|авіч|евіч|віч|аўна|еўна|ічна)\s*[,!.]")
# The polite «вы» of an interviewer to the interviewee (and the Belarusian and English forms).
ADDRESS = re.compile(r"(?i)(?<!\w)(?:вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|вашим|ваших|вашу|"
                     r"вашы|вашага|вашай|вашым|вашых|you|your)(?!\w)")
# A speech that opens with a salutation («— Уважаемые участники ярмарки! Позвольте поздравить вас…») addresses an
# audience: its «вы» is no interviewer's.
SALUTATION = re.compile(r"(?i)^\s*[—–-]\s*(?:уважаем|дорог|глубокоуважаем|паважан|дарагі|шаноўн|dear\b)")
ANSWER_MIN_WORDS = 8
LONG_ANSWER_WORDS = 40
SHORT_PAIRS_MIN = 3
SIGNATURE_MAX = 120
SIGNATURE_LEAD = 40
WORD = re.compile(r"\w+")
QUESTION_MIN_WORDS = 4
# A greeting said to the readers: an exclamation that opens with «С Днём…», «С праздником», «Са святам».
GREETING = re.compile(r"(?:^|[.!?\n]\s*)((?:С|Со|З|Са)\s+(?:(?:[Дд]н[её]м|[Пп]раздник\w*|[Юю]биле\w*|[Нн]овым\s+годом|[Дд]нём|"
                      r"[Сс]вят\w*|[Сс]вятам)\b[^.!?\n]{0,120}!))")
# Articles of a legal act («Статья 1», «Артыкул 2») opening their paragraphs or sentences: the act itself.
LEGAL_ARTICLE = re.compile(r"(?:^|[.\n]\s*|\s)(?:Статья|Артыкул|Article)\s+\d+\b")
QUOTE_MARKS = re.compile("[«»“”\"]")
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
# The apparatus of a scholarly paper near its top («Аннотация», «Ключевые слова:», «Abstract:», «DOI», a table of
# contents): an analytic text by its form.
SCHOLARLY = re.compile(r"(?i)(?:^|\n|\s)(?:аннотация\s*[:.]|ключевые\s+слова\s*:|анатацыя\s*[:.]|ключавыя\s+словы\s*:|"
                       r"abstract\s*[:.]|keywords\s*:|doi\s*:|table\s+of\s+contents|список\s+литературы)")
SCHOLARLY_REACH = 1500
RUBRIC_REACH = 4  # a rubric line naming the form («Анализ», «Мнение») heads the text
# A two-part feature headline: a short phrase closed as a sentence, then the headline proper («Общая боль. Важно …»,
# ««Уралкалий» раздора. Чем …?»). News headlines are one statement.
KICKER = re.compile(r"^\W{0,2}((?:[\w«»\"-]+\s+){0,4}[\w«»\"-]+)[.?!»]+\s+[A-ZА-ЯЁІЎ]")
KICKER_MIN_LETTERS = 8
# First person singular of an author (outside quotation marks): the voice of opinion and commentary.
FIRST_PERSON = frozenset("я мне меня мной мой моя мое моё мои моего моей моих по-моему мяне мною мае маё мая мае "
                         "i my me mine".split())
BE_FIRST_PERSON = frozenset("мяне мною мае маё мая".split())
# First person plural: the voice of an authority greeting or addressing its people («Мы дорожим…», «наш район»).
FIRST_PLURAL = frozenset("мы нас нам нами наш наша наше наши нашего нашей нашему нашим нашими наших нашу нашем "
                         "нашы нашай нашых нашым нашаму we us our ours".split())


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
    """A paragraph that asks: it ends with «?», or a labelled question («Вопрос: …?») asks anywhere in it.
    A dash alone does not label a question: in reported dialogue «— На Калининград. Очереди? Конечно…» answers."""
    p = par.strip().rstrip("»\"”) ")
    if len(p) >= 400 or SPEECH_TAG.search(p):
        return False
    return p.endswith("?") or bool(Q_LABEL.match(p) and "?" in p)


def _asks(par: str, min_words: int = QUESTION_MIN_WORDS) -> bool:
    """A turn that asks or addresses the interviewee: a question, or a dash turn that opens by name and
    patronymic («— Александр Васильевич, …») or says «вы» to someone («Какую повестку вы будете обсуждать»)."""
    return len(WORD.findall(par)) >= min_words and not SPEECH_TAG.search(par) and not SALUTATION.match(par) and (
        _is_question(par) or bool(DASH_OPEN.match(par) and (VOCATIVE.match(par) or ADDRESS.search(par))))


def qa_pairs(text: str, pars: list[tuple[int, int]],
             min_words: int = QUESTION_MIN_WORDS) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Question turns (of at least `min_words` words) followed by an answer: the next paragraph, not a question
    itself, of some length and without the author's speech tags («…, — говорит водитель»), which mark reported
    dialogue in reportage."""
    out = []
    for (a, b), (c, d) in zip(pars, pars[1:], strict=False):
        q, ans = text[a:b], text[c:d]
        if DASH_OPEN.match(q) and _asks(q, min_words) and not _is_question(ans) and not SPEECH_TAG.search(ans) \
                and len(WORD.findall(ans)) >= ANSWER_MIN_WORDS:
            out.append(((a, b), (c, d)))
    return out


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
    """Spans inside «…», “…” or "…" quotes and direct-speech paragraphs opened by a dash (someone else's words).

    Straight quotes have no direction: within a paragraph they pair up in order (a greeting or a statement
    quoted with ASCII quotes by an outlet is as much someone else's voice as one in guillemets)."""
    out: list[tuple[int, int]] = []
    depth, start = 0, 0
    straight: int | None = None
    for m in QUOTE_MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == '"':
            if straight is None:
                straight = i
            else:
                if "\n\n" not in text[straight:i]:
                    out.append((straight, i + 1))
                straight = None
        elif ch in "«“":
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


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def own_tokens(doc: Doc, vocabulary: frozenset[str]) -> list[int]:
    """Tokens of the text from `vocabulary` outside quotes and dash-opened direct speech: the author's voice."""
    s = doc.text.stream
    if not vocabulary.intersection(s.words):
        return []
    quoted = _quoted_mask(s.text)
    out = []
    for i, w in enumerate(s.words):
        if w in vocabulary and not any(a <= s.starts[i] < b for a, b in quoted):
            out.append(i)
    return out


def first_person_tokens(doc: Doc) -> list[int]:
    """Tokens of the text in the first person singular outside quotes: the author's own voice."""
    s = doc.text.stream
    be = s.lang == "be"
    # «мая», «мае» are Belarusian «my» but Russian «May»; a lower-case «i» is Belarusian Łacinka «and», not English «I»
    return [i for i in own_tokens(doc, FIRST_PERSON)
            if (be or s.words[i] not in BE_FIRST_PERSON) and (s.words[i] != "i" or s.text[s.starts[i]] == "I")]


# Announcement words whose lemma carries the future by itself; other verbs must be in the future tense
# («посетит», not «посетил»: patterns match lemmas, so the tense is read from the word).
# Authorities whose own site a credit may name («корреспондент сайта Могилевского облисполкома»).
AUTHORITY_LEMMAS = frozenset({"облисполком", "райисполком", "горисполком", "исполнительный", "администрация", "правительство",
                              "аблвыканкам", "райвыканкам", "гарвыканкам", "выканаўчы", "адміністрацыя", "урад",
                              "government", "administration", "committee"})
SITE_REACH = 6
AUTHORITY_CHANNELS = ("official", "embassy")
# Verbs that credit a source outlet after its words («…, сообщает сайт», «передает БЕЛТА», «пишет газета»,
# «говорится в поздравлении»); «…, — рассказала начальник управления» attributes a quote inside a release.
CREDIT_WORDS = frozenset({"сообщать", "передавать", "информировать", "писать", "говориться", "паведамляе", "перадае",
                          "піша", "reports", "writes"})  # lemmas (Russian) or word forms (Belarusian, English)
# «тот же», «такой же», «там же»: «же» of identity, not the author's emphasis («сколько же мы задолжали»).
SAME = frozenset({"тот", "такой", "там", "тогда", "так", "туда", "сюда", "столь", "один", "этот", "той", "гэты", "такі",
                  "адзін"})
REPORT_PHRASES = frozenset({"по", "со"})  # first lemmas of «по словам», «со ссылкой»
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


def _postposed(f: Field, token: int) -> bool:
    """The verb follows a comma or a dash: an attribution after the reported words («…, информирует РИА»)."""
    start = f.stream.starts[token]
    return f.stream.text[max(0, start - 3):start].strip()[-1:] in (",", "—", "–", "-")


def _reporting(f: Field, token: int) -> bool:
    """A verb of saying attributes words to someone else: Russian in the past or third person («сообщил»,
    «передает»), not the author's «отметим» or «следует отметить»; other patterns are written as such forms."""
    word = f.stream.words[token]
    if f.stream.lang != "ru" or word.isascii() or f.stream.lemmas[token] in REPORT_PHRASES:
        return True
    tags = parse_tags(word)
    return "past" in tags or "3per" in tags


def _transcript(doc: Doc, text: str, pars: list[tuple[int, int]]) -> list[Evidence]:
    """Evidence of a question-and-answer transcript beyond alternating «?» paragraphs: dash turns that ask
    or address the interviewee followed by an answer — two such pairs, or one with a long answer or with the
    form named (an interview lead, the site's interview section); or, in the site's interview section, the
    interviewee's own first person. Empty when the text is not one."""
    rule = doc.codebook.rule("genre")
    pairs = qa_pairs(text, pars)
    named = [h for _, h in doc.hits(rule.get("dictionary", "genre"), ("INTERVIEW_LEAD",))]
    section = doc.meta.url_genre() == "INTERVIEW"
    ev = [Evidence("genre", "INTERVIEW", a, b, "question turn", "Q&A turns", "text", text[a:b]) for (a, b), _ in pairs[:5]]
    if section:
        ev.append(Evidence("genre", "INTERVIEW", 0, 0, doc.meta.url or "", "interview section of the site", "meta", ""))
    if len(pairs) >= 2 or pairs and (named or section):
        return ev
    short = qa_pairs(text, pars, 1)  # «— Планы?» «— Локализовать производство …»: many short questions answered
    if len(short) >= SHORT_PAIRS_MIN:
        return [Evidence("genre", "INTERVIEW", a, b, "question turn", "Q&A turns", "text", text[a:b]) for (a, b), _ in short[:5]]
    if any(DASH_OPEN.match(text[c:d]) and len(WORD.findall(text[c:d])) >= LONG_ANSWER_WORDS for _, (c, d) in pairs):
        return ev  # one turn answered at length by a turn of its own
    if section and first_person_tokens(doc):
        return ev
    return []


def _names_own_site(f: Field, last: int) -> bool:
    """A credit that names an authority's own site: «сайт» and then an authority within a few words after it."""
    lemmas = f.stream.lemmas[last + 1:last + 1 + SITE_REACH]
    if "сайт" not in lemmas and "site" not in lemmas:
        return False
    return any(lemma in AUTHORITY_LEMMAS for lemma in lemmas)


def _month(f: Field, token: int) -> bool:
    """English «May» the month: capitalised, or next to a number («on 5 May», «May 2024»)."""
    s = f.stream
    if s.text[s.starts[token]] == "M" and token > 0 and s.text[s.ends[token - 1]:s.starts[token]].strip(" ") != ".":
        return True
    return any(0 <= i < len(s.numbers) and s.numbers[i] for i in (token - 1, token + 1))


def _interview(doc: Doc, text: str, pars: list[tuple[int, int]]) -> list[Evidence]:
    """Evidence of question-and-answer form (empty when there is none): question paragraphs alternating with
    answers, labelled answers or speaker turns, then the dash-turn transcripts of `_transcript`."""
    rule = doc.codebook.rule("genre")
    seen: set[str] = set()
    # a page that repeats its lead («В каких областях …?» above and below the photo) asks once, not twice
    questions = []
    answers = []
    for a, b in pars:
        key = " ".join(text[a:b].split())
        if not _is_question(key):
            answers.append((a, b))
        elif key not in seen:
            seen.add(key)
            questions.append((a, b))
    alternating = sum(1 for a, _ in questions if any(x > a for x, _ in answers))
    explicit = any(A_OPEN.match(text[a:b]) for a, b in pars)
    turns = [(a, b) for a, b in pars if TURN.match(text[a:b])]
    speakers = {text[a:b].split(":", 1)[0].strip(" —–-").lower() for a, b in turns}
    if _asks_in_full(text, questions) and (alternating >= int(rule.get("interview_min_questions", 2))
                                           or (explicit and questions)
                                           or (len(turns) >= 4 and len(speakers) >= 2 and questions)):
        return [Evidence("genre", "INTERVIEW", a, b, "question paragraph", "Q&A form", "text", text[a:b]) for a, b in questions[:5]]
    return _transcript(doc, text, pars)


def code_genre(doc: Doc) -> tuple[str, list[Evidence]]:
    rule = doc.codebook.rule("genre")
    name = rule.get("dictionary", "genre")
    text = doc.text.stream.text
    pars = paragraph_spans(text)
    interview = _interview(doc, text, pars)
    if interview:
        return "INTERVIEW", interview

    official = 0.0
    off_ev: list[Evidence] = []
    announced = greeted = False
    argued: list[Hit] = []
    analysis = 0.0
    an_ev: list[Evidence] = []
    masks: list[list[tuple[int, int]]] = []  # the quoted spans, found once and only when a hit needs them

    def quoted() -> list[tuple[int, int]]:
        if not masks:
            masks.append(_quoted_mask(text))
        return masks[0]

    reports: list[tuple[Field, Hit]] = []
    agencies: list[tuple[Field, Hit]] = []
    stances: list[Hit] = []
    for f, h in doc.hits(name):
        start, end = f.stream.span(h.first, h.last)
        if h.label == "REPORT" or h.label == "OFFICIAL_VOICE" and _postposed(f, h.first):
            if _reporting(f, h.first) and not (f.name == "text" and _inside(quoted(), f.stream.starts[h.first])):
                reports.append((f, h))
            continue
        if h.label == "STANCE":
            if f.name == "text":
                stances.append(h)
            continue
        if h.label == "AGENCY":
            agencies.append((f, h))
            continue
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
    salutation = doc.meta.url_form() == "OFFICIAL"
    if salutation:
        w = float(rule.get("official_greeting_weight", 1.0))
        official += w
        off_ev.append(Evidence("genre", "OFFICIAL", 0, 0, doc.meta.url or "", f"greeting or address in the page address +{w:g}",
                               "meta", ""))
    if greeted or greeting or salutation:
        we = own_tokens(doc, FIRST_PLURAL)
        if len(we) >= int(rule.get("official_we_min", 2)):
            w = float(rule.get("official_we_weight", 1.0))
            official += w
            i = we[0]
            off_ev.append(doc.evidence("genre", "OFFICIAL", doc.text, i, i, doc.text.stream.words[i],
                                       f"the greeting in the author's own «we» +{w:g}"))
    articles = list(LEGAL_ARTICLE.finditer(text))
    if len(articles) >= 2:
        w = float(rule.get("official_title_weight", 2.0))
        official += w
        a, b = articles[0].span()
        off_ev.append(Evidence("genre", "OFFICIAL", a, b, "Статья N", f"articles of a legal act +{w:g}", "text", text[a:b]))
    title = doc.title.stream.text
    named = 0.0  # the form named by the page: a headline «Комментарий …», a feature lead, an opinion section
    form = TITLE_FORM.search(title)
    if form:
        w = float(rule.get("analysis_title_form_weight", 2.0))
        named += w
        an_ev.append(Evidence("genre", "ANALYSIS", form.start(), form.end(), form.group(), f"form named in the headline +{w:g}",
                              "title", form.group()))
    elif "?" in title:
        w = float(rule.get("analysis_title_question_weight", 1.5))
        analysis += w
        q = title.index("?")
        an_ev.append(Evidence("genre", "ANALYSIS", q, q + 1, "?", f"question headline +{w:g}", "title", "?"))
    rubric = next(((a, b) for a, b in pars[:RUBRIC_REACH] if TITLE_FORM.fullmatch(text[a:b].strip(" .:"))), None)
    if rubric and not form:
        w = float(rule.get("analysis_title_form_weight", 2.0))
        named += w
        a, b = rubric
        an_ev.append(Evidence("genre", "ANALYSIS", a, b, text[a:b], f"form named in a rubric line +{w:g}", "text", text[a:b]))
    kicker = KICKER.match(title)
    if kicker and len(re.sub(r"\W", "", kicker.group(1))) >= KICKER_MIN_LETTERS:
        w = float(rule.get("analysis_kicker_weight", 1.5))
        analysis += w
        an_ev.append(Evidence("genre", "ANALYSIS", kicker.start(1), kicker.end(1), kicker.group(1),
                              f"two-part feature headline +{w:g}", "title", kicker.group(1)))
    lead = LEAD_FORMULA.search(text, 0, LEAD_REACH)
    if lead:
        w = float(rule.get("analysis_lead_weight", 2.0))
        named += w
        an_ev.append(Evidence("genre", "ANALYSIS", lead.start(), lead.end(), lead.group(), f"feature lead +{w:g}", "text",
                              lead.group()))
    paper = SCHOLARLY.search(text, 0, SCHOLARLY_REACH)
    if paper:
        w = float(rule.get("analysis_title_form_weight", 2.0))
        named += w
        an_ev.append(Evidence("genre", "ANALYSIS", paper.start(), paper.end(), paper.group(),
                              f"apparatus of a scholarly paper +{w:g}", "text", paper.group()))
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
    if stances:
        lemmas = doc.text.stream.lemmas
        own = [h for h in stances if not _inside(quoted(), doc.text.stream.starts[h.first])
               and not (h.pattern in ("же", "жа") and h.first > 0 and lemmas[h.first - 1] in SAME)
               and not (h.pattern == "may" and _month(doc.text, h.first))]
        sw = float(rule.get("analysis_stance_weight", 0.5))
        analysis += min(float(rule.get("analysis_stance_max", 2.0)), sw * len(own))
        for h in own[:3]:
            an_ev.append(doc.evidence("genre", "ANALYSIS", doc.text, h.first, h.last, h.pattern, f"author's stance +{sw:g}"))
    if reports:
        # attributions weigh against the style of commentary, not against a form the page names itself
        rw = float(rule.get("analysis_report_weight", 0.75))
        analysis = max(0.0, analysis - min(float(rule.get("analysis_report_max", 2.25)), rw * len(reports)))
    hint = doc.meta.url_genre()
    if hint == "ANALYSIS":
        uw = float(rule.get("analysis_url_weight", 1.0))
        named += uw
        an_ev.append(Evidence("genre", "ANALYSIS", 0, 0, doc.meta.url or "", f"opinion section of the site +{uw:g}", "meta", ""))
    # Someone else's copy: an agency or correspondent named, or words attributed after the fact («…, сообщает
    # сайт», «говорится в поздравлении»): an outlet's report of what the authority said, not its own release.
    credits = [(f, h) for f, h in reports
               if CREDIT_WORDS.intersection((f.stream.lemmas[h.first], f.stream.words[h.first]))
               and (_postposed(f, h.first) or f.stream.lemmas[h.first] == "говориться")]
    own_site = [(f, h) for f, h in agencies if _names_own_site(f, h.last)]
    if own_site:
        # «…, передает корреспондент сайта облисполкома»: the copy is the authority's own site's, reprinted
        f, h = own_site[0]
        w = float(rule.get("official_channel_weight", 2.0))
        official += w
        off_ev.append(doc.evidence("genre", "OFFICIAL", f, h.first, h.last, h.pattern, f"the authority's own site named +{w:g}"))
    credited = [] if own_site else agencies[:1] or credits[:1]
    if credited:
        crw = float(rule.get("official_credit_weight", 1.5))
        official -= crw
        f, h = credited[0]
        off_ev.append(doc.evidence("genre", "NEWS", f, h.first, h.last, h.pattern, f"credited copy -{crw:g}"))
    channel = doc.meta.channel()
    # an authority's or an embassy's own site speaks in its voice; a university's news pages are its press office's
    # reports about the university (round 3 of adjudication coded them NEWS), so they need cues of their own
    if channel in AUTHORITY_CHANNELS:
        cw = float(rule.get("official_channel_weight", 2.0))
        if analysis + named < float(rule.get("analysis_over_channel", 4.0)):
            official += cw
            off_ev.append(Evidence("genre", "OFFICIAL", 0, 0, doc.meta.host or str(doc.meta.level), f"official channel ({channel})",
                                   "meta", ""))
    if official >= float(rule.get("official_threshold", 2.0)):
        return "OFFICIAL", off_ev
    if analysis + named >= float(rule.get("analysis_threshold", 2.0)):
        return "ANALYSIS", an_ev
    return str(rule.get("default", "NEWS")), []


# Speed only (the machinery's part of this module, kept apart from the rules above so both can change alone):
# the whole-text scanners get the first-character guard of `regex_guard`, which finds the same matches while
# rejecting most positions with one class test (LEAD_FORMULA: ~2.5x faster). An expression the guard cannot
# pin down is kept as written.
GREETING, LEGAL_ARTICLE, LEAD_FORMULA = (first_char_guard(p) for p in (GREETING, LEGAL_ARTICLE, LEAD_FORMULA))
