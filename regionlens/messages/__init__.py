"""Messages in the reader's language: CLI output, prompts, help and errors.

The code writes its messages in Russian, the users' first language; an English
catalogue (`data/en.yaml`) maps each Russian message template to English. The
layers that show text to a person (CLI, web) pass it through `translate` with the
reader's language, so a core module raising `ValueError(f"… {x} …")` needs no
language parameter and the catalogue stays the one place where wording lives.
"""

from regionlens.messages.catalog import Catalog, load_catalog
from regionlens.messages.lang import LANGS, current_lang, pick_lang, set_lang, use_lang
from regionlens.messages.translate import tr, translate

__all__ = [
    "LANGS",
    "Catalog",
    "current_lang",
    "load_catalog",
    "pick_lang",
    "set_lang",
    "tr",
    "translate",
    "use_lang",
]
