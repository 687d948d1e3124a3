"""The outline of a parsed article: what an editor checks before an import writes anything.

Title, intro, the h2/h3 heading tree, block counts, the reference entries, the
warnings, the punctuation changes and the script proposals. Pure: the admin preview
renders it in a template, the command with `render_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.importer.document import Heading, ParsedArticle, Problem, ScriptProposal
from articles.importer.references import entry_fields


@dataclass
class OutlineHeading:
    text: str
    line: int
    children: list[OutlineHeading] = field(default_factory=list)  # h3 under an h2


@dataclass(frozen=True)
class OutlineReference:
    number: int
    text: str
    kind: str  # a Reference.Kind value: journal article, web page, plain text
    line: int


@dataclass
class Outline:
    title: str
    intro: list[str]
    headings: list[OutlineHeading]
    block_counts: dict[str, int]
    references: list[OutlineReference]
    warnings: list[Problem]
    errors: list[Problem]
    punctuation_changes: int
    script_proposals: list[ScriptProposal]
    disclaimer: str = ""


def build_outline(document: ParsedArticle) -> Outline:
    headings: list[OutlineHeading] = []
    for block in document.blocks_of(Heading):
        node = OutlineHeading(text=block.text, line=block.line)
        if block.level == 3 and headings:
            headings[-1].children.append(node)
        else:
            headings.append(node)  # an h3 before any h2 stands at the top
    return Outline(
        title=document.title,
        intro=[paragraph.text for paragraph in document.intro],
        headings=headings,
        block_counts=document.block_counts(),
        references=[
            OutlineReference(entry.number, entry.text, str(entry_fields(entry.text)[1]), entry.line)
            for entry in document.references
        ],
        warnings=list(document.warnings),
        errors=list(document.errors),
        punctuation_changes=document.punctuation_changes,
        script_proposals=list(document.script_proposals),
        disclaimer=document.disclaimer,
    )


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_text(outline: Outline, *, matches: Mapping[int, str] | None = None) -> str:
    """The outline as plain text, in the active language. `matches` says, per reference
    number, which record an import would reuse or that it would create one."""
    lines = [f"{_('Title')}: {outline.title}"]
    if outline.intro:
        lines.append(f"{_('Intro')}:")
        lines.extend(f"  {_short(text)}" for text in outline.intro)
    lines.append(f"{_('Headings')}:")
    for heading in outline.headings:
        lines.append(f"  h2 {heading.text}  ({_('line')} {heading.line})")
        lines.extend(f"    h3 {child.text}  ({_('line')} {child.line})" for child in heading.children)
    counts = ", ".join(f"{kind} {count}" for kind, count in sorted(outline.block_counts.items()))
    lines.append(f"{_('Blocks')}: {counts or '0'}")
    lines.append(f"{_('References')}: {len(outline.references)}")
    for reference in outline.references:
        match = f" -> {matches[reference.number]}" if matches and reference.number in matches else ""
        lines.append(f"  [{reference.number}] {reference.kind}: {_short(reference.text, 80)}{match}")
    if outline.disclaimer:
        lines.append(f"{_('Disclaimer')}: {_short(outline.disclaimer)}")
    lines.append(f"{_('Punctuation changes')}: {outline.punctuation_changes}")
    lines.append(f"{_('Script proposals')}: {len(outline.script_proposals)}")
    lines.extend(
        f"  {proposal.source} -> {proposal.target} ×{proposal.count}" for proposal in outline.script_proposals
    )
    lines.append(f"{_('Warnings')}: {len(outline.warnings)}")
    lines.extend(f"  {warning}" for warning in outline.warnings)
    for error in outline.errors:
        lines.append(f"{_('Error')}: {error}")
    return "\n".join(lines)
