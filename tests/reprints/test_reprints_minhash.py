"""The detector's own MinHash and band index give exactly datasketch's signatures, similarities and LSH
candidates (the clusters depend on all three), on texts with reprints, near-copies and unrelated news."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash, MinHashLSH

from regionlens.reprints.detect import NUM_PERM, SEED, new_index, shingle_hashes, text_signature
from regionlens.reprints.minhash import similarity

WORDS = ("губернатор область делегация переговоры поставки техники ярмарка сотрудничество витебск смоленск "
         "гомель брянск зерно молоко форум студенты маршрут граница очереди перевозчики завод договор").split()


def _texts(n: int) -> list[str]:
    """Stories, each also copied verbatim, with a changed ending, and with a dateline; plus short notes."""
    rng = random.Random(18)
    out: list[str] = []
    for i in range(n):
        story = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 120))) + f" выпуск {i}"
        out += [story, story, story.rsplit(" ", 8)[0] + " другой конец заметки о событии дня",
                "МОСКВА, 12 марта – ТАСС. " + story, " ".join(rng.choice(WORDS) for _ in range(3))]
    return out


def _datasketch(text: str) -> MinHash | None:
    hashes = shingle_hashes(text)
    if not hashes:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=lambda v: v)
    m.update_batch(hashes)
    return m


def test_signatures_and_similarities_are_datasketchs() -> None:
    texts = _texts(20)
    ours = [text_signature(t) for t in texts]
    theirs = [_datasketch(t) for t in texts]
    assert text_signature("") is None and _datasketch("") is None
    for a, b in zip(ours, theirs, strict=True):
        assert a is not None and b is not None
        assert np.array_equal(a, b.hashvalues)
    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, min(i + 6, len(texts)))]
    sims = [similarity(ours[i], ours[j]) for i, j in pairs]  # type: ignore[arg-type]
    assert sims == [theirs[i].jaccard(theirs[j]) for i, j in pairs]  # type: ignore[union-attr,arg-type]
    assert 1.0 in sims and any(0.3 < s < 1.0 for s in sims) and any(s < 0.1 for s in sims)


def test_band_index_finds_datasketchs_candidates_through_inserts_and_removals() -> None:
    texts = _texts(30)
    ours, theirs = new_index(0.7), MinHashLSH(threshold=0.6, num_perm=NUM_PERM, weights=(0.3, 0.7))
    found = 0
    for i, text in enumerate(texts):
        sig, ref = text_signature(text), _datasketch(text)
        assert sig is not None and ref is not None
        candidates = ours.query(sig)
        assert candidates == set(theirs.query(ref))
        found += len(candidates)
        ours.insert(i, sig)
        theirs.insert(i, ref)
        if i >= 12:  # a sliding window, as the detector keeps one
            ours.remove(i - 12)
            theirs.remove(i - 12)
    assert found > len(texts)  # copies met their originals
