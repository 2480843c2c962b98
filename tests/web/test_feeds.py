"""Atom feeds, sitemap, robots.txt and oEmbed."""

from lxml import etree

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_site_feed_is_atom_with_the_latest_threads(client, data):
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    entries = feed.findall("a:entry", ATOM)
    assert len(entries) == data.total  # fewer than 50
    first = entries[0]
    assert first.findtext("a:id", namespaces=ATOM) == f"https://unspool.test/t/{data.newer_id}"
    assert feed.find("a:link[@rel='self']", ATOM).get("href") == "https://unspool.test/feed.atom"
    kite = next(e for e in entries if e.findtext("a:title", namespaces=ATOM) == "How I built a kite from scratch")
    content = kite.findtext("a:content", namespaces=ATOM)
    assert "ripstop nylon" in content and 'src="https://unspool.test/media/x/' in content
    assert kite.findtext("a:author/a:name", namespaces=ATOM) == "Robin Example"


def test_author_feed_has_only_their_threads(client, data):
    feed = etree.fromstring(client.get("/a/x/sam_bakes/feed.atom").content)
    assert [e.findtext("a:id", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)] == [f"https://unspool.test/t/{data.sam_id}"]
    assert client.get("/a/x/nobody/feed.atom").status_code == 404


def test_hostile_thread_in_feed_is_escaped_text(client, data):
    feed = etree.fromstring(client.get("/feed.atom").content)
    (entry,) = [e for e in feed.findall("a:entry", ATOM) if e.findtext("a:id", namespaces=ATOM).endswith(data.hostile_id)]
    content = entry.findtext("a:content", namespaces=ATOM)
    assert "<script>" not in content and "javascript:" not in content


def test_sitemap_lists_every_thread(client, data):
    response = client.get("/sitemap.xml")
    assert response.headers["content-type"].startswith("application/xml")
    urls = etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=SITEMAP)
    assert urls[0] == "https://unspool.test/"
    assert f"https://unspool.test/t/{data.kite_id}" in urls and len(urls) == data.total + 1


def test_robots_allows_all_and_points_to_the_sitemap(client):
    body = client.get("/robots.txt").text
    assert "User-agent: *" in body and "Allow: /" in body and "Sitemap: https://unspool.test/sitemap.xml" in body


def test_oembed_for_a_thread_url(client, data):
    response = client.get("/oembed", params={"url": f"https://unspool.test/t/{data.kite_id}", "format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "rich" and body["version"] == "1.0" and body["provider_name"] == "Unspool"
    assert "<iframe" not in body["html"] and body["html"].startswith("<blockquote")
    assert f'href="https://unspool.test/t/{data.kite_id}"' in body["html"]
    hostile = client.get("/oembed", params={"url": f"https://unspool.test/t/{data.hostile_id}"}).json()
    assert "<script>" not in hostile["html"] and "&lt;/script&gt;" in hostile["html"]


def test_oembed_errors(client, data):
    assert client.get("/oembed", params={"url": "https://unspool.test/t/nope"}).json()["error"]["status"] == 404
    assert client.get("/oembed", params={"url": "https://unspool.test/"}).status_code == 404
    assert client.get("/oembed", params={"url": f"https://unspool.test/t/{data.kite_id}", "format": "xml"}).status_code == 501
    assert client.get("/oembed").status_code == 422
