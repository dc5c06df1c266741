"""Problem words used incidentally in ordinary cooperation news (round-4 class): the word is there, the problem is not.

«Долг» is a debt in a gas dispute but a duty in a memorial speech («сохранить память — наш общий долг»); only the
debt is a problem of the relations (CODEBOOK.md: problems outside the relations are 0).
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_text

BOOK = load_codebook()
OPENING = "Губернатор Брянской области и председатель Гомельского облисполкома возложили цветы к мемориалу. "


def problem(text: str) -> int:
    return int(code_text(text, "Брянщина и Гомельщина почтили память героев", BOOK, lang="ru",
                         learned=False).values["problem"])


def test_duty_is_not_a_debt() -> None:
    assert problem(OPENING + "Сохранить память о подвиге народов России и Беларуси — наш общий долг, "
                             "отметил губернатор.") == 0
    assert problem(OPENING + "Исполнить свой долг перед ветеранами призвал председатель облисполкома. "
                             "Россия и Беларусь продолжат совместную работу.") == 0


def test_a_debt_in_the_relation_still_counts() -> None:
    assert problem(OPENING + "Долг белорусских предприятий перед российскими поставщиками газа вырос "
                             "до 300 миллионов долларов, Россия требует его погасить.") == 1
