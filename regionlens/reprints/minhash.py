"""MinHash signatures and their banded LSH index, computed as datasketch computes them, without its
per-value and per-object overhead.

datasketch's `MinHash.update_batch` calls the hash function once per shingle in
Python and every signature re-validates the permutation arrays; its LSH index
byte-swaps each band and keeps two layers of storage objects. Together that was
over half of reprint detection. Here a signature is one numpy expression over
all shingle hashes of a text, with datasketch's own permutations (affine over
32 bits after the MurmurHash3 finaliser), and the index is a dict per band. The
band layout (how many bands of how many rows) comes from datasketch's
`MinHashLSH` for the same threshold and weights, so the candidates, and with
them the clusters, are the same; a test compares both on real texts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

# MurmurHash3's 32-bit finaliser (shifts and multipliers), as datasketch applies it before permuting
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_MAX32 = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutations (a, b) for (num_perm, seed), drawn once."""
    template = MinHash(num_perm=num_perm, seed=seed)
    if template.scheme != "affine32":  # pragma: no cover - a datasketch release changed its default scheme
        raise RuntimeError(f"неожиданная схема MinHash в datasketch: {template.scheme}")
    a, b = template.permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def signature(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray | None:
    """The MinHash values of a set of 32-bit hashes (None for an empty set)."""
    if not len(hashes):
        return None
    a, b = permutations(num_perm, seed)
    hv = np.asarray(hashes, dtype=np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    return np.minimum(np.full(num_perm, _MAX32, dtype=np.uint32), (hv * a + b).min(axis=0))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures (what `MinHash.jaccard` returns)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


class BandIndex:
    """Banded LSH over signatures: a key is a candidate when one band of its signature equals the query's."""

    def __init__(self, threshold: float, num_perm: int, weights: tuple[float, float]) -> None:
        layout = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
        self.ranges = [(i * layout.r, (i + 1) * layout.r) for i in range(layout.b)]
        self.tables: list[dict[bytes, set[int]]] = [{} for _ in self.ranges]
        self.bands: dict[int, list[bytes]] = {}

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        return [sig[start:end].tobytes() for start, end in self.ranges]

    def insert(self, key: int, sig: np.ndarray) -> None:
        if key in self.bands:
            raise ValueError("The given key already exists")
        bands = self.bands[key] = self._bands(sig)
        for band, table in zip(bands, self.tables, strict=True):
            table.setdefault(band, set()).add(key)

    def remove(self, key: int) -> None:
        for band, table in zip(self.bands.pop(key), self.tables, strict=True):
            keys = table[band]
            keys.discard(key)
            if not keys:
                del table[band]

    def query(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for band, table in zip(self._bands(sig), self.tables, strict=True):
            keys = table.get(band)
            if keys:
                found |= keys
        return found
