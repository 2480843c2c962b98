"""Keyboard use and link names: the skip link, every link reachable with Tab, none unnamed."""

from __future__ import annotations

TIDE = "Low tide this morning"
FOCUSED = """() => {
  const el = document.activeElement;
  return el ? { tag: el.tagName, id: el.id, index: el.dataset ? el.dataset.linkIndex ?? null : null,
                text: el.textContent.trim(), outline: getComputedStyle(el).outlineStyle } : null;
}"""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(tab, demo):
    page = tab.page
    page.goto(f"/t/{demo.thread(TIDE)['id']}")
    skip = page.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0  # off-screen until focused
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "A" and focused["text"] == "Skip to content"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0  # shown on screen while it has focus
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"
    assert page.url.endswith("#main")
    # The next Tab continues inside the article, past the site header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_every_link_on_the_thread_page_is_reachable_and_named(tab, demo):
    page = tab.page
    page.goto(f"/t/{demo.thread(TIDE)['id']}")
    count = page.evaluate(
        "() => { const links = [...document.querySelectorAll('a[href]')];"
        " links.forEach((a, i) => { a.dataset.linkIndex = String(i); }); return links.length; }"
    )
    assert count >= 15

    reached, order = set(), []
    for _ in range(count + 30):  # the links plus the search field, buttons and the report form
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["index"] is None:
            continue
        index = int(focused["index"])
        if index in reached:  # wrapped around to the first link again
            break
        reached.add(index)
        order.append(index)
        assert focused["outline"] != "none", f"link {focused['text']!r} shows no focus outline"
    assert reached == set(range(count)), f"not reachable with Tab: {sorted(set(range(count)) - reached)}"
    assert order == sorted(order)  # focus follows reading order

    # Accessible names as Chromium computes them for assistive technology.
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    links = [n for n in nodes if n.get("role", {}).get("value") == "link" and not n.get("ignored")]
    assert len(links) == count
    unnamed = [n for n in links if not (n.get("name", {}).get("value") or "").strip()]
    assert unnamed == []
    names = [n["name"]["value"] for n in links]
    assert "Original post 1 of 5 on X" in names  # the ↗ permalinks are named by their hidden text
