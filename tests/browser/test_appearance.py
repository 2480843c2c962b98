"""How pages look: the system's colour scheme, readable contrast, and a phone-sized screen."""

from __future__ import annotations

import re

import pytest

TIDE = "Low tide this morning"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def luminance(css_colour: str) -> float:
    """WCAG relative luminance of a computed `rgb(...)`/`rgba(...)` colour."""
    r, g, b = (int(v) for v in re.findall(r"[\d.]+", css_colour)[:3])

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  return {
    page: style("body").backgroundColor,
    root: style("html").backgroundColor,
    text: style("main article.post p").color,
    link: style("main article.post p a").color,
    muted: style(".thread-header .meta").color,
    field: style("#site-q").backgroundColor,
    field_text: style("#site-q").color,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_thread_page_follows_the_colour_scheme(open_tab, demo, artifacts, scheme):
    tab = open_tab(color_scheme=scheme, viewport={"width": 900, "height": 1000})
    page = tab.page
    page.goto(f"/t/{demo.thread(TIDE)['id']}")
    colours = page.evaluate(COLOURS)
    assert colours["root"] in ("rgba(0, 0, 0, 0)", colours["page"])  # the body's background fills the canvas
    background, text = luminance(colours["page"]), luminance(colours["text"])
    if scheme == "dark":
        assert background < 0.05 and text > 0.6, colours
        assert luminance(colours["field"]) < 0.05, colours  # no white search box on a dark page
    else:
        assert background > 0.85 and text < 0.05, colours
        assert luminance(colours["field"]) > 0.85, colours
    assert contrast(colours["text"], colours["page"]) >= 7, colours  # WCAG AAA for body text
    assert contrast(colours["link"], colours["page"]) >= 4.5, colours
    assert contrast(colours["muted"], colours["page"]) >= 4.5, colours
    assert contrast(colours["field_text"], colours["field"]) >= 4.5, colours
    tab.load_images()
    page.screenshot(path=artifacts / f"thread-{scheme}.png", full_page=True)


def test_no_horizontal_scrolling_on_a_phone(open_tab, demo):
    tab = open_tab(**PHONE)
    page = tab.page
    paths = ["/", "/search?q=anemone", "/a/x/wren_makes", "/privacy", "/t/nothing-here", "/unroll?url=not+a+link"]
    paths += [f"/t/{thread['id']}" for thread in demo.threads] + [f"/t/{demo.thread(TIDE)['id']}/print"]
    too_wide = {}
    for path in paths:
        page.goto(path)
        tab.load_images()
        scroll_width, client_width = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert client_width == 375, path  # the viewport meta is honoured, or the check means nothing
        if scroll_width > client_width:
            too_wide[path] = scroll_width
    assert too_wide == {}
