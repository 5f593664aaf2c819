"""The sentence splitter, on passages shaped like the seed articles."""

from __future__ import annotations

import re

from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.text import MAX_STATEMENT_CHARS, normalize, split_lines, split_statements

HEADLINE_AND_LEAD = (
    "White House says ties with Russia have improved\n\nU.S. officials said on Friday that the talks went well.\n"
)


def test_headline_without_period_is_its_own_statement():
    assert split_statements(HEADLINE_AND_LEAD) == [
        "White House says ties with Russia have improved",
        "U.S. officials said on Friday that the talks went well.",
    ]


def test_titles_and_state_abbreviations_do_not_end_sentences():
    text = (
        "Ms. Clinton met Mr. Lavrov in Feb. 2012 in Geneva. "
        "Sen. Kelly Ayotte (R-N.H.) told reporters the policy had failed. "
        "Deputy Secretary William J. Burns agreed."
    )
    assert split_statements(text) == [
        "Ms. Clinton met Mr. Lavrov in Feb. 2012 in Geneva.",
        "Sen. Kelly Ayotte (R-N.H.) told reporters the policy had failed.",
        "Deputy Secretary William J. Burns agreed.",
    ]


def test_us_ends_a_sentence_only_before_a_sentence_start():
    text = "Putin Aide Says U.S. Holds Key\n\nHe blamed the U.S. The talks ended."
    assert split_statements(text) == ["Putin Aide Says U.S. Holds Key", "He blamed the U.S.", "The talks ended."]


def test_curly_quote_with_attribution_after_stays_whole():
    text = "“We're able to work with the Russians,” said Rhodes. “And we see results.”"
    assert split_statements(text) == ["“We're able to work with the Russians,” said Rhodes.", "“And we see results.”"]


def test_multi_sentence_quote_is_one_statement():
    text = '"Can they save it? Yes, they can. Will they? I don\'t know," Pushkov said. Talks resume Monday.'
    assert split_statements(text) == [
        '"Can they save it? Yes, they can. Will they? I don\'t know," Pushkov said.',
        "Talks resume Monday.",
    ]


def test_dash_attribution_after_quote_is_kept():
    text = "“We helped to negotiate some solutions.” -Ms. Clinton\n\nShe added more."
    assert split_statements(text) == ["“We helped to negotiate some solutions.” -Ms. Clinton", "She added more."]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    sentence = "This sentence goes on about the treaty and the talks. "
    text = '"' + sentence * 40
    pieces = split_statements(text)
    assert len(pieces) == 40


def test_bullets_bylines_and_crlf():
    text = (
        "Related articles:\r\n\r\n- [Obama Won't Go](#)\r\n- [U.S. Criticizes Meat Import Ban](#)\r\n\r\nBy Staff\r\n"
    )
    assert split_statements(text) == [
        "Related articles:",
        "- [Obama Won't Go](#)",
        "- [U.S. Criticizes Meat Import Ban](#)",
        "By Staff",
    ]


def test_hard_wrapped_paragraph_is_joined():
    text = (
        "Relations between the two countries took a dive after the\n"
        "election, undermining the initiative launched by the two\n"
        "presidents in 2009. Officials disagreed.\n"
    )
    assert split_statements(text) == [
        "Relations between the two countries took a dive after the election, undermining the "
        "initiative launched by the two presidents in 2009.",
        "Officials disagreed.",
    ]


def test_seed_articles_split_into_expected_counts():
    counts = {path.name[:3]: len(split_statements(path.read_text(encoding="utf-8"))) for path in SEEDS}
    assert counts == {"000": 12, "001": 51, "002": 17, "003": 16, "004": 33}


def test_seed_sentences_with_ms_and_mr_stay_whole():
    text = next(p for p in SEEDS if p.name.startswith("001")).read_text(encoding="utf-8")
    statements = split_statements(text)
    assert "The United States is committed to deepen relations with Russia, Ms. Clinton said." in statements
    assert not any(s in ("Mr.", "Ms.", "Clinton said.") for s in statements)


def test_normalize_removes_bom_and_controls():
    assert normalize("\ufeffa\r\nb\rc\x07d") == "a\nb\nc d"


def test_overlong_statement_is_cut_at_whitespace():
    text = "word " * 3000
    pieces = split_statements(text)
    assert all(len(p) <= MAX_STATEMENT_CHARS for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_lines_keeps_one_statement_per_line():
    assert split_lines("one. two.\r\n\n three \n") == ["one. two.", "three"]


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_splitting_never_loses_visible_characters(text):
    pieces = split_statements(text)
    assert "".join(_visible(p) for p in pieces) == _visible(text)
    assert all(p and p == p.strip() for p in pieces)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["The U.S. said no.", "“Yes,” he said.", "Ms. Clinton agreed", "\n\n", " ", "- item", "Why?"]),
        max_size=30,
    )
)
def test_splitting_news_like_fragments_keeps_characters(parts):
    text = "".join(parts)
    assert "".join(_visible(p) for p in split_statements(text)) == _visible(text)


def test_short_line_after_a_wrapped_paragraph_is_its_own_statement():
    text = (
        "Officials in Moscow and Washington said on Tuesday that the talks on the\n"
        "treaty had made progress and would resume in Geneva next month after a\n"
        "break for consultations\n"
        "Photo: Reuters\n"
    )
    assert split_statements(text) == [
        "Officials in Moscow and Washington said on Tuesday that the talks on the treaty had made progress "
        "and would resume in Geneva next month after a break for consultations",
        "Photo: Reuters",
    ]
