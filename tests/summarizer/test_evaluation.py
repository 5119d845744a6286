"""`newsbrief eval` runs on the bundled sample, reports newsbrief and Lead-3 side by side, and says clearly
when a file is absent."""

from __future__ import annotations

from summarizer.evaluation import lead_baseline, main
from tests.summarizer.helpers import DATA


def test_eval_on_the_bundled_sample_prints_both_systems(capsys):
    assert main(["--data", str(DATA / "sample_news.jsonl"), "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "ROUGE on 5 articles" in out and "newsbrief" in out and "Lead-3 (same budget)" in out


def test_a_missing_file_is_reported_not_raised(capsys, tmp_path):
    assert main(["--data", str(tmp_path / "absent.jsonl")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_ner_mode_compares_consolidated_entities_with_raw_spacy(capsys, tmp_path):
    row = (
        '{"id": "x-0", "doc": 1, "text": "Peter Blackburn met officials of the European Commission in Brussels .", '
        '"entities": [{"start_char": 0, "end_char": 15, "type": "PER"}, '
        '{"start_char": 37, "end_char": 56, "type": "ORG"}, {"start_char": 60, "end_char": 68, "type": "LOC"}]}'
    )
    path = tmp_path / "ner.jsonl"
    path.write_text(row + "\n")
    assert main(["--ner", str(path)]) == 0
    out = capsys.readouterr().out
    assert "raw_spacy" in out and "consolidated" in out


def test_lead_baseline_is_cut_to_the_same_word_budget():
    text = "One two three four five. Six seven eight nine ten. Eleven twelve."
    assert lead_baseline(text, 7) == ["One two three four five.", "Six seven"]
