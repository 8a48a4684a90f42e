"""The benchmark corpus generator is deterministic and streams; the benchmark suite runs end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate, load_sources, main, split_sentences, vary_numbers  # noqa: E402


@pytest.fixture(scope="module")
def sources():
    return load_sources()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_seed_gives_the_same_bytes(tmp_path, sources):
    a = generate(60, tmp_path / "a.jsonl", seed=3, sources=sources)
    b = generate(60, tmp_path / "b.jsonl", seed=3, sources=sources)
    other = generate(60, tmp_path / "c.jsonl", seed=4, sources=sources)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != other.read_bytes()


def test_records_are_valid_unique_and_varied(tmp_path, sources):
    path = generate(150, tmp_path / "corpus.jsonl", seed=0, sources=sources)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 150
    records = [json.loads(line) for line in lines]
    assert len({r["id"] for r in records}) == 150
    originals = {s.source_id: "\n\n".join(s.paragraphs) for s in sources}
    for record in records:
        assert record["text"].strip()
        assert record["source_id"] in originals
        assert record["text"] != originals[record["source_id"]]
        assert "2014-01-01" <= record["date"] <= "2023-12-31"
    # draws from many sources, not one: all of them where only the seeds are at hand
    assert len({r["source_id"] for r in records}) >= min(11, len(sources))


def test_seed_articles_keep_their_headline_and_sentences(tmp_path, sources):
    seed_ids = {s.source_id for s in sources[:3]}
    records = [
        r for r in read_jsonl(generate(120, tmp_path / "c.jsonl", sources=sources)) if r["source_id"] in seed_ids
    ]
    assert records
    source = next(s for s in sources if s.source_id == records[0]["source_id"])
    text = records[0]["text"]
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == len(source.paragraphs)
    for new, old in zip(paragraphs[1:], source.paragraphs[1:]):
        assert len(split_sentences(new)) == len(split_sentences(old))


def test_numbers_change_but_small_ones_and_format_stay():
    import random

    text = "Some 1,200 troops and 45 tanks crossed on March 3, 2014; 7 were hurt (2014-03-03)."
    varied = vary_numbers(text, random.Random(1), year_shift=1)
    assert "7 were hurt" in varied
    assert "1,200 troops" not in varied and " troops" in varied
    assert "2015" in varied and "2014" not in varied
    troops = int(varied.split("Some ")[1].split(" troops")[0].replace(",", ""))
    assert 600 <= troops <= 2400 and troops != 1200


def test_a_larger_corpus_starts_with_the_smaller_one_and_start_continues_it(tmp_path, sources):
    small = read_jsonl(generate(20, tmp_path / "s.jsonl", sources=sources))
    large = read_jsonl(generate(25, tmp_path / "l.jsonl", sources=sources))
    rest = read_jsonl(generate(5, tmp_path / "r.jsonl", start=20, sources=sources))
    assert large[:20] == small
    assert large[20:] == rest


def test_generation_streams(tmp_path, sources):
    def peak(n: int) -> int:
        tracemalloc.start()
        generate(n, tmp_path / f"{n}.jsonl", sources=sources)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(100), peak(2000)
    assert (tmp_path / "2000.jsonl").stat().st_size > 15 * (tmp_path / "100.jsonl").stat().st_size
    assert large < 2 * small  # 20 times the articles, not 20 times the memory


def test_txt_format_and_command_line(tmp_path, capsys):
    assert main(["7", str(tmp_path / "txt"), "--format", "txt", "--seed", "2"]) == 0
    files = sorted((tmp_path / "txt").glob("*.txt"))
    assert len(files) == 7
    assert all(f.read_text(encoding="utf-8").strip() for f in files)
    assert "7 article(s)" in capsys.readouterr().out


def test_bad_arguments_are_refused(tmp_path, sources):
    with pytest.raises(ValueError, match="format"):
        generate(1, tmp_path / "x", fmt="xml", sources=sources)
    with pytest.raises(ValueError):
        generate(-1, tmp_path / "x.jsonl", sources=sources)


@pytest.mark.slow
def test_quick_benchmark_runs_every_section(tmp_path):
    results_path = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--size",
            "12",
            "--memory-sizes",
            "6,12",
            "--table-sizes",
            "6,12,1200",
            "--max-run-seconds",
            "1",
            "--profile-size",
            "6",
            "--batch-sizes",
            "16",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(results_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for title in (
        "1. Machine",
        "2. Tagging throughput",
        "3. Where time goes",
        "4. Profile",
        "5. Cached reload",
        "6. Incremental",
        "7. Peak memory",
        "8. Report",
        "9. Cost against corpus size",
        "10. Large stores",
    ):
        assert f"== {title}" in out, title
    assert "ratio kit/bare" in out and "ratio incremental/cold" in out and "ratio of peaks" in out
    assert "extrapolated (linear fit), not measured" in out

    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert results["throughput"]["documents"] == 12 and results["throughput"]["words"] > 0
    assert 0 < results["throughput"]["ratio_kit_bare"]
    assert results["reload"]["up_to_date"] is True
    assert results["incremental"]["tagged"] == 1  # only the new article is tagged again
    assert results["memory"]["sizes"] == [6, 12] and all(p > 0 for p in results["memory"]["peak_rss"])
    assert {"ingest + clean", "tagging (+ saving parts)", "merge (+ derived tables)"} <= set(results["phases"])
    assert [row["measured"] for row in results["cost"]] == [True, True, False]
    assert results["large_store"]["documents"] == [13, 130]  # 12 articles and 1 added, ten times over


def test_a_replicated_store_has_every_table_n_times_and_the_notebook_calls_run_on_it(seeds_store, tmp_path):
    from large_store import replicate_store, time_store

    from kit import open_store

    assert replicate_store(seeds_store, tmp_path / "x3", copies=3) == 9
    original, copy = open_store(seeds_store), open_store(tmp_path / "x3")
    for name in original.tables:
        assert len(copy.table(name)) == 3 * len(original.table(name)), name
    assert copy.documents.doc_id.is_unique and set(copy.stories.story_id) <= set(copy.documents.doc_id)
    timings = time_store(tmp_path / "x3")
    assert [label for label, _, _ in timings][:2] == ["open_store", "describe_corpus (documents)"]
    assert all(secs >= 0 and peak > 0 for _, secs, peak in timings)


def _polnear_folder(root: Path) -> Path:
    """A two-attribution article in PolNeAR's layout: one direct quote, one reported statement,
    and one attribution of belief that is not speech."""
    text = (
        'Kyiv is ready for talks.\n\n"We will not give up our land," Zelensky told reporters.\n\n'
        "Lavrov said Moscow wanted a ceasefire. Analysts believe the war will go on.\n"
    )
    spans = {
        "quote": text.index("We will not") - 1,
        "zel": text.index("Zelensky"),
        "lavrov": text.index("Lavrov"),
        "moscow": text.index("Moscow wanted"),
        "analysts": text.index("Analysts"),
    }
    quote_end = text.index('land,"') + len('land,"')
    said = text.index("said")
    told = text.index("told")
    believe = text.index("believe")
    ann = "\n".join(
        [
            f"T1\tSource {spans['zel']} {spans['zel'] + 8}\tZelensky",
            f"T2\tCue {told} {told + 4}\ttold",
            f"T3\tContent {spans['quote']} {quote_end}\tx",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
            f"T4\tSource {spans['lavrov']} {spans['lavrov'] + 6}\tLavrov",
            f"T5\tCue {said} {said + 4}\tsaid",
            f"T6\tContent {spans['moscow']} {text.index('ceasefire') + 9}\tx",
            "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
            f"T7\tSource {spans['analysts']} {spans['analysts'] + 8}\tAnalysts",
            f"T8\tCue {believe} {believe + 7}\tbelieve",
            f"T9\tContent {believe + 8} {len(text) - 2}\tx",
            "E3\tAttribution:T8 Content:T9 Cue:T8 Source:T7",
        ]
    )
    data = root / "data"
    (data / "train" / "text").mkdir(parents=True)
    (data / "train" / "attributions").mkdir(parents=True)
    (data / "train" / "text" / "a.txt").write_text(text, encoding="utf-8")
    (data / "train" / "attributions" / "a_x.ann").write_text(ann + "\n", encoding="utf-8")
    return data


def test_polnear_scores_speech_attributions_and_leaves_belief_out(tmp_path, tagger):
    import polnear

    data = _polnear_folder(tmp_path)
    assert [len(polnear.read_ann(p)) for p in (data / "train" / "attributions").glob("*.ann")] == [3]
    counts = polnear.score(data, "train", 0, 0, tagger)["counts"]
    assert (counts["direct"], counts["speech"]) == (1, 1)  # "believe" is not speech
    assert (counts["direct_found"], counts["direct_src"]) == (1, 1)
    assert (counts["speech_found"], counts["speech_src"]) == (1, 1)


def test_polnear_refuses_a_folder_that_is_not_polnear(tmp_path, capsys):
    import polnear

    with pytest.raises(SystemExit):
        polnear.main([str(tmp_path)])
    assert "not PolNeAR's data folder" in capsys.readouterr().err


def test_changes_tags_records_in_a_checkout_and_samples_no_test_article(tmp_path):
    import changes
    import yaml

    from .conftest import shared_file

    records = tmp_path / "sample.jsonl"
    text = (
        'Vladimir Putin met Olaf Scholz. "We talked for two hours," the Russian leader said. '
        "Ukraine's army said 30 soldiers were killed in Donetsk."
    )
    records.write_text(json.dumps({"id": "a", "text": text, "title": None, "date": "2022-02-15"}) + "\n")
    rows = changes.tag(changes.ROOT, records, tmp_path / "rows.jsonl")
    assert [(r["kind"], r["speaker_name"]) for r in rows.values()][0] == ("direct", "Vladimir Putin")
    figures = changes.tag(changes.ROOT, records, tmp_path / "figures.jsonl", "numbers")
    assert [(r["value"], r["category"], r["scope"]) for r in figures.values()] == [(30, "killed", "current")]
    assert "killed 1" in changes._totals(figures, "numbers")

    shared_file(changes.CORPORA / "bbc-news-2004-2005" / "articles.jsonl")
    sets = yaml.safe_load((changes.ROOT / "tests" / "eval" / "sets.yaml").read_text(encoding="utf-8"))
    test = {str(item["doc_id"]) for item in sets["test"]}
    chosen = changes.sample(60, seed=1)
    assert chosen and not {r["id"] for r in chosen} & test
    assert len({r["id"] for r in chosen}) == len(chosen) <= 60 * 4
