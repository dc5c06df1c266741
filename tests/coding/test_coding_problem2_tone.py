"""Tone on ordinary cooperation news (round-4 class): protocol warmth is description, not praise.

A visit report that signs, opens and plans joint work carries many weak warmth words («подписали», «совместный»,
«развитие», «опыт») without one evaluation of the cooperation; CODEBOOK.md codes it 0 («descriptive»).
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_text, prepare_doc
from regionlens.coding.tone import code_problem, tone_balance

BOOK = load_codebook()


def test_protocol_warmth_words_alone_are_not_a_positive_tone() -> None:
    text = ("Делегация Витебской области во главе с председателем облисполкома посетила Псковскую область. "
            "Стороны подписали план совместных мероприятий на 2026 год и обсудили развитие связей. "
            "Гости побывали на предприятиях области, где обменялись опытом, и открыли выставку.")
    title = "Витебская делегация посетила Псков"
    result = code_text(text, title, BOOK, lang="ru", learned=False)
    assert result.values["union"] == 1
    doc = prepare_doc(text, title, BOOK, lang="ru")
    balance = tone_balance(doc, code_problem(doc, 1))
    assert balance.strong == 0 and balance.pos >= 2.4  # only weak cues, and as many as the old threshold wanted
    assert result.values["tone"] == 0


def test_one_evaluation_with_warmth_stays_positive() -> None:
    text = ("Делегация Витебской области во главе с председателем облисполкома посетила Псковскую область. "
            "Стороны подписали план совместных мероприятий и отметили успешное развитие дружеских связей.")
    result = code_text(text, "Витебская делегация посетила Псков", BOOK, lang="ru", learned=False)
    assert result.values["tone"] == 1
