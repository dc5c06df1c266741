"""Text cleanup shared by all readers.

Exports from monitoring services carry Windows newlines, HTML entities, zero-width and
bidi marks and stray control bytes; downstream tokenisation and hashing must not see them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")  # VT = line break in Word/Excel, FF = page break
# C0/C1 controls except \t and \n (both handled as whitespace below)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
# zero-width, bidi and invisible formatting marks, BOM, soft hyphen
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# lone surrogates (JSON «\\ud800», undecodable file names) cannot be encoded as UTF-8 by any database driver
_SURROGATE = re.compile("[\ud800-\udfff]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str, *, unescape_html: bool = False) -> str:
    """Normalise a body text but keep paragraph breaks (blank lines) for later splitting."""
    if unescape_html and "&" in text:
        text = html.unescape(text)
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = _INLINE_SPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def scrub_surrogates(text: str) -> str:
    """Replace lone surrogates with U+FFFD so the string can always be stored as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def clean_url(url: str) -> str:
    """A URL without control characters or whitespace (never legal in a URL; a damaged feed can carry them)."""
    return _SURROGATE.sub("\ufffd", "".join(ch for ch in url if ch.isprintable() and not ch.isspace()))


def clean_line(text: str, *, unescape_html: bool = False) -> str:
    """Titles, sources and similar one-line fields: every whitespace run becomes one space."""
    return " ".join(clean_text(text, unescape_html=unescape_html).split())


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer pre".split()
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Feed summaries are small HTML fragments; the stdlib parser is enough and never raises on tag soup."""
    if "<" not in fragment:
        return clean_text(fragment, unescape_html=True)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return clean_text("".join(collector.parts))
