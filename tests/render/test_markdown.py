import json
import re

from unspool.model import Segment
from unspool.render import render_index_markdown, render_markdown
from unspool.render.markdown import escape

from .conftest import make_post, make_thread


def front_matter(text: str) -> dict[str, str]:
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    fields = {}
    for line in block.split("\n"):
        key, _, value = line.partition(": ")
        assert re.fullmatch(r"[a-z_]+", key)
        # Every value is a JSON string, which is also a valid double-quoted YAML scalar.
        fields[key] = json.loads(value)
    return fields


def test_front_matter(thread):
    fields = front_matter(render_markdown(thread))
    assert list(fields) == ["title", "author", "author_handle", "date", "source", "network", "id"]
    assert fields["title"] == "Six things I learned growing tomatoes on a balcony #gardening"
    assert fields["author"] == "Robin Example"
    assert fields["author_handle"] == "robin_makes"
    assert fields["date"] == "2024-05-01T09:31:00+00:00"
    assert fields["source"] == "https://x.com/robin_makes/status/17001"
    assert fields["network"] == "x"
    assert fields["id"] == "t3stthread"


def test_front_matter_quotes_hostile_values():
    post = make_post(1, [Segment("text", 'Title: "yes"\n---\nevil: true \u0085\ufeff')])
    fields = front_matter(render_markdown(make_thread([post])))
    assert fields["title"] == 'Title: "yes"'
    out = render_markdown(make_thread([post]))
    assert out.count("\n---\n") == 1  # Only the closing delimiter; the post's "---" is escaped.


def test_entities_become_links(thread):
    out = render_markdown(thread)
    assert "[\\#gardening](https://x.com/hashtag/gardening)" in out
    assert "[@sam\\_bakes](https://x.com/sam_bakes)" in out
    assert "[\\$SEED](https://x.com/search?q=%24SEED)" in out
    assert "[garden.example.org/mulch…](https://garden.example.org/mulch-guide)" in out


def test_images_quotes_and_permalinks(thread):
    out = render_markdown(thread)
    assert "![Tomato plants in pots on a balcony](https://img.example.com/tomatoes.jpg)" in out
    assert "![Image](https://img.example.com/seeds.jpg)" in out
    assert "> **Sam Sample** (@sam\\_bakes)" in out
    assert "> [View quoted post](https://x.com/sam_bakes/status/17090)" in out
    for index in range(1, 5):
        assert f"[↗](https://x.com/robin_makes/status/1700{index})" in out


def test_numbering(thread):
    body = render_markdown(thread).split("\n---\n", 1)[1]
    assert "1/" not in body and "🧵" not in body
    assert "1/ Six things" in render_markdown(thread, keep_numbering=True)


def test_escaping_blocks_markup():
    assert escape("*a* _b_ [c](d) <e> `f` #g ~h~ |i| &j;") == (
        "\\*a\\* \\_b\\_ \\[c\\]\\(d\\) &lt;e\\> \\`f\\` \\#g \\~h\\~ \\|i\\| &amp;j;"
    )
    assert escape("<script>") == "&lt;script\\>"
    assert escape("- item", line_start=True) == "\\- item"
    assert escape("+ item", line_start=True) == "\\+ item"
    assert escape("12. item", line_start=True) == "12\\. item"
    assert escape("3) item", line_start=True) == "3\\) item"
    assert escape("    code", line_start=True) == "code"
    assert escape("> quote", line_start=True) == "\\> quote"
    assert escape("- mid", line_start=False) == "- mid"


def test_line_starts_inside_posts_are_escaped():
    post = make_post(1, [Segment("text", "Steps:\n- one\n2. two\n# three\n> four")])
    body = render_markdown(make_thread([post])).split("\n---\n", 1)[1]
    assert "\\\n\\- one\\\n2\\. two\\\n\\# three\\\n\\> four" in body


def test_index(thread):
    out = render_index_markdown([(thread, "t3stthread.html")], title="My threads")
    assert out.startswith("# My threads\n")
    assert "- [Six things I learned growing tomatoes on a balcony \\#gardening](t3stthread.html)" in out
    assert "Robin Example" in out and "1 May 2024" in out and "4 posts" in out
