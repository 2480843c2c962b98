import pytest

from unspool.model import Segment, derive_title, leading_numbering_length, make_thread_id, strip_numbering, trailing_marker_length


@pytest.mark.parametrize(
    "text, cut",
    [("1/ Hello", 3), ("2/12 Next", 5), ("(3/5) Then", 6), ("[4/n] More", 6), ("1/n start", 4), ("7. Step", 3), ("3 cups of flour", 0), ("2024 was fine", 0), ("Hello", 0)],
)
def test_leading_numbering(text, cut):
    assert leading_numbering_length(text) == cut


@pytest.mark.parametrize("text, cut", [("Thread time 🧵", 2), ("Read on 👇", 2), ("the end 5/5", 4), ("the end", 0), ("ratio 3/4 of it", 0)])
def test_trailing_marker(text, cut):
    assert trailing_marker_length(text) == cut


def test_strip_numbering_keeps_entities_and_drops_empty_text():
    segments = [Segment("text", "1/ "), Segment("hashtag", "#bread", "https://x.com/hashtag/bread"), Segment("text", " 🧵")]
    assert strip_numbering(segments) == [Segment("hashtag", "#bread", "https://x.com/hashtag/bread")]


def test_title_is_first_line_without_numbering_and_cut_on_a_word():
    assert derive_title("1/ Building a kite\nsecond line") == "Building a kite"
    long = "1/ " + "word " * 40
    title = derive_title(long)
    assert title.endswith("…") and len(title) <= 91 and not title.startswith("1/")
    assert derive_title("") == "Untitled thread"


def test_thread_id_is_stable_and_url_safe():
    assert make_thread_id("x", "123") == make_thread_id("x", "123")
    assert make_thread_id("x", "123") != make_thread_id("bluesky", "123")
    assert make_thread_id("x", "123").isalnum()
