"""Turning an article into statements.

The splitter is rule-based and has no dependencies. It is written for news copy
as it arrives on disk: headlines and bylines without a final period, bullet
lines, blank-line paragraphs, hard-wrapped paragraphs, CRLF line ends, curly and
straight quotes with the attribution after them (``“...,” said Rhodes.``), and
abbreviations such as "U.S.", "Ms.", "R-N.H." and "Feb.".

Two choices shape it:

* A quotation is kept whole, with its attribution. ``"Can they save it? Yes.
  Will they? I don't know," he said.`` is one statement, because its stance is
  only visible as a whole (see ``data/ANNOTATION.md``, rule 7).
* Nothing that matters is lost: every statement is a substring of the
  normalised text, and the statements, in order, hold every non-whitespace
  character of it (:func:`normalize` only removes a byte-order mark, unifies line
  ends and turns control characters into spaces).

``benchmarks/splitter.py`` compares this splitter with pysbd, syntok and
blingfire on a hand-segmented copy of the seed articles.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

__all__ = ["MAX_STATEMENT_CHARS", "normalize", "split_lines", "split_statements"]

#: Statements longer than this are cut at whitespace; a megabyte of text with no
#: sentence end is not a statement anyone wrote, and would be slow to score.
MAX_STATEMENT_CHARS = 2000

# A quotation longer than this is treated as unbalanced (a stray quote mark)
# and split as ordinary text.
_MAX_QUOTE_CHARS = 1200

# Tokens that end with a period but do not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt sen rep gov amb pres rev fr st jr sr
    messrs mt ft no nos vol p pp fig art sec dept univ corp inc ltd co bros est approx vs etc al
    cf jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# After a dotted acronym such as "U.S." a sentence only ends if one of these
# words follows; otherwise "U.S. officials" would be cut in two.
_SENTENCE_STARTERS = frozenset(
    """
    a an the he she it they we i you this that these those there but and or so yet in on at for
    as after before when while if although though however still meanwhile moscow washington
    russia russian american obama putin medvedev clinton lavrov kerry his her their its our my
    one some many
    """.split()
)

_QUOTES_OPEN = "“"
_QUOTES_CLOSE = "”"
_QUOTE_STRAIGHT = '"'

_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\d{1,3}[.)])\s+")
_TERMINAL = re.compile(r"""[.!?…:;]["'”’)\]]*$""")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# A candidate sentence end: terminal punctuation, closing quotes or brackets,
# then whitespace. Quote marks are matched too, to track whether we are inside
# a quotation.
_TOKENS = re.compile(r"""(?P<quote>[“”"])|(?P<end>[.!?…]+(?P<closers>["”’')\]]*))(?=\s)""")
_WORD_BEFORE = re.compile(r"""([\w.\-’']+)$""")
_WORD_AFTER = re.compile(r"""\s+["“‘'(\[]*([\w’'-]+)""")


