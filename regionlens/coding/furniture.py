"""Page furniture (navigation, widgets, datelines, credits, teaser lists) blanked out before coding.

Real pages arrive with their furniture: navigation lines («Перейти к основному
контенту», «Все новости»), currency and weather widgets («3.43 RUB», «+19°C»),
age labels, rubric names glued to dates («20 Общество»), image lines with data
URIs, photo credits, reading-time and view counters, and a list of unrelated
headlines after the article. None of it is content (CODEBOOK: page furniture),
yet every piece of it can fire a rule: a currency figure looks like a figure, a
teaser headline brings its own problem words, a navigation line becomes the
title of a plain-text item.

Two layers decide what is furniture:

- the codebook's own `furniture` regular expressions (datelines, «Читайте
  также», credits), which researchers edit;
- a line classifier over classes of phenomena, not fixed strings: a line is
  furniture when it is a bare widget or counter, a date/time/rubric stamp, a
  navigation or sharing label (short, no sentence punctuation, made of
  navigation words), an image or URL line, a credit, or part of a trailing run
  of headline-like lines; spans inside a content line (a widget glued to a
  sentence) are blanked on their own.

Furniture is replaced by spaces rather than cut, so offsets in the cleaned text
equal offsets in the original: evidence spans still highlight the text the user
sees, and the blanked spans are returned so a page can show them greyed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from regionlens.coding.codebook import Codebook
from regionlens.text.regex_guard import first_char_guard, line_scanner

# ---------------------------------------------------------------- classes of furniture

# Words that make up navigation menus, sharing bars, footers and site chrome (lower case, any language of the
# project). A short line made only of these (and of numbers or punctuation) is a menu item, not a sentence.
NAV_WORDS = frozenset("""
главная главное главные новости новость лента ленты все всё перейти к основному основное контенту содержанию содержание меню
поиск найти войти вход выход регистрация зарегистрироваться подписаться подписка подписывайтесь подпишитесь рассылка
версия для слабовидящих rss контакты реклама рекламодателям о нас нас проекте редакция архив карта сайта сайт
политика конфиденциальности cookie cookies файлы согласие принять закрыть открыть назад вперед вперёд далее ещё еще
показать больше читать читайте также смотрите смотреть материалы материал популярное популярные самое читаемое
обсуждаемое интересное выбор редакции новостей партнеров партнёров другие похожие связанные по теме темы теги тэги
рубрики рубрика разделы раздел мнения мнение видео фото фотогалерея галерея инфографика спецпроекты спецпроект
подкасты подкаст мультимедиа телеграм telegram вконтакте вк ok одноклассники facebook twitter x whatsapp viber
instagram youtube дзен яндекс поделиться поделитесь отправить скопировать ссылку ссылка комментарии комментарий
комментировать оставить войдите обратная связь написать нам вакансии правила условия использования пользовательское
соглашение все права защищены copyright мобильная приложение приложения скачать почта почту войти выйти профиль
личный кабинет ясно облачно пасмурно переменная облачность дождь снег туман погода курс курсы валют error message ошибка страница не найдена сообщить об ошибке нашли ошибку выделите нажмите ctrl enter
галоўная навіны навіна стужка усе ўсе перайсці да асноўнага кантэнту меню пошук увайсці рэгістрацыя падпісацца
падпісвайцеся кантакты рэклама пра нас архіў карта сайта палітыка канфідэнцыяльнасці чытайце таксама глядзіце
папулярнае іншыя падобныя тэгі рубрыкі раздзелы відэа фота падзяліцца каментарыі
home news latest all skip to main content menu search login log in sign up subscribe contacts contact us about
advertising archive sitemap privacy policy cookie share more read also related tags topics video photo gallery
english русский беларуская беларускi рус бел eng en ru by version for visually impaired
""".split())

# A rubric or service label that pages glue to a date or a counter («20 Общество», «Политика 12:06»).
RUBRIC_WORDS = frozenset("""
общество политика экономика культура спорт происшествия регионы регион мир в мире наука образование здоровье
здравоохранение туризм авто технологии интервью мнения мнение аналитика официально власть новости союзное
государство беларусь россия область город район промышленность сельское хозяйство агро апк медицина армия
грамадства палітыка эканоміка культура спорт здарэнні рэгіёны свет навука адукацыя
society politics economy culture sport world region regions science education health tourism opinion
""".split())

MONTHS = (r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|студз|лют|сак|крас|трав|чэрв|ліп|жнів|вер|каст|ліст|снеж"
          r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zа-яёіў]*\.?")
DATE = rf"(?:\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?|\d{{1,2}}\s+{MONTHS}(?:\s+\d{{4}})?(?:\s*г\.?)?|\d{{4}}-\d{{2}}-\d{{2}}|сегодня|вчера|сёння|учора|today|yesterday)"
TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?)"

# Bare stamps: a line that is only dates, times, counters and rubric labels.
STAMP_TOKEN = re.compile(rf"(?:{DATE}|{TIME}|\d+|№|\bг\.|\bг\b|\bгода?\b|[|•·,/\-–—:()\[\]]+|\s+)", re.IGNORECASE)

# Widgets and counters that may also be glued into a content line: blanked as spans. Every branch starts with a
# literal or a character class (no look-behind first), so the regex engine skips ahead to candidate characters;
# the word boundary before a match is checked afterwards (`_widgets`).
WIDGET_SPANS = re.compile(
    r"(?:"
    r"\d{1,4}[.,]\d{1,4}\s*(?:RUB|USD|EUR|BYN|CNY|PLN|UAH|руб\.?|₽|\$|€)(?!\w)"                      # 3.43 RUB
    r"|(?:USD|EUR|RUB|BYN|CNY)\s*[↑↓▲▼+\-]?\s*\d{1,4}[.,]\d{1,4}(?![\d.,])"                        # USD 3,21
    r"|[+\-−]\s?\d{1,2}\s?°\s?[CС]?(?!\w)"                                                        # +19°C
    r"|\d{1,2}\s?°\s?[CС](?!\w)"                                                                    # 19 °C
    r"|(?:Возрастное ограничение|Узроставае абмежаванне|Age restriction)\s*:?\s*\d{1,2}\s?\+"
    r"|(?:0|6|12|16|18)\+(?![\w+])"                                                                  # age label 18+
    r"|(?:Время чтения|Время прочтения|Читать|Час чытання|Reading time)\s*:?\s*(?:~\s*)?\d{1,3}\s*(?:мин(?:ут[аы]?)?|хв(?:іл)?|min(?:utes)?)\.?"
    r"|\d{1,3}\s*(?:мин(?:ут[аы]?)?|min)\.?\s*(?:на\s+)?(?:чтения|чтение|чытання|read)(?!\w)"
    r"|(?:Просмотров|Просмотры|Просмотр|Прагляды|Праглядаў|Views|Комментариев|Коментарии)\s*:?\s*\d[\d\s]{0,9}"
    r"|data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+"
    r"|<image>[^\n]*?(?:</image>|$)"
    r"|https?://\S+"
    r"|©[^\n]{0,120}"
    # agency datelines inside a line: «МОСКВА, 19 дек - РИА Новости.», «10 января, Минск /Корр. БЕЛТА/.»,
    # «MINSK (BelTA) –», «MOSCOW, January 28. /TASS/.»
    r"|[A-ZА-ЯЁІЎ]{3,}(?:[ -][A-ZА-ЯЁІЎ]{3,})?,\s*\d{1,2}\s+[A-Za-zА-Яа-яЁёІіЎў]+\.?(?:\s+\d{4})?\s*"
    r"(?:[-–—]\s*(?:РИА Новости|ТАСС|БелТА|БЕЛТА|Интерфакс|Sputnik|РБК|ПРАЙМ|REGNUM|Прайм|ИА [\w-]+)\.?|/[^/\n]{1,40}/\.?)"
    r"|\d{1,2}\s+[а-яёіў]+,\s*[А-ЯЁІЎ][а-яёіў]+\s*/[^/\n]{1,40}/\.?"
    r"|[A-Z]{3,}(?:\s[A-Z]{3,})?,?\s*(?:[A-Z][a-z]+\s+\d{1,2}\.?\s*)?[(/](?:BelTA|TASS|Reuters|AP|AFP|Sputnik|RIA|Interfax)[)/]\.?\s*[-–—]?"
    r")",
    re.MULTILINE,
)
# Rarer widgets with a cheap trigger of their own: e-mail addresses and bare domains («Moscow.media»).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:ru|by|com|media|city|org|net|su|info|news|online)(?![\w.])")
DOMAIN_TRIGGER = re.compile(r"\.(?:ru|by|com|media|city|org|net|su|info|news|online)(?![\w.])")
DIGIT = re.compile(r"\d")
# Abbreviations that tag lines keep with their names («Нижегородская обл.», «респ.Тыва», «г. Минск»)
TAG_ABBREVIATION = re.compile(r"(?<![\w])(?:обл|респ|г|р-н|вобл|рэсп|Resp|obl)\.(?=\s|[А-ЯЁІЎA-Z]|$)")
PUNCT = re.compile(r"[.,!?:;«»\"()—–]")


def _widgets(text: str) -> list[tuple[int, int]]:
    """Widget spans of a text, each starting at a word boundary."""
    found = [m.span() for m in first_char_guard(WIDGET_SPANS).finditer(text)]
    if "@" in text:
        found += [m.span() for m in EMAIL.finditer(text)]
    if DOMAIN_TRIGGER.search(text):
        found += [m.span() for m in first_char_guard(DOMAIN).finditer(text)]
    return [(a, b) for a, b in found if b > a and (a == 0 or not (text[a - 1].isalnum() or text[a - 1] in ".,+@/"))]


def _without_widgets(line: str, spans: list[tuple[int, int]] | None = None) -> str:
    spans = _widgets(line) if spans is None else spans
    if not spans:
        return line
    chars = list(line)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


IMAGE_LINE = re.compile(r"^\s*(?:<image\b|!\[|\[image|\[img|data:image/|<img\b|\[фото\]|\[photo\])", re.IGNORECASE)
CREDIT_LINE = re.compile(
    r"^\s*(?:Фото|Фота|Фотография|Фотографии|Фоторепортаж|Видео|Відэа|Источник|Крыніца|Автор фото|Фотограф|Photo|Source|"
    r"Иллюстрация|Ілюстрацыя|Скриншот|Кадр)\b[^\n]{0,140}$",
    re.IGNORECASE,
)
AGENCY_CREDIT = re.compile(r"^\s*(?:[©(]?\s*)?(?:ТАСС|РИА Новости|БелТА|Интерфакс|РБК|Reuters|AP|AFP|Sputnik)\s*\)?\s*$")
TAIL_HEADING = re.compile(
    r"^\s*(?:Читайте также|Читайте нас|Чытайце таксама|Смотрите также|См\. также|Глядзіце таксама|Похожие (?:новости|материалы|статьи)|"
    r"Другие новости|Последние новости|Новости по теме|По теме|Ещё по теме|Еще по теме|Материалы по теме|Популярное|"
    r"Самое читаемое|Самое популярное|Выбор редакции|Новости партн[её]ров|Лента новостей|Главное за (?:день|неделю)|Все новости|"
    r"Іншыя навіны|Навіны па тэме|Па тэме|Апошнія навіны|Related(?: news| articles)?|More news|Read also|Latest news)\b",
    re.IGNORECASE,
)
# A full stop (not after an initial or an abbreviation of one or two letters) and a capitalised word: a second
# sentence inside the line. Teaser headlines are one sentence.
INNER_SENTENCE_END = re.compile(r"[^\W\d_]{3,}[.!?…]\s+[А-ЯЁІЎA-Z][а-яёіўa-z]")
SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# Function words neither make nor break a navigation line («Войти в почту», «Перейти к основному контенту»).
NEUTRAL_WORDS = frozenset("в во на и к с по о об для из от за the to of and in on for a по-русски".split())
# Channels and apps a promotion line advertises («Быстрая доставка новостей прямо в ваш Telegram»).
PROMO = re.compile(r"(?i)\b(?:telegram|телеграм\w*|дзен\w*|vk|вконтакте|youtube|ютуб\w*|whatsapp|viber|вайбер\w*|rutube|"
                   r"одноклассник\w*|instagram|facebook|twitter|яндекс\w*|google|подписывайтесь|подпишитесь|подписаться|падпісвайцеся|падпішыцеся)\b")
BREADCRUMB = re.compile(r"\s(?:/|›|»|>|→|\|)\s")
MAX_NAV_WORDS = 8
HEADLINE_MIN, HEADLINE_MAX = 15, 180
TAIL_RUN_MIN = 3
PROSE_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class FurnitureSpan:
    """A blanked span and the class of furniture that made it (for the greyed view and for tests)."""

    start: int
    end: int
    rule: str


def _words(line: str) -> list[str]:
    return [w.lower() for w in WORD.findall(line)]


def _is_stamp(line: str) -> bool:
    """«19 дек 12:06», «20 Общество», «Политика | 12.03.2024» — dates, times, counters and rubric words only."""
    has_number = DIGIT.search(line) is not None
    if not has_number:
        return False
    rest = STAMP_TOKEN.sub(" ", line).strip()
    if not rest:
        return has_number
    words = _words(rest)
    return has_number and 0 < len(words) <= 3 and all(w in RUBRIC_WORDS or w in NAV_WORDS for w in words)


def _is_navigation(line: str) -> bool:
    """A short label made of navigation words: no sentence, no verb phrase of its own."""
    words = [w for w in _words(line) if w not in NEUTRAL_WORDS]
    if not words or len(words) > MAX_NAV_WORDS or line.rstrip().endswith("."):
        return False
    known = sum(1 for w in words if w in NAV_WORDS)
    if 2 <= len(words) <= 3 and known >= 1 and len(words) - known == 1:
        other = next(w for w in WORD.findall(line) if w.lower() not in NAV_WORDS and w.lower() not in NEUTRAL_WORDS)
        if other[:1].isupper() or other.lower() in RUBRIC_WORDS:
            return True  # «Новости Москвы», «Все новости Общество»: a menu entry with one place or rubric word
    return known == len(words) or (len(words) >= 3 and known >= len(words) - 1 and known / len(words) >= 0.75)


def _is_tag_cloud(line: str) -> bool:
    """«Россия Украина Белоруссия Минск Прага бизнес общество»: names and rubrics with no punctuation at all."""
    if PUNCT.search(TAG_ABBREVIATION.sub(" ", line)):
        return False
    words = [w for w in WORD.findall(line) if w.lower() not in NEUTRAL_WORDS]
    if len(words) < 5:
        return False
    capital = sum(1 for w in words if w[:1].isupper())
    # a word counts once, capitalised or a rubric: «В Смоленске открылось отделение посольства Республики
    # Беларусь» is a headline, though its «В» and «Беларусь» are also rubric words
    marked = sum(1 for w in words if w[:1].isupper() or w.lower() in NAV_WORDS or w.lower() in RUBRIC_WORDS)
    return capital / len(words) >= 0.7 or marked / len(words) >= 0.8


def _is_headline(line: str) -> bool:
    """A teaser headline: one capitalised line of a few words that does not end a sentence with a full stop."""
    s = line.strip()
    if not (HEADLINE_MIN <= len(s) <= HEADLINE_MAX) or not s[:1].isupper() and s[:1] not in "«\"":
        return False
    if INNER_SENTENCE_END.search(s):
        return False  # «… регионов. Сегодня в Минске с перв»: running text cut off at the excerpt's end, not a teaser
    return not s.endswith((".", ":", ";", ",")) and len(_words(s)) >= 3


def classify_line(line: str, widgets: list[tuple[int, int]] | None = None) -> str | None:
    """The furniture class of one whole line, or None for content (the line classifier's one decision).

    `widgets` are the widget spans of the line (offsets in `line`) when the caller has them already."""
    s = line.strip()
    if not s:
        return None
    if IMAGE_LINE.match(s):
        return "image"
    if len(s) > 240 or (len(s) > 100 and s[-1] in ".!?…" and s.count(" ") >= 12):
        return None  # a paragraph of running text
    if widgets is not None:
        lead = len(line) - len(line.lstrip())
        widgets = [(a - lead, b - lead) for a, b in widgets]
    rest = _without_widgets(s, widgets).strip(" |•·,;:-–—")
    if not rest or not WORD.search(rest) and not DIGIT.search(rest):
        return "widget"
    if _is_stamp(rest):
        return "date-stamp"
    if CREDIT_LINE.match(s) or AGENCY_CREDIT.match(s):
        return "credit"
    if TAIL_HEADING.match(s) and len(_words(s)) <= 8:
        return "teaser-heading"
    if _is_navigation(rest):
        return "navigation"
    if _is_tag_cloud(s):
        return "tags"
    parts = BREADCRUMB.split(s)
    if len(parts) >= 3 and all(0 < len(_words(p)) <= 4 for p in parts):
        return "navigation"  # «Главная / Новости / Регион»: a breadcrumb trail
    if len(s) <= 120 and PROMO.search(s) and not s.endswith(".") and len(_words(s)) <= 12:
        return "promotion"
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _tail_run(text: str, lines: list[tuple[int, int]], kinds: list[str | None]) -> set[int]:
    """Indices of a trailing block of teaser headlines (lists of other articles after the text).

    From the end, blank lines and furniture lines are skipped and headline-like lines counted; the block
    stops at the first line that reads as content (a sentence ending with a full stop or a long paragraph).
    A teaser heading («Читайте также», «Другие новости») anywhere after the middle of the text opens a block
    of its own: what follows it is teasers as long as the lines are headline-like.
    """
    out: set[int] = set()
    n = len(lines)
    heads = [i for i, k in enumerate(kinds) if k == "teaser-heading" and i > n // 3]
    for h in heads:
        for j in range(h + 1, n):
            a, b = lines[j]
            s = text[a:b].strip()
            if not s or kinds[j] is not None or _is_headline(s):
                out.add(j)
                continue
            break
    run: list[int] = []
    headlines = 0
    for j in range(n - 1, -1, -1):
        a, b = lines[j]
        s = text[a:b].strip()
        if not s or kinds[j] is not None:
            run.append(j)
            continue
        if _is_headline(s):
            run.append(j)
            headlines += 1
            continue
        break
    if headlines >= TAIL_RUN_MIN and _prose_before(text, lines, kinds, min(run)):
        out.update(run)
    return out


def _prose_before(text: str, lines: list[tuple[int, int]], kinds: list[str | None], end: int) -> bool:
    """Whether running text (a content line that ends a sentence and has a few words) comes before line `end`.

    Teasers follow an article; when nothing before the run reads as prose, the run is the article itself
    (a headline repeated as lead and a body cut off mid-word at the excerpt's end), not a list of others."""
    for j in range(end):
        a, b = lines[j]
        s = text[a:b].strip()
        if kinds[j] is None and len(_words(s)) >= PROSE_MIN_WORDS and SENTENCE_END.search(s):
            return True
    return False


def classify_furniture(text: str) -> list[FurnitureSpan]:
    """Furniture spans found by the line classifier (whole lines) and the widget spans inside content lines."""
    lines = _lines(text)
    starts = [a for a, _ in lines]
    found = _widgets(text)  # one pass over the whole text
    by_line: dict[int, list[tuple[int, int]]] = {}
    for a, b in found:
        k = bisect_right(starts, a) - 1
        by_line.setdefault(k, []).append((a - starts[k], min(b, lines[k][1]) - starts[k]))
    kinds = [classify_line(text[a:b], by_line.get(k, [])) for k, (a, b) in enumerate(lines)]
    tail = _tail_run(text, lines, kinds)
    out: list[FurnitureSpan] = []
    content: list[bool] = []
    for i, ((a, b), kind) in enumerate(zip(lines, kinds, strict=True)):
        if b > a and kind is not None:
            out.append(FurnitureSpan(a, b, kind))
        elif b > a and i in tail:
            out.append(FurnitureSpan(a, b, "teaser-list"))
        content.append(kind is None and i not in tail)
    for a, b in found:  # widgets glued into content lines
        if content[bisect_right(starts, a) - 1]:
            out.append(FurnitureSpan(a, b, "widget"))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def furniture_spans(text: str, codebook: Codebook) -> list[tuple[int, int, str]]:
    """(start, end, rule name) of every furniture match: the codebook's expressions, then the line classifier."""
    spans: list[tuple[int, int, str]] = []
    for f in codebook.furniture:
        for m in line_scanner(f.regex)(text):  # the same matches as finditer; «^» expressions tried at line starts
            if m.end() > m.start():
                spans.append((m.start(), m.end(), f.name))
    spans.sort()
    for s in classify_furniture(text):
        if not any(a <= s.start and s.end <= b for a, b, _ in spans):  # the codebook's own rule already named it
            spans.append((s.start, s.end, s.rule))
    return sorted(spans)


def strip_furniture(text: str, codebook: Codebook) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with furniture blanked (same length), and the blanked spans."""
    spans = furniture_spans(text, codebook)
    if not spans:
        return text, spans
    chars = list(text)
    for start, end, _ in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), spans


def detect_title(text: str, max_chars: int = 200) -> tuple[int, int] | None:
    """(start, end) of the line that heads a plain-text item: the first content line that reads as a headline.

    Navigation, widgets, date stamps, credits and image lines before it are skipped; a first content line
    longer than `max_chars` or of a single word is body text, not a title (then None: no title line).
    """
    lines = _lines(text)
    for a, b in lines:
        s = text[a:b].strip()
        if not s:
            continue
        if classify_line(s) is not None or not _without_widgets(s).strip():
            continue
        if len(s) > max_chars or len(_words(s)) < 2:
            return None
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        return a + lead, a + lead + len(s)
    return None
