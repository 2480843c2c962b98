"""The synthetic Mastodon export has the real export's shape."""

import json
import zipfile
from datetime import datetime, timezone

from unspool.synthetic.mastodon_archive import PUBLIC, MastodonArchiveBuilder
from unspool.synthetic.x_archive import make_png


def test_export_shape(tmp_path):
    builder = MastodonArchiveBuilder(domain="social.example", username="fern", name="Fern Example")
    start = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
    uris = builder.thread(["First https://example.com/a/very/long/path/to/a/page #Tea", "Second"], start=start, media=[("png", "Alt", make_png(8, 8))])
    builder.post("Secret", at=start, visibility="direct", reply_to_account=("https://other.example/users/moss", "moss@other.example"))
    builder.boost("https://other.example/users/moss/statuses/1", at=start)
    path = builder.write(tmp_path / "archive.zip")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        outbox = json.loads(archive.read("outbox.json"))
        actor = json.loads(archive.read("actor.json"))
    assert {"outbox.json", "actor.json", "likes.json", "bookmarks.json", "avatar.png"} <= names
    assert (outbox["id"], outbox["type"], outbox["totalItems"]) == ("outbox.json", "OrderedCollection", 4)
    assert actor["type"] == "Person" and actor["icon"]["url"] == "avatar.png" and actor["outbox"] == "outbox.json"
    creates = [item for item in outbox["orderedItems"] if item["type"] == "Create"]
    announce = next(item for item in outbox["orderedItems"] if item["type"] == "Announce")
    assert announce["object"] == "https://other.example/users/moss/statuses/1"
    first = next(item["object"] for item in creates if item["object"]["id"] == uris[0])
    assert first["type"] == "Note" and first["attributedTo"] == actor["id"] and first["to"] == [PUBLIC]
    assert '<span class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">o/a/page</span>' in first["content"]
    assert 'class="mention hashtag" rel="tag"' in first["content"]
    attachment = first["attachment"][0]
    assert attachment["url"].startswith("media_attachments/files/") and attachment["url"] in names
    assert (attachment["type"], attachment["mediaType"], attachment["name"], attachment["width"]) == ("Document", "image/png", "Alt", 8)
    secret = next(item["object"] for item in creates if "Secret" in item["object"]["content"])
    assert PUBLIC not in secret["to"] + secret["cc"]
