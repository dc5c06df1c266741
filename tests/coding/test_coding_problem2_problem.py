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


def test_easing_and_history_are_not_problems_of_the_relation() -> None:
    eased = ("Citizens of Russia and Belarus no longer need to fill in migration cards when they travel between "
             "Vitebsk Region and Smolensk Region, the governors said after their meeting in Vitebsk.")
    assert int(code_text(eased, "Vitebsk and Smolensk simplify travel", BOOK, lang="en",
                         learned=False).values["problem"]) == 0
    memory = ("Students from Gomel and Bryansk restored a memorial together. The exhibition tells of the destruction "
              "of the villages of Gomel Region and Bryansk Region in the war, the governors of both regions said.")
    assert int(code_text(memory, "Gomel and Bryansk students restore a memorial", BOOK, lang="en",
                         learned=False).values["problem"]) == 0
