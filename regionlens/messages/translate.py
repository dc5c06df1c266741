"""Turn a finished Russian message into the reader's language.

Messages are matched whole against the catalogue: exact text first, then
templates whose placeholders take the variable parts. The variable parts are
translated too (an error that wraps another error), and a multi-line message is
translated line by line. Text that matches nothing is returned unchanged: it is
data (a publication title, a file name), not interface wording.
"""

from __future__ import annotations

import re

from regionlens.messages.catalog import PLACEHOLDER, Catalog, load_catalog
from regionlens.messages.lang import current_lang

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
MAX_DEPTH = 4


def _fill(target: str, values: dict[str, str]) -> str:
    """The English template with its numbered placeholders filled; doubled braces become literal ones."""
    masked = target.replace("{{", "\0").replace("}}", "\1")
    return PLACEHOLDER.sub(lambda p: values[p.group(1)], masked).replace("\0", "{").replace("\1", "}")


def _translate_line(line: str, catalog: Catalog, depth: int) -> str:
    if not CYRILLIC.search(line):
        return line
    hit = catalog.exact.get(line)
    if hit is not None:
        return hit
    stripped = line.strip()
    if stripped != line and stripped in catalog.exact:
        start = line.index(stripped)
        return line[:start] + catalog.exact[stripped] + line[start + len(stripped) :]
    for template in catalog.templates:
        if not line.startswith(template.prefix):
            continue
        m = template.pattern.fullmatch(line)
        if m is None:
            continue
        values = {
            name[1:]: (_translate_text(value, catalog, depth + 1) if depth < MAX_DEPTH else value)
            for name, value in m.groupdict().items()
        }
        return _fill(template.target, values)
    return line


def _translate_text(text: str, catalog: Catalog, depth: int = 0) -> str:
    if "\n" in text:
        return "\n".join(_translate_line(line, catalog, depth) for line in text.split("\n"))
    return _translate_line(text, catalog, depth)


def translate(text: str, lang: str | None = None) -> str:
    """`text` in `lang` (default: the current language); Russian text is returned as is."""
    lang = lang or current_lang()
    if lang == "ru" or not text:
        return text
    return _translate_text(text, load_catalog(lang))


def tr(template: str, *args: object, lang: str | None = None) -> str:
    """Format a Russian template with positional values, then translate it.

    `tr("Загружено {0} из {1}", n, total)`: the catalogue key is the template
    itself, so the test that checks the catalogue finds it in the source.
    """
    lang = lang or current_lang()
    if lang != "ru":
        catalog = load_catalog(lang)
        target = next((t.target for t in catalog.templates if t.source == template), None)
        if target is not None:
            return target.format(*(translate(str(a), lang) for a in args))
        if not args and template in catalog.exact:
            return catalog.exact[template]
    text = template.format(*args) if args else template.replace("{{", "{").replace("}}", "}")
    return translate(text, lang)
