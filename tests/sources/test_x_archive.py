"""The X archive reader on synthetic exports shaped like the real one."""

import zipfile

import pytest
from conftest import at, make_png

from unspool.assemble import assemble_chains
from unspool.errors import InputError
from unspool.sources.x_archive import XArchiveReader


def read_all(path):
    with XArchiveReader(path) as reader:
        nodes = list(reader.scan())
        posts = {post.id: post for post in reader.read_posts({node.id for node in nodes})}
        return reader, nodes, posts


def kinds(post):
    return [(segment.kind, segment.text) for segment in post.segments]


def test_entities_land_on_the_right_characters_with_emoji_and_rtl(builder, tmp_path):
    text = "Baking 🍞🥖 today שלום עולם #sourdough with @pip_sketches see https://example.org/bread?x=1&y=2 $FLOUR done"
    tid = builder.tweet(text, at=at(1))
    _, _, posts = read_all(builder.write(tmp_path / "a"))
    post = posts[tid]
    assert post.text == text
    assert ("hashtag", "#sourdough") in kinds(post)
    assert ("mention", "@pip_sketches") in kinds(post)
    assert ("cashtag", "$FLOUR") in kinds(post)
    link = next(s for s in post.segments if s.kind == "link")
    assert link.url == link.text == "https://example.org/bread?x=1&y=2"
    assert post.links == ["https://example.org/bread?x=1&y=2"]
    hashtag = next(s for s in post.segments if s.kind == "hashtag")
    assert hashtag.url == "https://x.com/hashtag/sourdough"


def test_escaped_entities_are_unescaped_once(builder, tmp_path):
    text = "Salt & pepper <3 and &amp; literally, a > b #tips"
    tid = builder.tweet(text, at=at(1))
    archive = builder.write(tmp_path / "a")
    raw = (archive / "data" / "tweets.js").read_text()
    assert "Salt &amp; pepper &lt;3" in raw  # the export escapes; the reader must undo exactly that
    _, _, posts = read_all(archive)
    assert posts[tid].text == text
    assert ("hashtag", "#tips") in kinds(posts[tid])


def test_tco_links_expanded_and_media_links_removed(builder, tmp_path):
    png = make_png(64, 40)
    tid = builder.tweet("Look at this https://example.com/page 📷", at=at(1), media=[("photo", "A kite over a hill", png)])
    archive = builder.write(tmp_path / "a")
    assert "https://t.co/" in (archive / "data" / "tweets.js").read_text()
    reader, _, posts = read_all(archive)
    post = posts[tid]
    assert "t.co" not in post.text
    assert post.text == "Look at this https://example.com/page 📷"
    [media] = post.media
    assert media.type == "image" and media.alt == "A kite over a hill"
    assert media.local_name and reader.files.read_bytes(reader.media_names[media.local_name]) == png


def test_self_reply_prefix_is_hidden_and_reply_to_others_keeps_context(builder, tmp_path):
    ids = builder.thread(["1/ First about tide pools", "2/ Second", "3/ Third 🧵"], start=at(2), reply_to_user=("900", "sea_friend"))
    _, nodes, posts = read_all(builder.write(tmp_path / "a"))
    assert posts[ids[1]].text == "2/ Second"
    assert posts[ids[0]].reply_to_handle == "sea_friend"
    assert posts[ids[1]].reply_to_handle is None and posts[ids[1]].reply_to_id == ids[0]
    assert assemble_chains(nodes) == [ids]


def test_retweets_are_not_posts(builder, tmp_path):
    builder.tweet("Great post", at=at(1), retweet_of=("900", "sea_friend"))
    mine = builder.tweet("Mine", at=at(1, 13))
    reader, nodes, _ = read_all(builder.write(tmp_path / "a"))
    assert [n.id for n in nodes] == [mine]
    assert reader.retweets_skipped == 1 and reader.posts_read == 1


@pytest.mark.parametrize("form", ["folder", "zip", "parts", "legacy", "zip-parts"])
def test_every_archive_form_gives_the_same_threads(builder, tmp_path, form):
    threads = [builder.thread([f"Thread {n} post {i}" for i in range(4)], start=at(n + 1)) for n in range(5)]
    for n in range(10):
        builder.tweet(f"single {n}", at=at(20, n))
    options = {
        "folder": {},
        "zip": {"zip": True},
        "parts": {"parts": 3, "shuffle_seed": 3},
        "legacy": {"legacy_name": True},
        "zip-parts": {"zip": True, "parts": 2, "shuffle_seed": 9},
    }[form]
    name = "a.zip" if options.get("zip") else "a"
    archive = builder.write(tmp_path / name, **options)
    reader, nodes, posts = read_all(archive)
    if form in ("parts", "zip-parts"):
        assert len(reader.tweet_files) == options["parts"]
    assert sorted(assemble_chains(nodes)) == sorted(threads)
    assert reader.author.handle == "robin_makes" and reader.author.avatar_url.endswith("robin.jpg")
    assert posts[threads[0][0]].url == f"https://x.com/robin_makes/status/{threads[0][0]}"


def test_zip_with_a_top_level_folder(builder, tmp_path):
    ids = builder.thread(["one", "two"], start=at(1))
    folder = builder.write(tmp_path / "a")
    target = tmp_path / "nested.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for path in folder.rglob("*"):
            if path.is_file():
                zf.write(path, f"twitter-2025-03-01/{path.relative_to(folder)}")
    _, nodes, _ = read_all(target)
    assert assemble_chains(nodes) == [ids]


def test_created_at_matches_the_export(builder, tmp_path):
    tid = builder.tweet("timed", at=at(5, 9, 30))
    _, _, posts = read_all(builder.write(tmp_path / "a"))
    assert posts[tid].created_at == at(5, 9, 30)


@pytest.mark.parametrize(
    "damage, message",
    [
        ("missing_account", "data/account.js is missing"),
        ("truncated", "not valid archive JSON"),
        ("utf16", "not UTF-8"),
        ("no_prefix", "does not start with"),
        ("not_archive", "not an X archive"),
    ],
)
def test_bad_archives_give_one_clear_error(builder, tmp_path, damage, message):
    builder.thread(["one", "two"], start=at(1))
    archive = builder.write(tmp_path / "a")
    tweets = archive / "data" / "tweets.js"
    if damage == "missing_account":
        (archive / "data" / "account.js").unlink()
    elif damage == "truncated":
        tweets.write_bytes(tweets.read_bytes()[: tweets.stat().st_size // 2])
    elif damage == "utf16":
        tweets.write_bytes(tweets.read_text().encode("utf-16"))
    elif damage == "no_prefix":
        tweets.write_text("[]")
    elif damage == "not_archive":
        archive = tmp_path / "notes.txt"
        archive.write_text("hello")
    with pytest.raises(InputError, match=message) as error:
        read_all(archive)
    assert "\n" not in str(error.value)


def test_invalid_utf8_inside_strings_is_an_input_error(builder, tmp_path):
    builder.thread(["caf\u00e9 one", "two"], start=at(1))
    archive = builder.write(tmp_path / "a")
    tweets = archive / "data" / "tweets.js"
    tweets.write_bytes(tweets.read_bytes().replace("é".encode(), b"\xe9"))
    with pytest.raises(InputError):
        read_all(archive)
