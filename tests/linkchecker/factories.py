import factory

from portal.linkchecker.models import Link, LinkUsage


class LinkFactory(factory.django.DjangoModelFactory):
    url = factory.Sequence(lambda n: f"https://example.org/page/{n}")
    host = "example.org"

    class Meta:
        model = Link


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def usages(link: Link) -> set[tuple[str, str, str]]:
    return {
        (usage.object_label, usage.field, usage.language) for usage in LinkUsage.objects.filter(link=link)
    }
