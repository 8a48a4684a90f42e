"""The Dask engine gives exactly the tables of the local engine."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import open_store
from kit.pipeline import tag
from kit.store import Store

from .conftest import SEEDS

pytestmark = pytest.mark.slow


def assert_same_tables(a, b):
    left, right = open_store(a), open_store(b)
    assert left.tables == right.tables
    for name in left.tables:
        pd.testing.assert_frame_equal(left.table(name), right.table(name), check_like=False, obj=name)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as running:
        yield running


def test_dask_and_local_engines_agree_on_the_seeds(tmp_path, cluster):
    tag([SEEDS], tmp_path / "local", n_process=1, progress=False)
    tag([SEEDS], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_dask_and_local_engines_agree_on_the_outside_corpus(tmp_path, cluster, bias_store, bias_corpus):
    tag([bias_corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert_same_tables(bias_store, tmp_path / "dask")
    # The store itself holds the rows in document order, as the local engine writes them: Corpus has
    # nothing to sort.
    for name in ("entities", "quotes", "sentences"):
        local = Store(bias_store).read(name, columns=["doc_id"]).column("doc_id").to_pylist()
        dask = Store(tmp_path / "dask").read(name, columns=["doc_id"]).column("doc_id").to_pylist()
        assert dask == local, name


def test_dask_without_an_address_starts_a_local_cluster(tmp_path):
    summary = tag([SEEDS], tmp_path / "dask", engine="dask", n_process=1, progress=False)
    assert summary.tagged == 3
    assert len(open_store(tmp_path / "dask").entities) == summary.entities > 0


def test_unknown_engine_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        tag([SEEDS], tmp_path / "x", engine="spark", progress=False, force=True)
