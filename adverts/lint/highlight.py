"""Safe inline highlighting: all user text is escaped, and only our own <mark> tags are added."""

from __future__ import annotations

import html
from collections.abc import Iterable

from adverts.lint.linter import Finding


def highlight_html(text: str, findings: Iterable[Finding]) -> str:
    """HTML of text with each finding wrapped in <mark class="lint-CATEGORY" title="why - tip">.

    Overlapping or out-of-range findings are skipped rather than producing broken markup."""
    parts, position = [], 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start < position or finding.end > len(text) or finding.start >= finding.end:
            continue
        title = f"{finding.why} Try: {finding.suggestion}"
        parts.append(html.escape(text[position:finding.start]))
        parts.append(f'<mark class="lint lint-{html.escape(finding.category)}" '
                     f'title="{html.escape(title)}">{html.escape(text[finding.start:finding.end])}</mark>')
        position = finding.end
    parts.append(html.escape(text[position:]))
    return "".join(parts)
