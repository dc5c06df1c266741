"""A title for a record that has none: its first short line, as for a plain-text file.

Exports and scraper dumps often give only an id, a URL and the text, whose first line is the headline.
Kept as one small function so a better title rule (owned by the title-detection work) can replace it.
"""

from __future__ import annotations

MAX_TITLE_CHARS = 200


def first_line_title(text: str) -> tuple[str, str]:
    """(title, rest of the text) when the first line is short and more text follows; else ("", text)."""
    lines = text.strip().split("\n")
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    if first and len(first) <= MAX_TITLE_CHARS and rest:
        return first, rest
    return "", text
