"""Debris blanking keeps offsets; HTML becomes text."""

from __future__ import annotations

from workers.pipeline.clean import blank_debris, html_to_text


def test_debris_is_blanked_with_the_same_length() -> None:
    text = (
        "# Russia Ready to Liaise\n$ 87.70 -0.69\nAll news\nFollow us on: Twitter\n"
        "Russia launched air strikes.\nOriginal url: https://x.example/a\n"
    )
    cleaned = blank_debris(text)
    assert len(cleaned) == len(text)
    assert cleaned.count("\n") == text.count("\n")
    assert "Russia launched air strikes." in cleaned
    for debris in ("87.70", "All news", "Follow us", "Original url", "Liaise"):
        assert debris not in cleaned


def test_html_to_text() -> None:
    html = (
        "<html><body><nav>Home</nav><article><p>France and Germany signed a "
        "defence pact in Paris on Monday, officials said.</p></article></body></html>"
    )
    assert "signed a defence pact" in html_to_text(html)
