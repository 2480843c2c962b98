"""Pages load with no console error, no script error and no Content-Security-Policy violation."""

from __future__ import annotations

TIDE = "Low tide this morning"


def page_paths(demo) -> dict[str, str]:
    thread = demo.thread(TIDE)["id"]
    return {
        "home": "/",
        "thread": f"/t/{thread}",
        "search": "/search?q=anemone",
        "author": "/a/x/wren_makes",
        "print": f"/t/{thread}/print",
        "privacy": "/privacy",
    }


def test_pages_have_no_console_errors_or_csp_violations(tab, demo):
    page = tab.page
    problems = {}
    for name, path in page_paths(demo).items():
        errors_before = len(tab.console_errors)
        response = page.goto(path)
        assert response.status == 200, path
        # The check means something only if the page is under the strict policy.
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        tab.load_images()  # lazy images load (or fail) and report like any other resource
        if name != "print":  # the site's pages (the print view is the renderer's standalone page)
            # Interception hides favicon requests from the test; without an icon of its own the page
            # makes browsers fetch /favicon.ico, a 404 in every visitor's console.
            assert page.locator("head link[rel~=icon]").count() == 1, path
        violations = tab.csp_violations()
        errors = tab.console_errors[errors_before:]
        if violations or errors:
            problems[name] = {"csp": violations, "console": errors}
    assert problems == {}
    assert tab.page_errors == []
    # The only thing the pages fetch from elsewhere is the author's avatar (CSP: img-src https:).
    assert {kind for kind, _ in tab.external} <= {"image"}, tab.external


def test_csp_violations_would_be_seen(tab, demo):
    """The control: the init script runs under the page's CSP and sees what the policy blocks."""
    page = tab.page
    page.goto(page_paths(demo)["thread"])
    assert tab.csp_violations() == []
    page.evaluate("() => { const s = document.createElement('style'); s.textContent = 'p { color: red }'; document.head.append(s); }")
    violations = tab.csp_violations()
    assert [v["directive"] for v in violations] == ["style-src-elem"]
    assert any("Content Security Policy" in error for error in tab.console_errors)
    # ...and the policy held: the inline style was not applied.
    assert page.locator("main p").first.evaluate("(p) => getComputedStyle(p).color") != "rgb(255, 0, 0)"
