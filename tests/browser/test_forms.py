"""The two forms, used the way people use them: the header search box and the paste-a-link box."""

from __future__ import annotations

TIDE = "Low tide this morning"
WORD = "beadlet"  # only in the rock-pool thread's third post (of five)


def test_header_search_finds_a_word_from_a_middle_post(tab, demo, server):
    page = tab.page
    thread = demo.unroll(demo.thread(TIDE)["id"])
    texts = [post["text"].lower() for post in thread["posts"]]
    assert WORD in texts[2] and WORD not in texts[0] and WORD not in texts[-1]

    page.goto("/a/x/wren_makes")  # any page: the search box is in the header
    box = page.get_by_role("searchbox", name="Search threads")
    box.click()
    box.press_sequentially(WORD)
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{server.url}/search?q={WORD}"
    assert box.input_value() == WORD  # the query stays in the box

    results = page.locator("main ol.thread-list > li")
    assert results.count() == 1
    result = results.first
    assert result.locator("a.thread-link").get_attribute("href") == f"/t/{thread['id']}"
    marks = result.locator(".snippet mark").all_inner_texts()
    assert marks and all(mark.lower() == WORD for mark in marks)
    with page.expect_navigation():
        result.locator("a.thread-link").click()
    assert page.locator(f"#p-{thread['posts'][2]['id']}").is_visible()


def test_pasting_a_post_link_into_the_home_page_unrolls_its_thread(open_tab, demo, server):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    summary = demo.threads[-1]  # the oldest thread: further down the list than the others
    thread = demo.unroll(summary["id"])
    third = thread["posts"][2]
    assert third["url"].startswith("https://x.com/") and third["id"] not in (summary["post_ids"][0], summary["post_ids"][-1])

    page.goto("/")
    page.evaluate("(text) => navigator.clipboard.writeText(text)", third["url"])
    box = page.get_by_label("Paste the link of any post in a thread")
    box.focus()
    page.keyboard.press("ControlOrMeta+V")
    assert box.input_value() == third["url"]
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{server.url}/t/{thread['id']}"
    assert page.locator("main h1").inner_text() == thread["title"]
    assert page.locator(f"#p-{third['id']}").is_visible()
