"""spaCy annotation of many articles at once, long ones in paragraph-aligned chunks."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from workers.pipeline.resources import spacy_package

# Every stage reads tags, parses and entities; the lemmatizer is cheap and the
# mention, quote and date stages read lemmas, so nothing of the default pipeline is
# left out.
EXCLUDE: tuple[str, ...] = ()
# spaCy's own batch: large enough to keep its matrix work efficient.
SPACY_BATCH = 64
LINE_BREAKS = "eventwire_line_breaks"
# Tags of a line that can hold a clause: a line without one is a date, a byline or a
# caption, and the parser must not glue it to the sentence below.
_CLAUSE_TAGS = frozenset("VB VBD VBG VBN VBP VBZ MD".split())
_FINAL = frozenset('. ! ? … " ” ’ )'.split())


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line that ends one or that holds no verb.

    A paragraph break is not always a sentence break in scraped text ("would be" /
    "aimed at ..." across two lines), so only these two safe cases are fixed.
    """
    line_start = 0
    for token in doc:
        if not (token.is_space and "\n" in token.text):
            continue
        line = [t for t in doc[line_start : token.i] if not t.is_space]
        nxt = token.i + 1
        if (
            line
            and nxt < len(doc)
            and (
                line[-1].text in _FINAL or not any(t.tag_ in _CLAUSE_TAGS for t in line)
            )
        ):
            doc[nxt].is_sent_start = True
        line_start = nxt
    return doc


@dataclass(frozen=True, slots=True)
class Chunk:
    """A parsed piece of one article; ``offset`` maps its characters back."""

    article: int
    offset: int
    doc: Doc
    # The piece as parsed, equal to ``doc.text``, which spaCy rebuilds from every
    # token on each access.
    text: str


def paragraph_chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of about ``size`` characters, cut at paragraph ends, with their offsets.

    A sentence never spans a paragraph break in news text, so cutting there changes
    no parse; a paragraph longer than ``size`` is cut at a line end, else a space.
    """
    if size <= 0:
        raise ValueError("chunk size must be positive")
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(separator, start + size // 4, limit)
            if cut > start:
                cut += len(separator)
                break
        if cut <= start:
            cut = limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


class Annotator:
    """Loads the spaCy pipeline on first use and parses batches of texts."""

    def __init__(
        self, model: str = "en_core_web_sm", chunk_chars: int = 20_000
    ) -> None:
        self.model = model
        self.chunk_chars = chunk_chars
        self._nlp: Language | None = None

    def load(self) -> Language:
        if self._nlp is None:
            self._nlp = _load(self.model)
        return self._nlp

    def annotate(self, texts: Sequence[str]) -> list[Chunk]:
        """Parses of every text, in order; one ``nlp.pipe`` stream for all of them."""
        nlp = self.load()
        pieces = [
            (index, offset, piece)
            for index, text in enumerate(texts)
            for offset, piece in paragraph_chunks(text, self.chunk_chars)
        ]
        docs = nlp.pipe((p[2] for p in pieces), batch_size=SPACY_BATCH)
        return [
            Chunk(index, offset, doc, piece)
            for (index, offset, piece), doc in zip(pieces, docs, strict=True)
        ]


@functools.cache
def _load(model: str) -> Language:
    """The spaCy pipeline with the line-break rule before the parser, once per process.

    Not ``resources.load_spacy``: that shared instance stays as spaCy ships it.
    """
    import spacy

    nlp = spacy.load(spacy_package(model), exclude=list(EXCLUDE))
    nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp
