"""A reader's path: home -> a thread, rendered as `unspool unroll --format json` says it should be."""

from __future__ import annotations

import re

TIDE = "Low tide this morning"  # the demo's rock-pool thread: a hashtag, a link and a local image
REL = {"nofollow", "noopener", "ugc"}
HASHTAG_URL = "https://x.com/hashtag/"


def words(text: str) -> str:
    return " ".join(text.split())


def test_home_link_opens_the_thread_with_posts_links_and_images(tab, demo, server):
    page = tab.page
    expected = demo.unroll(demo.thread(TIDE)["id"])

    page.goto("/")
    assert page.get_by_role("heading", name="Latest threads unrolled").is_visible()
    listed = page.locator("h2 + ol.thread-list a.thread-link")
    assert listed.count() == len(demo.threads)
    with page.expect_navigation():
        listed.filter(has_text=TIDE).click()
    assert page.url == f"{server.url}/t/{expected['id']}"
    assert page.locator("main h1").inner_text() == expected["title"]

    articles = page.locator("main article.post")
    assert articles.evaluate_all("(els) => els.map((el) => el.id)") == [f"p-{p['id']}" for p in expected["posts"]]
    hashtags_seen = 0
    for article, post in zip(articles.all(), expected["posts"], strict=True):
        assert article.get_attribute("dir") == "auto"
        assert article.get_attribute("lang") == post["lang"]
        assert article.is_visible()

        # The text: the page shows a link's display text where the JSON has its URL.
        shown = article.locator(":scope > p").all_inner_texts()
        anchors = article.locator(":scope > p a").evaluate_all(
            "(as) => as.map((a) => ({text: a.textContent, href: a.getAttribute('href'), rel: a.getAttribute('rel') || ''}))"
        )
        text = post["text"]
        for anchor in anchors:
            if anchor["href"] in post["links"]:
                text = text.replace(anchor["href"], anchor["text"])
        assert words(" ".join(shown)) == words(text)

        # Links are real anchors, marked as user content that passes no ranking or opener.
        hrefs = [a["href"] for a in anchors]
        assert all(link in hrefs for link in post["links"]), (post["links"], hrefs)
        for anchor in anchors:
            assert REL <= set(anchor["rel"].split()), anchor
        tags = re.findall(r"(?<![&\w])#(\w+)", post["text"])
        tag_links = [a for a in anchors if a["text"].startswith("#")]
        assert [a["text"] for a in tag_links] == [f"#{tag}" for tag in tags]
        assert all(a["href"] == HASHTAG_URL + a["text"][1:] for a in tag_links)
        hashtags_seen += len(tag_links)
        permalink = article.locator("a.permalink")
        assert permalink.get_attribute("href") == post["url"]
        assert REL <= set(permalink.get_attribute("rel").split())
    assert hashtags_seen and any(post["links"] for post in expected["posts"])

    # Images: described, served from this site's /media, and actually decoded by the browser.
    images = [i for i in tab.load_images() if i["post"]]
    media = [(f"p-{p['id']}", m) for p in expected["posts"] for m in p["media"] if m["type"] == "image"]
    assert media and len(images) == len(media)
    for image, (post_id, item) in zip(images, media, strict=True):
        assert image["post"] == post_id
        assert image["alt"] and image["alt"] == item["alt"]
        assert image["src"].startswith("/media/x/")
        assert image["width"] > 0, f"{image['src']} did not load"


def test_every_thread_page_lists_posts_in_order_and_loads_its_images(tab, demo):
    page = tab.page
    images_checked = 0
    for thread in demo.threads:
        response = page.goto(f"/t/{thread['id']}")
        assert response.status == 200
        ids = page.locator("main article.post").evaluate_all("(els) => els.map((el) => el.id)")
        assert ids == [f"p-{post_id}" for post_id in thread["post_ids"]], thread["title"]
        for image in tab.load_images():
            if image["post"]:  # the avatar is decorative (alt="") and lives on the network's CDN
                assert image["alt"].strip(), image
                assert image["width"] > 0, f"{image['src']} did not load"
                images_checked += 1
    assert images_checked == 3  # the demo's three photos
