"""What other apps attach to a contact request, such as the trials and answers the trial
finder hands over.

`portal` must not import the apps above it, so they register a provider here from their
`AppConfig.ready()`. A provider reads the contact page's query string (when the form is
shown) or the posted form (when it is sent) and returns what it recognises, as a list: items the
visitor sees as ticked boxes and can untick, initial values for the form, and the text
stored with the request. Nothing is stored until the visitor sends the form.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import QueryDict


@dataclass(frozen=True)
class AttachedItem:
    """One removable thing: a ticked box named `Attachment.param` with this value."""

    value: str
    label: str
    url: str = ""
    note: str = ""  # shown under the label


@dataclass
class Attachment:
    heading: str
    param: str  # the name of the boxes of `items`
    items: list[AttachedItem] = field(default_factory=list)
    initial: dict = field(default_factory=dict)  # the contact form's initial values
    text: str = ""  # stored with the request, after the visitor's message
    source_page_id: int | None = None  # the page the request is about, if none was given


Provider = Callable[[QueryDict], list[Attachment]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def attachments_for(data: QueryDict) -> list[Attachment]:
    """What every registered provider finds in `data`."""
    found = []
    for provider in _providers:
        found.extend(provider(data))
    return found


def message_with(message: str, attachments: list[Attachment]) -> str:
    """The visitor's message followed by the attachments' texts."""
    return "\n\n".join(part for part in [message, *(a.text for a in attachments)] if part)
