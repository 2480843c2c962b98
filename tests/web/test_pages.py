"""Home, thread page, author page, the unroll form and error pages, as a browser sees them."""

import json

from .conftest import html


def thread_links(doc) -> list[str]:
    return doc.xpath("//ol[@class='thread-list']//a[@class='thread-link']/@href")


def test_home_lists_latest_threads_with_pagination(client, data):
    first = client.get("/")
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
    doc = html(first)
    assert doc.xpath("//form[@action='/unroll' and @method='get']//input[@name='url']")
    assert "@unspool unroll" in doc.text_content()
    links = thread_links(doc)
    assert len(links) == 20
    assert links[:3] == [f"/t/{data.newer_id}", f"/t/{data.sam_id}", f"/t/{data.kite_id}"]
    (older,) = doc.xpath("//a[@rel='next']/@href")
    assert older.startswith("/?before=") and doc.xpath("//link[@rel='next']/@href") == [older]

    second = html(client.get(older))
    rest = thread_links(second)
    assert len(rest) == data.total - 20 and not set(rest) & set(links)
    assert rest[-1] == f"/t/{data.hostile_id}"  # the oldest
    assert second.xpath("//a[@rel='prev']/@href") == ["/"]
    assert not second.xpath("//form[@action='/unroll']")  # the paste form is on the first page only


def test_home_pages_out_of_range_or_invalid(client):
    assert client.get("/?before=1.zzzz").status_code == 404  # older than every thread
    for cursor in ("zero", "1.", "1.ABC", "1.a/b", "x" * 60):
        bad = client.get("/", params={"before": cursor})
        assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")
    assert client.get("/", params={"before": "x" * 61}).status_code == 400
    # Numbered pages are gone (docs/decisions.md): old links land on the first page.
    for page in ("2", "3", "zero", "0"):
        moved = client.get("/", params={"page": page}, follow_redirects=False)
        assert moved.status_code == 301 and moved.headers["location"] == "/"


def test_thread_page_shows_posts_in_order_with_safe_links_and_media(client, data):
    response = client.get(f"/t/{data.kite_id}")
    assert response.status_code == 200
    doc = html(response)
    assert doc.xpath("//h1/text()") == ["How I built a kite from scratch"]
    articles = doc.xpath("//article[@class='post']")
    assert [a.get("id") for a in articles] == [f"p-{post_id}" for post_id in data.kite]
    assert all(a.get("lang") == "en" and a.get("dir") == "auto" for a in articles)
    assert "ripstop nylon" in articles[1].text_content()
    # Every outbound link is marked as user content.
    outbound = doc.xpath("//main//a[starts-with(@href, 'http')]")
    assert outbound and all(a.get("rel") == "nofollow noopener ugc" for a in outbound)
    assert doc.xpath("//a[@href='https://kites.example.org/sail']")
    permalinks = doc.xpath("//a[@class='permalink']/@href")
    assert permalinks == [f"https://x.com/robin_makes/status/{post_id}" for post_id in data.kite]
    # The image is served from the local copy, with its alt text.
    (img,) = doc.xpath("//article//img")
    assert img.get("alt") == "A red kite frame on the lawn" and img.get("src").startswith("/media/x/")
    picture = client.get(img.get("src"))
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    # Author card, meta line, source link.
    text = doc.text_content()
    assert "Robin Example" in text and "@robin_makes" in text and "3 posts" in text and "min read" in text
    assert doc.xpath("//a[@class='follow' and text()='Follow @robin_makes']/@href") == ["https://x.com/robin_makes"]
    assert doc.xpath("//img[@class='avatar']/@src") == ["https://pbs.twimg.com/profile_images/1/robin.jpg"]
    assert doc.xpath("//a[text()='Read on X']/@href") == [f"https://x.com/robin_makes/status/{data.kite[0]}"]
    exports = doc.xpath("//p[@class='exports']/a/@href")
    assert exports == [f"/t/{data.kite_id}.{ext}" for ext in ("md", "txt", "json", "epub")] + [f"/t/{data.kite_id}/print"]


