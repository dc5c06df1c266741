"""Typed errors of the project's stages: the core raises them, each layer renders them its own way.

The CLI prints the message and exits with code 2, the web app and API answer
with it, a library caller catches the class. Messages are written in Russian
(the users' first language) and translated where they leave the process, as
every other user-facing message of regionlens.
"""

from __future__ import annotations


class StageError(Exception):
    """A stage that cannot run as asked; the message says why and what to do, for the user."""

    def translated(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language, `REGIONLENS_LANG`), as the CLI prints it."""
        from regionlens.messages import translate

        return translate(str(self), lang)


class OptionsError(StageError):
    """Options that contradict each other or are out of range (`--workers` with `--dask`, zero workers)."""


class NothingToAnalyse(StageError):
    """The project has no coded publications to analyse or report on."""


class ClusterError(StageError):
    """The Dask scheduler cannot be reached or the cluster failed."""


class InputError(StageError):
    """A file, folder or option value the stage was given does not exist or cannot be read."""


__all__ = ["ClusterError", "InputError", "NothingToAnalyse", "OptionsError", "StageError"]
