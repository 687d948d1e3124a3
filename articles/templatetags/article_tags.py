from django import template

from articles.rendering import render_cited_body

register = template.Library()


@register.simple_tag(takes_context=True)
def cited_body(context, page, references):
    """`{% cited_body page references as cited %}`: the body's HTML with linked
    citation markers (`cited.html`) and the numbered entries with their
    back-links (`cited.entries`)."""
    return render_cited_body(page.body, references=references, context=context.flatten())