def test_thread_page_metadata(client, data):
    doc = html(client.get(f"/t/{data.kite_id}"))
    canonical = f"https://unspool.test/t/{data.kite_id}"
    assert doc.xpath("//link[@rel='canonical']/@href") == [canonical]
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta[@content]")}
    assert meta["og:title"] == "How I built a kite from scratch"
    assert meta["og:url"] == canonical and meta["og:type"] == "article"
    assert meta["og:image"].startswith("https://unspool.test/media/x/")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:description"].startswith("How I built a kite")
    (script,) = doc.xpath("//script")
    assert script.get("type") == "application/ld+json"
    ld = json.loads(script.text)
    assert ld["@type"] == "Article" and ld["headline"] == "How I built a kite from scratch"
    assert ld["url"] == canonical and ld["author"]["alternateName"] == "@robin_makes"
    assert ld["isBasedOn"] == f"https://x.com/robin_makes/status/{data.kite[0]}"
    oembed = doc.xpath("//link[@type='application/json+oembed']/@href")[0]
    assert client.get(oembed).json()["type"] == "rich"


def test_thread_page_links_previous_and_next_thread_of_the_author(client, data):
    doc = html(client.get(f"/t/{data.kite_id}"))
    assert doc.xpath("//nav[@class='neighbours']/a[@rel='prev']/@href") == [f"/t/{data.older_id}"]
    assert doc.xpath("//nav[@class='neighbours']/a[@rel='next']/@href") == [f"/t/{data.newer_id}"]
    assert "Older thread about pumpkins" in doc.xpath("//nav[@class='neighbours']")[0].text_content()
    # Sam has one thread: no neighbours (Robin's threads are not Sam's).
    sam = html(client.get(f"/t/{data.sam_id}"))
    assert not sam.xpath("//nav[@class='neighbours']")
    # No post image: a small summary card showing the avatar.
    assert sam.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
    assert sam.xpath("//meta[@property='og:image']/@content") == sam.xpath("//img[@class='avatar']/@src")


def test_unknown_thread_and_unknown_route_are_404_pages(client):
    for path in ("/t/doesnotexist", "/t/doesnotexist.md", "/t/doesnotexist/print", "/nowhere", "/a/x/nobody"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "Not found" in response.text
    assert client.get("/t/abc.exe").status_code == 404
    assert client.get(f"/t/{client.get('/api/v1/threads').json()['items'][0]['id']}.").status_code == 404


def test_author_page_lists_only_their_threads(client, data):
    doc = html(client.get("/a/x/sam_bakes"))
    assert thread_links(doc) == [f"/t/{data.sam_id}"]
    assert "Sam Sample" in doc.text_content()
    robin = html(client.get("/a/x/robin_makes"))
    (older,) = robin.xpath("//a[@rel='next']/@href")
    assert len(thread_links(robin)) == 20 and older.startswith("/a/x/robin_makes?before=")
    second = html(client.get(older))
    assert len(thread_links(second)) == 26 - 20 and second.xpath("//a[@rel='prev']/@href") == ["/a/x/robin_makes"]
    moved = client.get("/a/x/Sam_Bakes", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/a/x/sam_bakes"
    moved = client.get(older.replace("robin_makes", "Robin_Makes"), follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == older
    moved = client.get("/a/x/robin_makes?page=2", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/a/x/robin_makes"


def test_unroll_form_redirects_to_a_stored_thread(client, data):
    for ref in (
        f"https://x.com/robin_makes/status/{data.kite[1]}",
        f"https://twitter.com/robin_makes/status/{data.kite[2]}?s=20",
        data.kite_id,
    ):
        response = client.get("/unroll", params={"url": ref}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/t/{data.kite_id}", ref


def test_unroll_form_explains_what_is_missing(client):
    unknown = client.get("/unroll", params={"url": "https://x.com/someone/status/123456789"})
    assert unknown.status_code == 503
    assert "bearer token" in unknown.text and "unspool import" in unknown.text
    nonsense = client.get("/unroll", params={"url": "not a link <b>"})
    assert nonsense.status_code == 400 and "<b>" not in nonsense.text
    assert client.get("/unroll", follow_redirects=False).headers["location"] == "/"


def test_privacy_page(client):
    response = client.get("/privacy")
    assert response.status_code == 200 and "no cookies" in response.text.lower()
