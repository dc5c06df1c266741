"""The serial detector and the time-window chunks run one loop (`confirm_pairs`) and give identical links.

The windowed run used to repeat the serial LSH window loop in `scale/reprint_windows.py`; a change to one
(the candidate cap, the eviction rule) could leave the other behind. Both now call
`regionlens.reprints.detect.confirm_pairs`, so a rule changed there changes both alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from regionlens.reprints import detect
from regionlens.reprints.detect import confirm_pairs, find_reprints
from regionlens.scale.reprint_windows import chunk_pairs, iter_chunks, merge_chunks

STORY = ("Делегация Витебской области посетила Смоленск: стороны обсудили поставки льна, ремонт моста через "
         "Днепр, обмен школьниками и совместную ярмарку ремёсел на границе двух областей следующей осенью.")
T0 = datetime(2023, 3, 1, 9, tzinfo=UTC)


def _story(n: int, cut: int = 0) -> str:
    """Story `n`: a story-specific token in every 5-word shingle, the last `cut` words dropped."""
    words = STORY.split()
    return " ".join(w + (f" {n}" if i % 4 == 0 else "") for i, w in enumerate(words[: len(words) - cut]))


def _corpus() -> list[tuple[str, str, datetime | None, str]]:
    """Undated copies first (as the store streams them), then dated stories with copies days later, a burst
    of 40 copies on one day, and unrelated notes."""
    out: list[tuple[str, str, datetime | None, str]] = [
        ("u1", _story(3, cut=1), None, "local"), ("u2", _story(99), None, "regional"), ("u3", _story(99, cut=2), None, "local"),
    ]
    dated: list[tuple[str, str, datetime | None, str]] = []
    for n in range(24):
        day = T0 + timedelta(days=n * 2)
        dated.append((f"o{n}", _story(n), day, "regional"))
        if n % 2:
            dated.append((f"c{n}", "МИНСК, 5 марта – БЕЛТА. " + _story(n, cut=n % 3), day + timedelta(days=n % 5), "federal"))
        dated.append((f"w{n}", f"Прогноз на {n} марта: облачно, ветер {n} метров в секунду.", day, "local"))
    dated += [(f"b{i}", _story(50, cut=i % 3), T0 + timedelta(days=20, minutes=7 * i), "local") for i in range(40)]
    return out + sorted(dated, key=lambda r: (r[2], r[0]))


def test_context_is_compared_against_but_only_owned_publications_are_confirmed() -> None:
    items = [(0, _story(1), T0, False), (1, _story(1, cut=1), T0 + timedelta(days=1), False),
             (2, _story(1, cut=2), T0 + timedelta(days=2), True)]
    found = confirm_pairs(items, threshold=0.7, window_days=7)
    assert sorted(found.best) == [0, 1, 2]  # the owned copy paired with both context copies
    assert found.forest.find(0) == found.forest.find(1) == found.forest.find(2)
    assert len(found.edges) == 2 and all(2 in edge for edge in found.edges)  # no context-context pair
    far = [(0, _story(1), T0, True), (1, _story(1, cut=1), T0 + timedelta(days=9), True)]
    assert confirm_pairs(far, threshold=0.7, window_days=7).best == {}  # out of the window: evicted


@pytest.mark.parametrize("cap", [detect.MAX_CANDIDATES, 3])
@pytest.mark.parametrize(("chunk_days", "max_docs"), [(5, 5000), (1, 1)])
def test_windowed_and_serial_links_are_identical(cap: int, chunk_days: int, max_docs: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect, "MAX_CANDIDATES", cap)  # one rule, read by the one loop both runs use
    records = _corpus()
    serial = find_reprints(records, threshold=0.7, window_days=7)
    by_id = {link.doc_id: link for link in serial}
    assert by_id["u2"].cluster_id == by_id["u3"].cluster_id and not by_id["u2"].original_known
    assert by_id["u1"].original_id == "o3"  # an undated copy joins the dated story's cluster
    assert by_id["c7"].original_id == "o7" and by_id["c7"].similarity < 1.0
    assert {by_id[f"b{i}"].cluster_id for i in range(40)} == {by_id["b0"].cluster_id}
    assert not any(doc.startswith("w") for doc in by_id)
    windowed = merge_chunks(chunk_pairs(chunk, 0.7, 7) for chunk in iter_chunks(records, chunk_days, 7, max_docs))
    assert windowed == serial
