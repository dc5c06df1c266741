"""The CLI's language: `--lang` / `REGIONLENS_LANG` for messages, prompts and `--help`.

The root command group reads `--lang` from the arguments before Click parses
them, so help screens and errors raised while parsing are already in the
reader's language; commands then see the same choice through
`regionlens.messages.current_lang()`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer.core import TyperGroup

from regionlens.messages import current_lang, pick_lang, set_lang, translate


def lang_from_args(args: Sequence[str]) -> str | None:
    """The value of the first `--lang X` / `--lang=X` in the arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return pick_lang(args[i + 1])
        if arg.startswith("--lang="):
            return pick_lang(arg.split("=", 1)[1])
    return None


def translate_help(command: Any, lang: str) -> None:
    """Help texts of a command tree in `lang` (they are written in Russian in the code)."""
    for attr in ("help", "short_help", "epilog"):
        value = getattr(command, attr, None)
        if isinstance(value, str):
            setattr(command, attr, translate(value, lang))
    for param in command.params:
        value = getattr(param, "help", None)
        if isinstance(value, str):
            param.help = translate(value, lang)  # type: ignore[attr-defined]
    for sub in (getattr(command, "commands", None) or {}).values():  # groups (typer vendors its own click)
        translate_help(sub, lang)


def command_lang(lang: str | None) -> str:
    """A command's `--lang` value, or the language chosen for this run."""
    return pick_lang(lang) if lang else current_lang()


class LocalizedGroup(TyperGroup):
    """The root group: sets the run's language before parsing, so `--help` is translated too."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        argv = list(args) if args is not None else sys.argv[1:]
        set_lang(lang_from_args(argv))
        lang = current_lang()
        if lang != "ru":
            translate_help(self, lang)
        try:
            return super().main(argv, *rest, **kwargs)
        finally:
            set_lang(None)
