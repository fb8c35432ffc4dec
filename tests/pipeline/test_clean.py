"""Debris and headlines are blanked with the same length; HTML becomes text."""

from __future__ import annotations

from workers.pipeline.clean import blank_debris, html_to_text, leading_block


def test_debris_is_blanked_with_the_same_length() -> None:
    text = (
        "• $ 87.70 -0.69\n  • BR 90.06 +0.64%\nAll news\nFollow us on: Twitter\n"
        "File Photo: Kerry with Lavrov [Xinhua]\n"
        "Russia launched air strikes in Syria.\nShow more news\n"
        "Original url:\n<https://x.example/a>\n"
    )
    cleaned = blank_debris(text)
    assert len(cleaned) == len(text)
    assert [i for i, c in enumerate(cleaned) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    start = text.index("Russia launched")
    assert cleaned[start : start + 36] == "Russia launched air strikes in Syria"
    for debris in ("87.70", "90.06", "All news", "Follow", "Xinhua", "Show", "https"):
        assert debris not in cleaned


def test_headline_block_goes_but_the_dateline_stays() -> None:
    text = (
        "# Russia Ready to Liaise With U.S. Coalition on Syria Strikes: Lavrov\n\n"
        "Lavrov, Kerry to discuss Syria in NY meet on Sunday\n"
        "September 27, 2015, 6:35 am\n\n"
        "Russia is ready to open channels of communication, Lavrov said.\n"
        "A line without an end\n"
    )
    cleaned = blank_debris(text)
    assert "Liaise" not in cleaned and "NY meet" not in cleaned
    assert "September 27, 2015, 6:35 am" in cleaned
    assert "Russia is ready to open channels" in cleaned
    # Below the first sentence nothing is a headline any more.
    assert "A line without an end" in cleaned


def test_text_without_sentences_is_left_alone() -> None:
    text = "Germany imposes sanctions on Iran\nFrance protests"
    assert leading_block(text) == []
    assert blank_debris(text) == text


def test_ordinary_lines_are_not_debris() -> None:
    text = (
        "Share prices fell in Moscow as Russia expanded its strikes.\n"
        "Related talks will follow in Geneva, officials said.\n"
    )
    assert blank_debris(text) == text


def test_html_to_text() -> None:
    html = (
        "<html><body><nav>Home</nav><article><p>France and Germany signed a "
        "defence pact in Paris on Monday, officials said.</p></article></body></html>"
    )
    assert "signed a defence pact" in html_to_text(html)
