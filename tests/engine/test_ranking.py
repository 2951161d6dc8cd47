"""Vectorised competition ranks: one sort for any number of peer groups, identical to a per-group loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dti.engine.scoring import competition_ranks


def _reference(values: np.ndarray, peer_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The per-group loop the engine used before: sort each group, count strictly greater values."""
    rank = np.zeros(values.shape, dtype=np.int64)
    peers = np.zeros(values.shape[1], dtype=np.int64)
    for gid in np.unique(peer_ids):
        cols = np.nonzero(peer_ids == gid)[0]
        peers[cols] = len(cols)
        for r in range(values.shape[0]):
            v = values[r, cols]
            rank[r, cols] = len(cols) - np.searchsorted(np.sort(v), v, side="right") + 1
    return rank, peers


@st.composite
def _cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n_units = draw(st.integers(1, 40))
    n_rows = draw(st.integers(1, 4))
    n_groups = draw(st.integers(1, n_units))
    peer_ids = draw(hnp.arrays(np.int64, n_units, elements=st.integers(0, n_groups - 1)))
    # few distinct values so ties are frequent; NaN appears too
    elements = st.sampled_from([0.0, 0.5, 1.0, 2.5, 10.0, float("nan")])
    values = draw(hnp.arrays(np.float64, (n_rows, n_units), elements=elements))
    _, dense = np.unique(peer_ids, return_inverse=True)  # the engine passes dense ids (np.unique inverse)
    return values, dense.astype(np.int64)


@settings(max_examples=300, deadline=None)
@given(_cases())
def test_same_ranks_as_the_per_group_loop(case: tuple[np.ndarray, np.ndarray]) -> None:
    values, peer_ids = case
    rank, peers = competition_ranks(values, peer_ids)
    ref_rank, ref_peers = _reference(values, peer_ids)
    assert np.array_equal(rank, ref_rank)
    assert np.array_equal(peers, ref_peers)


def test_ties_share_the_rank_and_the_next_rank_skips() -> None:
    values = np.array([[5.0, 7.0, 7.0, 1.0, 3.0, 3.0]])
    peer_ids = np.array([0, 0, 0, 0, 1, 1])
    rank, peers = competition_ranks(values, peer_ids)
    assert rank.tolist() == [[3, 1, 1, 4, 1, 1]]
    assert peers.tolist() == [4, 4, 4, 4, 2, 2]


@pytest.mark.parametrize("n_groups", [1, 700])
def test_many_groups_at_national_size(n_groups: int) -> None:
    rng = np.random.default_rng(3)
    peer_ids = np.sort(rng.integers(0, n_groups, 2000))
    _, peer_ids = np.unique(peer_ids, return_inverse=True)
    values = np.round(rng.random((3, 2000)) * 10, 1)
    assert np.array_equal(competition_ranks(values, peer_ids)[0], _reference(values, peer_ids)[0])
