"""axe-core in the browser tests: inject the pinned copy from frontend/node_modules into a page
and fail on any WCAG 2.x A/AA violation, naming the rule and the elements."""

from __future__ import annotations

from tests.e2e.conftest import ROOT

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids
        # inline scripts, and the test must not loosen it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(
        """async (tags) => {
            const only = { runOnly: { type: "tag", values: tags } };
            const result = await window.axe.run(document, only);
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes
                    .slice(0, 6)
                    .map((n) => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }""",
        TAGS,
    )


def assert_accessible(page, where: str) -> None:
    """No axe-core violation on the page as it is now."""
    found = violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found
    )
    assert not found, f"axe-core found violations on {where}:\n{report}"
