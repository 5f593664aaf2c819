"""The labelled set: loader errors, and the checks the shipped data must pass."""

from __future__ import annotations

import pytest
from conftest import DATA, tiny_rows, write_csv

from stance.data import (
    LABELS,
    Statement,
    cohen_kappa,
    describe,
    load_dataset,
    near_duplicates,
    normalize_for_comparison,
)
from stance.errors import DataError


def test_tiny_csv_loads(tiny_csv):
    dataset = load_dataset(tiny_csv)
    assert len(dataset) == 24
    assert set(dataset.labels) == set(LABELS)
    assert len(dataset.sha256) == 64


def _broken(tmp_path, change, columns=None):
    rows = tiny_rows()
    change(rows)
    return write_csv(tmp_path / "broken.csv", rows, columns)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[3].update(label="positive"), "broken.csv:5: unknown label 'positive'"),
        (lambda rows: rows[2].update(text="   "), "broken.csv:4: empty text for id 'su2'"),
        (lambda rows: rows[6].update(id="su0"), "broken.csv:8: duplicate id 'su0' (first on line 2)"),
        (lambda rows: rows[1].update(source="no-such-id"), "broken.csv:3: source 'no-such-id' of 'su1' is not an id"),
        (lambda rows: rows[4].update(origin="seed", source="x"), "broken.csv:6: seed row needs source"),
        (lambda rows: rows[5].update(origin="written"), "broken.csv:7: unknown origin 'written'"),
        (lambda rows: rows[0].update(group=""), "broken.csv:2: empty group for id 'su0'"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path, change, message):
    path = _broken(tmp_path, change)
    with pytest.raises(DataError) as info:
        load_dataset(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_column_is_an_error(tmp_path):
    path = _broken(tmp_path, lambda rows: None, columns=["id", "text", "label", "origin", "source"])
    with pytest.raises(DataError, match=r"broken.csv:1: missing column\(s\): group"):
        load_dataset(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DataError, match=r"no such data file"):
        load_dataset(tmp_path / "absent.csv")
    with pytest.raises(DataError, match="is a directory"):
        load_dataset(tmp_path)


def test_non_utf8_data_is_an_error(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,text,label,origin,source,group\na,caf\xe9 talks,none,grown,fact:x,a\n")
    with pytest.raises(DataError, match=r"latin\.csv:2: not valid UTF-8"):
        load_dataset(path)


def test_line_numbers_count_multiline_fields(tmp_path):
    rows = tiny_rows()
    rows[0]["text"] = "first line\nsecond line"
    rows[2]["label"] = "bad"
    path = write_csv(tmp_path / "multi.csv", rows)
    with pytest.raises(DataError, match=r"multi\.csv:5: unknown label"):
        load_dataset(path)


def _statement(sid, text, label="none", group=None):
    return Statement(sid, text, label, "grown", "fact:x", group or sid)


def test_near_duplicates_find_same_text_after_normalising():
    found = near_duplicates([_statement("a", "The reset, it failed!"), _statement("b", "the RESET it failed")])
    assert [(a.id, b.id) for a, b, _ in found] == [("a", "b")]


def test_near_duplicates_find_high_shingle_overlap():
    base = "Moscow and Washington signed the new arms treaty in Prague after a year of hard talks"
    found = near_duplicates([_statement("a", base), _statement("b", base + " on Thursday")])
    assert len(found) == 1 and found[0][2] >= 0.7


def test_contrast_pairs_may_overlap_but_unrelated_statements_may_not():
    a = _statement("a", "Despite the row over Syria, the two sides finished the arms treaty on time", "mixed", "g")
    b = _statement("b", "Despite the row over Syria, the two sides finished the arms treaty on time!", "failure", "g")
    c = _statement("c", "Because of the row over Syria, the two sides finished the arms treaty late", "failure", "g")
    assert [(x.id, y.id) for x, y, _ in near_duplicates([a, b])] == [("a", "b")]  # same words: still a duplicate
    assert near_duplicates([a, c]) == []


def test_normalize_for_comparison():
    assert normalize_for_comparison("Russia’s  “reset”—over?") == "russias reset over"


def test_cohen_kappa_matches_hand_computation():
    # observed 0.8; expected 0.5*0.6 + 0.5*0.4 = 0.5 → kappa 0.6
    a = ["x"] * 5 + ["y"] * 5
    b = ["x"] * 5 + ["y"] * 4 + ["x"]
    assert cohen_kappa(a, b) == pytest.approx((0.9 - 0.5) / 0.5)
    assert cohen_kappa(["x", "y", "y", "x", "x"], ["x", "y", "x", "x", "y"]) == pytest.approx(1 / 6)


# The shipped data set -------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(DATA)


def test_shipped_data_meets_the_size_targets(shipped):
    counts = shipped.counts()["total"]
    assert counts["total"] >= 2000
    for label in ("success", "failure", "mixed"):
        assert counts[label] >= 450, label
    assert counts["none"] >= 300


def test_every_seed_sentence_is_labelled(shipped):
    from conftest import SEEDS

    from stance.text import split_statements

    expected = {
        f"{path.name}:{i}": text
        for path in SEEDS
        for i, text in enumerate(split_statements(path.read_text(encoding="utf-8")), 1)
    }
    seeds = {s.source: s.text for s in shipped.statements if s.origin == "seed"}
    assert seeds == expected


def test_shipped_data_has_no_near_duplicates(shipped):
    found = near_duplicates(shipped.statements)
    assert found == [], [(a.id, b.id, round(o, 2)) for a, b, o in found[:10]]


def test_grown_statements_are_five_to_sixty_words_and_record_their_source(shipped):
    for s in shipped.statements:
        if s.origin == "grown":
            # Sentences of written whole articles keep an article's natural lengths
            # (two-word bylines, long leads); single statements are 5 to 60 words.
            low, high = (2, 70) if s.extra.get("article") else (5, 60)
            assert low <= len(s.text.split()) <= high, s.id
            assert s.source.startswith("fact:") or s.source in shipped.by_id(), s.id


def test_descendants_share_their_sources_group(shipped):
    index = shipped.by_id()
    for s in shipped.statements:
        if s.origin == "grown" and s.source in index:
            assert s.group == index[s.source].group, s.id


def test_agreement_is_reported_for_seed_and_grown(shipped):
    report = describe(shipped)
    assert report["agreement"]["seed"]["n"] == sum(1 for s in shipped.statements if s.origin == "seed")
    assert report["agreement"]["grown"]["n"] >= 300
    for subset in ("seed", "grown"):
        assert 0.0 < report["agreement"][subset]["kappa"] <= 1.0


def test_row_with_extra_fields_is_an_error(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(
        "id,text,label,origin,source,group\na,fine,none,grown,fact:x,a\nb,oops,none,grown,fact:x,b,surplus\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"extra\.csv:3: wrong number of fields"):
        load_dataset(path)
