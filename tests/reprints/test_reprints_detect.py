"""Reprint detection on texts built here: changed leads are found, distinct texts are not clustered."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from regionlens.reprints import find_reprints, shingles
from regionlens.reprints.detect import strip_datelines

WORDS = (
    "делегация область район завод договор соглашение встреча губернатор исполком товарооборот поставка "
    "техника молоко зерно школа университет студент выставка форум культура музей театр дорога мост граница "
    "транспорт логистика энергия газ цена рост снижение проект программа инвестиция предприятие продукция "
    "рабочий город село праздник память ветеран молодежь спорт турист гостиница больница врач лечение "
    "сотрудничество партнер регион республика союз государство министр визит обмен опыт план задача итог"
).split()
T0 = datetime(2023, 3, 1, 9, 0, tzinfo=UTC)


def story(rng: random.Random, n: int = 160) -> list[str]:
    return [rng.choice(WORDS) for _ in range(n)]


def text(words: list[str]) -> str:
    return " ".join(words)


def test_changed_lead_and_dateline_are_found_and_original_is_earliest() -> None:
    rng = random.Random(5)
    base = story(rng)
    original = "МОСКВА, 25 окт – Росинформ. " + text(base)
    reprint1 = text(story(rng, 18) + base[18:])                     # lead rewritten, no dateline
    reprint2 = "СМОЛЕНСК, 26 окт. " + text(base[:150]) + " Источник: Росинформ"
    other = text(story(rng))
    records = [
        ("r1", reprint1, T0 + timedelta(hours=5), "regional"),
        ("orig", original, T0, "federal"),
        ("r2", reprint2, T0 + timedelta(days=1), "local"),
        ("x", other, T0 + timedelta(hours=2), "regional"),
    ]
    links = find_reprints(sorted(records, key=lambda r: r[2]))
    by_doc = {link.doc_id: link for link in links}
    assert set(by_doc) == {"orig", "r1", "r2"}
    assert {link.original_id for link in links} == {"orig"}
    assert len({link.cluster_id for link in links}) == 1
    assert by_doc["orig"].similarity == 1.0
    assert 0.7 <= by_doc["r1"].similarity < 1.0


def test_distinct_texts_on_the_same_subjects_are_not_clustered() -> None:
    rng = random.Random(11)
    records = [(f"d{i}", text(story(rng)), T0 + timedelta(hours=i), "regional") for i in range(200)]
    assert find_reprints(records) == []


def test_same_time_tie_goes_to_the_national_outlet() -> None:
    rng = random.Random(3)
    base = text(story(rng))
    links = find_reprints([("reg", base, T0, "regional"), ("fed", base, T0, "federal")])
    assert {link.original_id for link in links} == {"fed"}


def test_copies_further_apart_than_the_window_are_not_linked() -> None:
    rng = random.Random(8)
    base = text(story(rng))
    records = [("a", base, T0, "federal"), ("b", base, T0 + timedelta(days=20), "regional")]
    assert find_reprints(records, window_days=7) == []
    assert len(find_reprints(records, window_days=30)) == 2


def test_several_clusters_keep_their_own_originals() -> None:
    rng = random.Random(21)
    records = []
    for c in range(5):
        base = story(rng)
        start = T0 + timedelta(days=2 * c)
        records.append((f"o{c}", text(base), start, "federal"))
        for j in range(3):
            changed = story(rng, 10) + base[10:]
            records.append((f"c{c}r{j}", text(changed), start + timedelta(hours=j + 1), "regional"))
    links = find_reprints(sorted(records, key=lambda r: r[2]))
    assert len(links) == 20
    for link in links:
        assert link.original_id == "o" + str(link.doc_id)[1]
    assert len({link.cluster_id for link in links}) == 5


def test_datelines_are_stripped_and_shingles_are_lowercase() -> None:
    assert strip_datelines("МИНСК, 3 марта (Белновости) – Текст новости") == "Текст новости"
    assert strip_datelines("Заголовок\nВИТЕБСК, 12 июля 2023 г. — Лид") == "Заголовок\nЛид"
    assert strip_datelines("Обычный текст, 5 мая - это дата") == "Обычный текст, 5 мая - это дата"
    assert shingles("Ёлка Стоит В Лесу Зимой") == {"елка стоит в лесу зимой"}
    assert shingles("два слова") == {"два слова"}
    assert shingles("") == set()
