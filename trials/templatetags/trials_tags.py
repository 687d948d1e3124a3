from django import template

from trials.blocks import TrialFinderBlock

register = template.Library()


@register.simple_tag(takes_context=True)
def trial_finder_entry(context):
    """The trial finder block with its own wording, for pages of apps that cannot import
    trials (the home page) but may place it."""
    block = TrialFinderBlock()
    return block.render(block.to_python({}), context=context.flatten())
