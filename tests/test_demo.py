"""The bundled demo archive imports into the threads the README promises."""

import json

from conftest import DEMO_ARCHIVE


def test_demo_archive_unrolls(cli, tmp_path):
    report = json.loads(cli("import", DEMO_ARCHIVE, "--json").stdout)
    assert report["threads_found"] == 12 and report["retweets_skipped"] == 2
    threads = json.loads(cli("threads", "--json").stdout)
    assert len(threads) == 12 and {t["author"]["handle"] for t in threads} == {"wren_makes"}
    pothos = next(t for t in threads if t["title"].startswith("Propagating my pothos"))
    # The branch: the apology reply is shorter than the guide's continuation, so it is left out.
    page = json.loads(cli("unroll", pothos["post_ids"][-1], "-f", "json").stdout)
    texts = [p["text"] for p in page["posts"]]
    assert len(texts) == 5 and texts[-1] == "That's it! Free plants forever 🌱"
    assert not any("wrong photo" in text for text in texts)
    images = [m for t in threads for p in json.loads(cli("unroll", t["id"], "-f", "json").stdout)["posts"] for m in p["media"]]
    assert images and all(m["alt"] for m in images)
    site = tmp_path / "site"
    cli("export", site)
    assert len(list((site / "media" / "x").iterdir())) == len(images)
