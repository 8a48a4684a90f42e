"""`kit report --title/--description` and `report.yaml`: which wins, and clear errors."""

from __future__ import annotations

import pytest

from kit.present.report_config import DEFAULT_TITLE, ReportConfigError, report_config


def test_defaults_without_any_setting(tmp_path):
    config = report_config([tmp_path / "corpus"], tmp_path / "out")
    assert config.title == DEFAULT_TITLE and config.description == ""


def test_options_beat_the_output_folder_which_beats_the_corpus(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    out.mkdir()
    (corpus / "report.yaml").write_text("title: From the corpus\ndescription: Corpus words.\n", encoding="utf-8")
    assert report_config([corpus], out).title == "From the corpus"
    (out / "report.yaml").write_text("title: From the output\n", encoding="utf-8")
    config = report_config([corpus], out)
    assert (config.title, config.description) == ("From the output", "Corpus words.")
    config = report_config([corpus], out, title="  From   the option ", description="Mine.")
    assert (config.title, config.description) == ("From the option", "Mine.")


def test_a_corpus_file_reads_the_report_yaml_beside_it(tmp_path):
    (tmp_path / "articles.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "report.yaml").write_text("title: Beside the file\n", encoding="utf-8")
    assert report_config([tmp_path / "articles.jsonl"], tmp_path / "out").title == "Beside the file"


@pytest.mark.parametrize(
    "content, message",
    [
        ("title: [unclosed\n", "not usable YAML"),
        ("- a list\n", "should map 'title'"),
        ("title: x\nauthor: y\n", "unknown key(s) author"),
        ("title: {a: 1}\n", "'title' should be text"),
    ],
)
def test_a_bad_report_yaml_is_named_with_what_to_change(tmp_path, content, message):
    (tmp_path / "report.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ReportConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        report_config([tmp_path], tmp_path / "out")