def normalize(text: str) -> str:
    """Return ``text`` with a BOM removed, line ends unified and controls blanked.

    Parameters
    ----------
    text : str
        Raw text, as decoded from a file.

    Returns
    -------
    str
        The same text with ``\\r\\n`` and ``\\r`` turned into ``\\n``, a leading
        byte-order mark dropped, and other control characters (tabs and line
        feeds excepted) replaced by spaces.

    Examples
    --------
    >>> normalize("\\ufeffOne.\\r\\nTwo.")
    'One.\\nTwo.'
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def _paragraph_blocks(text: str) -> list[str]:
    """Split normalised text into blocks that sentences never cross."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        for previous, line in pairwise(lines):
            if _continues(previous, line, width):
                current = f"{current} {line}"
            else:
                blocks.append(current)
                current = line
        blocks.append(current)
    return blocks


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues a hard-wrapped sentence that ``previous`` (the line above) began."""
    if _BULLET.match(line):
        return False
    if line[0].islower():
        return True
    # A wrapped line fills most of the paragraph's width and stops mid-sentence;
    # a headline or byline is short, or ends in punctuation.
    return width >= 50 and len(previous) >= 0.6 * width and not _TERMINAL.search(previous)


def _is_boundary(block: str, match: re.Match[str]) -> bool:
    """Decide whether a period-like match ends a sentence."""
    punct = match.group("end")
    after = _WORD_AFTER.match(block, match.end())
    rest = block[match.end() :].lstrip()
    if not rest:
        return True
    if after is None:
        # Followed by a dash, digit-less symbol etc.: attribution like "-Ms. Clinton".
        return rest[0] not in "-–—,;:)" and not rest[0].islower()
    next_word = after.group(1)
    if next_word[0].islower():
        return False
    if punct.rstrip("\"”’')]").endswith(("!", "?", "…")) or match.group("closers"):
        return True
    before = _WORD_BEFORE.search(block, 0, match.start())
    if before is None:
        return True
    token = before.group(1).strip("’'")
    bare = token.rstrip(".").lower()
    if "." in token:
        # Dotted acronyms and state abbreviations: U.S., U.N., R-N.H., D.C.
        return next_word.lower() in _SENTENCE_STARTERS
    if bare in _ABBREVIATIONS:
        return False
    # An initial, as in "William J. Burns", does not end a sentence.
    return not (len(bare) == 1 and token.isupper())


def _split_block(block: str, *, protect_quotes: bool) -> list[str]:
    pieces: list[str] = []
    start = 0
    in_quote = False
    quote_start = 0
    for match in _TOKENS.finditer(block):
        quote = match.group("quote")
        if quote is not None:
            if quote == _QUOTES_OPEN:
                in_quote, quote_start = True, match.start()
            elif quote == _QUOTES_CLOSE:
                in_quote = False
            else:
                in_quote = not in_quote
                quote_start = match.start()
            continue
        if protect_quotes and in_quote:
            continue
        if _is_boundary(block, match):
            piece = block[start : match.end()].strip()
            if piece:
                pieces.append(piece)
            start = match.end()
    tail = block[start:].strip()
    if tail:
        pieces.append(tail)
    if protect_quotes and in_quote and len(block) - quote_start > _MAX_QUOTE_CHARS:
        # A quote that never closes: fall back to splitting its text plainly.
        return _split_block(block, protect_quotes=False)
    return pieces


def _cap_length(piece: str) -> list[str]:
    if len(piece) <= MAX_STATEMENT_CHARS:
        return [piece]
    # Walk by offsets: slicing the remainder each time would be quadratic.
    chunks: list[str] = []
    start, end = 0, len(piece)
    while end - start > MAX_STATEMENT_CHARS:
        limit = start + MAX_STATEMENT_CHARS
        cut = piece.rfind(" ", start + MAX_STATEMENT_CHARS // 2, limit)
        if cut == -1:
            cut = limit
        chunk = piece[start:cut].strip()
        if chunk:
            chunks.append(chunk)
        start = cut
        while start < end and piece[start].isspace():
            start += 1
    tail = piece[start:end].strip()
    if tail:
        chunks.append(tail)
    return chunks


def split_statements(text: str) -> list[str]:
    """Split an article into statements.

    Parameters
    ----------
    text : str
        The article. Any line ends, a byte-order mark and control characters
        are accepted (see :func:`normalize`).

    Returns
    -------
    list of str
        The statements in reading order: sentences, headlines, bylines,
        captions and bullet lines, each stripped of surrounding whitespace.
        Whitespace inside a statement is kept as it was, except that the lines of
        a hard-wrapped paragraph are joined with a space.

    Examples
    --------
    >>> split_statements('US, Russia sign treaty\\n\\n“It is a good day,” said Ms. Clinton. '
    ...                  'Talks on Syria failed.')
    ['US, Russia sign treaty', '“It is a good day,” said Ms. Clinton.', 'Talks on Syria failed.']
    """
    statements: list[str] = []
    for block in _paragraph_blocks(normalize(text)):
        for piece in _split_block(block, protect_quotes=True):
            statements.extend(_cap_length(piece))
    return statements


def split_lines(text: str) -> list[str]:
    """Split text into one statement per non-blank line.

    Parameters
    ----------
    text : str
        Text holding one statement per line.

    Returns
    -------
    list of str
        The stripped, non-blank lines; over-long lines are cut at whitespace
        as in :func:`split_statements`.

    Examples
    --------
    >>> split_lines("First line\\r\\n\\n  second line  \\n")
    ['First line', 'second line']
    """
    statements: list[str] = []
    for line in normalize(text).split("\n"):
        line = line.strip()
        if line:
            statements.extend(_cap_length(line))
    return statements


def is_mostly_text(text: str) -> bool:
    """Whether ``text`` looks like human-readable text rather than binary data."""
    if not text:
        return True
    sample = text[:65536]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    weird = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cs", "Cn"))
    return printable / len(sample) > 0.9 and weird / len(sample) < 0.05
