"""Belarusian spellings mapped to the official orthography for look-up: тарашкевіца and Łacinka.

Real Belarusian pages come in three spellings: the official orthography (what hunspell-be and the
codebook's Belarusian entries are written in), the classical тарашкевіца (Радыё Свабода, Наша Ніва:
«Расея», «сьвет», «вобласьць», «рашэньне») and the Latin Łacinka («Biełaruś», «Rasieja», «Viciebsk»).
The differences are regular, so one rule set maps a word of either non-official spelling to the
official form the dictionaries know, instead of every lexicon listing every spelling. Only the
look-up form changes: the text, its tokens and their offsets stay as written, so evidence still
highlights what the page says.

- `to_official(word)`: тарашкевіца → official. Deterministic rules: the assimilative soft sign
  between consonants is dropped («сьв», «зьв», «дзьв», «сьц», «ньн», «цьц», «льл» …: «сьвет» →
  «свет», «вобласьць» → «вобласць»), «зь» before an iotated vowel is the apostrophe of the official
  spelling («зьява» → «з'ява»), «зь» alone is the preposition «з», ґ is г, and a short list of
  lexical pairs that no letter rule covers (Расея → Расія, Фэдэрацыя → Федэрацыя, Эўропа → Еўропа,
  Менск → Мінск, Летува → Літва, міністар → міністр).
- `from_lacinka(word)`: Łacinka → Cyrillic by the standard transliteration table (ia/ie/io/iu after
  a consonant are я/е/ё/ю with the consonant soft, ł is л, l is ль, ch is х, ć is ць, ŭ is ў …).
  Łacinka writes assimilative softness like тарашкевіца («Bieraście»), so its output goes on
  through `to_official`.
- `lookup_variants(word)`: the forms to try in the lemmatiser, best first. Beyond `to_official`,
  тарашкевіца spells loanwords differently in ways a letter rule cannot decide alone («плян»,
  «клюб», «фэстываль», «прэзыдэнт», «сытуацыя» against «план», «клуб», «фестываль», «прэзідэнт»,
  «сітуацыя»), so those rewrites are only candidates, accepted when the dictionary knows the result.
  The word-initial у/ў alternation (a sound rule of the running text, not of the word) is tried
  both ways for the same reason: hunspell-be lists «ўрад», «ўдзел», the text writes «урад».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import combinations

# ---------------------------------------------------------------- тарашкевіца → official

# A consonant is soft when a soft sign or an iotated vowel follows it; the soft sign before such a
# consonant marks assimilative softness, which the official orthography does not write. Only dentals
# and labials soften that way (к, г, х and the always-hard ч, ш, ж, р do not: «бацькі» keeps its ь).
_SOFTENABLE = "(?:дз|[бвзлмнпсфц])"
# з, с, ц, дз and н lose the sign before a soft consonant («сьвет», «вобласьць», «жыцьцё», «рашэньне»);
# л only before л («вясельле»): the official spelling keeps «ль» before other consonants («вельмі»)
_ASSIMILATIVE = re.compile(rf"(?<=[зсцн])ь(?={_SOFTENABLE}[ьеёіюя])|(?<=л)ь(?=л[ьеёіюя])")
# «зьява», «разьехацца»: тарашкевіца writes ь where the official orthography has the apostrophe
_SOFT_SIGN_FOR_APOSTROPHE = re.compile(r"(?<=з)ь(?=[еёюя])")

# Lexical pairs: spellings no letter rule derives, each the stem of a frequent word of the domain.
# (prefix in тарашкевіца, prefix in the official orthography, what may follow the prefix)
LEXICAL_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("расе", "расі", "[йяію]"),       # Расея, Расеі, расейскі → Расія, Расіі, расійскі
    ("фэдэрац", "федэрац", ""),       # Расейская Фэдэрацыя → Расійская Федэрацыя
    ("эў", "еў", ""),                 # Эўропа, эўрапейскі, эўра → Еўропа, еўрапейскі, еўра
    ("менск", "мінск", ""),           # Менск, менскі → Мінск, мінскі
    ("меншчын", "міншчын", ""),       # Меншчына → Міншчына
    ("летув", "літв", "[аыеуо]"),     # Летува (Lithuania) → Літва
    ("летувіс", "літоўц", ""),        # летувісы → літоўцы
)
_LEXICAL = tuple((re.compile(f"^{old}(?={follow})" if follow else f"^{old}"), new) for old, new, follow in LEXICAL_PAIRS)
# prepositions with the ь тарашкевіца adds before a vowel («зь», «празь», «безь»), the stressed «ня», and one noun
WHOLE_WORDS = {"зь": "з", "празь": "праз", "безь": "без", "ня": "не", "міністар": "міністр", "прэм'ер-міністар": "прэм'ер-міністр"}


def to_official(word: str) -> str:
    """The official-orthography spelling of a lower-case тарашкевіца word form («сьвет» → «свет»).

    A word already in the official spelling comes back unchanged, except in the few forms the
    official orthography writes with an assimilative soft sign of its own («дзесьці»): callers look
    the word itself up first and use this only for forms the dictionary does not know.
    """
    whole = WHOLE_WORDS.get(word)
    if whole is not None:
        return whole
    out = word.replace("ґ", "г")
    if "ь" in out:
        # «зьява»; Łacinka «źjaviłasia» comes as «зь'явілася»: the official apostrophe alone
        out = _SOFT_SIGN_FOR_APOSTROPHE.sub("'", _ASSIMILATIVE.sub("", out)).replace("ь'", "'")
    if "-" in out:  # «беларуска-расейскі»: each part of a compound on its own
        return "-".join(_lexical(part) for part in out.split("-"))
    return _lexical(out)


def _lexical(word: str) -> str:
    for pattern, new in _LEXICAL:
        word = pattern.sub(new, word, count=1)
    return word


# ---------------------------------------------------------------- Łacinka → Cyrillic

_VOWELS = "aeiouy"
_IOTATED = {"a": "я", "e": "е", "o": "ё", "u": "ю", "i": "і"}  # after j, i (softness) or a soft l
_PLAIN = {
    "a": "а", "b": "б", "c": "ц", "ć": "ць", "č": "ч", "d": "д", "e": "э", "f": "ф", "g": "ґ", "h": "г",
    "i": "і", "j": "й", "k": "к", "ł": "л", "m": "м", "n": "н", "ń": "нь", "o": "о", "p": "п", "r": "р",
    "s": "с", "ś": "сь", "š": "ш", "t": "т", "u": "у", "ŭ": "ў", "v": "в", "y": "ы", "z": "з", "ź": "зь",
    "ž": "ж", "l": "ль",
}
LACINKA_LETTERS = frozenset("łŭćčśšźžń")
_LACINKA_ONLY = frozenset("abcćčdefghijklłmnńoprsśštuŭvyzźž-'")  # no q, w, x: those spell English or Polish


def is_lacinka_word(word: str) -> bool:
    """Whether a lower-case Latin word can be Łacinka (letters of its alphabet only, no «w», «q», «x»)."""
    return bool(word) and word[0].isalpha() and set(word) <= _LACINKA_ONLY


def from_lacinka(word: str) -> str:
    """Cyrillic of a lower-case Łacinka word form («biełaruś» → «беларусь», «viciebsk» → «віцебск»)."""
    w = unicodedata.normalize("NFC", word)
    out: list[str] = []
    n = len(w)
    k = 0
    while k < n:
        ch = w[k]
        nxt = w[k + 1] if k + 1 < n else ""
        prev = w[k - 1] if k > 0 else ""
        after_consonant = prev.isalpha() and prev not in _VOWELS and prev not in "jŭ"
        if ch == "c" and nxt == "h":  # ch → х
            out.append("х")
            k += 2
        elif ch == "j" and nxt and nxt in _IOTATED:
            # ja, je, jo, ju, ji: я, е, ё, ю, і (after a consonant with the apostrophe: «pjany» → «п'яны»)
            out.append(("'" if after_consonant else "") + _IOTATED[nxt])
            k += 2
        elif ch == "i" and nxt and nxt in "aeou" and after_consonant:
            out.append(_IOTATED[nxt])  # ia, ie, io, iu after a consonant: the consonant is soft, the vowel iotated
            k += 2
        elif ch == "l" and nxt and nxt in "aeou":
            out.append("л" + _IOTATED[nxt])  # l is soft: la, le, lo, lu → ля, ле, лё, лю
            k += 2
        elif ch == "l" and nxt == "i":
            out.append("л")  # li → лі, lia → ля: the i is read next
            k += 1
        else:
            out.append(_PLAIN.get(ch, ch))
            k += 1
    return "".join(out)


# ---------------------------------------------------------------- candidates for the lemmatiser

# Sites where тарашкевіца may spell a loanword differently; each site is rewritten or not on its own
# («унівэрсытэт» → «універсітэт» rewrites the first э and the ы but keeps the last э).
_VARIANT_SITES = re.compile(
    "л[яюё]"                           # плян, клюб → план, клуб (hard л in loanwords)
    "|(?<=[бвгдзклмнпрстфхцчш])э"      # фэстываль, бізнэс → фестываль, бізнес
    "|(?<=[зс])ы"                      # прэзыдэнт, сытуацыя → прэзідэнт, сітуацыя
    "|дзк"                             # грамадзкі, гарадзкі → грамадскі, гарадскі
    "|(?<=[бвгдзклмнпрстфхцчшж])аў$"   # краінаў, грамадзянаў: the genitive plural the official spelling writes bare
)
_REWRITE = {"ля": "ла", "лю": "лу", "лё": "ло", "э": "е", "ы": "і", "дзк": "дск", "аў": ""}
MAX_SITES = 5  # 2**5 forms at most, and only for words the dictionary does not know as written
_INITIAL_U = {"у": "ў", "ў": "у"}


def _rewrites(word: str) -> list[str]:
    """The word with every subset of its loanword sites rewritten, fewer rewrites first."""
    sites = [m.span() for m in _VARIANT_SITES.finditer(word)][:MAX_SITES]
    out = []
    for size in range(1, len(sites) + 1):
        for chosen in combinations(sites, size):
            form, last = [], 0
            for start, end in chosen:
                form.append(word[last:start] + _REWRITE[word[start:end]])
                last = end
            out.append("".join(form) + word[last:])
    return out


def lookup_variants(word: str) -> list[str]:
    """Forms of a lower-case Belarusian word (any of the three spellings) to look up, best first.

    The first is the word in Cyrillic and the official orthography; then its loanword rewrites,
    fewer first; each followed by its twin with the other initial у/ў. Forms equal to an earlier
    one are left out, so an ordinary official word yields itself and its у/ў twin only.
    """
    word = unicodedata.normalize("NFC", word)
    base = to_official(from_lacinka(word) if is_lacinka_word(word) else word)
    out: list[str] = []
    for form in [base, *_rewrites(base)]:
        for f in (form, _INITIAL_U[form[0]] + form[1:] if form[:1] in _INITIAL_U else form):
            if f not in out:
                out.append(f)
    return out


def canonical_lemma(lemma: str) -> str:
    """One spelling per lemma: ё as е (as everywhere in the stream) and an initial ў as у, the
    preposition included (hunspell-be lists «ўрад», «ўдзел» under ў, the codebook and the readers
    write «урад», «удзел»; «у»/«ў» is one preposition spelled after its neighbour)."""
    lemma = lemma.replace("ё", "е")
    return "у" + lemma[1:] if lemma.startswith("ў") else lemma


# ---------------------------------------------------------------- language identification


MIN_SHARE = 100  # Łacinka letters with diacritics: at least one in this many letters (about one in ten in real text)


def lacinka_share(sample: str) -> bool:
    """Whether a lower-case Latin-script sample is Belarusian Łacinka rather than English (or Polish).

    Łacinka letters with diacritics (ł ŭ ć č ś š ź ž ń) are frequent in any Belarusian sentence; ŭ is
    Belarusian only. Polish shares ł ć ś ź ń but writes ą ę ó ż w and the digraphs sz, cz, rz, which
    Łacinka never uses; Czech and Slovak share š ž č but write ř ě ů ý á é í. An English page that
    quotes a few names in Łacinka («Łukašenka») has the letters too, but far below one in a hundred.
    """
    marks = sum(sample.count(ch) for ch in LACINKA_LETTERS)
    if marks < 3 or marks * MIN_SHARE < sum(1 for ch in sample if ch.isalpha()):
        return False
    foreign = sum(sample.count(ch) for ch in "ąęóżwřěůýáéíq") + sum(sample.count(d) for d in ("sz", "cz", "rz"))
    return marks + 2 * sample.count("ŭ") > 2 * foreign


# ---------------------------------------------------------------- the look-up


def belarusian_lemma(word: str, lookup: Callable[[str], str | None]) -> str | None:
    """Lemma of a Belarusian word form the dictionary does not know as written, or None.

    `lookup` is the official-orthography lemmatiser. The first variant it knows gives the lemma.
    When none is known, a word that is тарашкевіца or Łacinka for sure (the rules changed it, or it
    has Łacinka letters) gets its official Cyrillic form, so that the codebook's stem globs, written
    in the official spelling, still apply; any other word gets None and the caller's own fallback.
    """
    variants = lookup_variants(word)
    for form in variants:
        if form != word:
            found = lookup(form)
            if found is not None:
                return found
    base = variants[0]
    if base != word and (not word.isascii() or LACINKA_LETTERS.intersection(word)):
        return base
    return None
