from unspool.render import render_text


def test_header(thread):
    lines = render_text(thread).split("\n")
    assert lines[0] == "Six things I learned growing tomatoes on a balcony #gardening"
    assert lines[1] == "by Robin Example (@robin_makes)"
    assert lines[2] == "1 May 2024"
    assert lines[3] == "https://x.com/robin_makes/status/17001"
    assert lines[4] == ""


def test_numbering_hidden_by_default(thread):
    out = render_text(thread)
    assert "1/ " not in out and "2/ " not in out and "4/4" not in out
    assert "🧵" not in out
    kept = render_text(thread, keep_numbering=True)
    assert "1/ Six things" in kept and "4/4 Next week" in kept and "🧵" in kept


def test_links_full_url_and_images(thread):
    out = render_text(thread)
    assert "Guide: https://garden.example.org/mulch-guide" in out
    assert "[image: Tomato plants in pots on a balcony]" in out
    assert "[image]" in out
    assert "#gardening" in out and "@sam_bakes" in out and "$SEED" in out


def test_posts_are_paragraphs(thread):
    out = render_text(thread)
    assert "not at night.\n\nMulch helps." in out
    assert "Second line.\n> Sam Sample (@sam_bakes):" in out
    assert "\n\nبذور الطماطم" in out
    assert "[Content warning: Food talk]\nNext week: bread! 🍞\n" in out
