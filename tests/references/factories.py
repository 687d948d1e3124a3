import factory

from portal.references.models import Reference


class ReferenceFactory(factory.django.DjangoModelFactory):
    kind = Reference.Kind.JOURNAL_ARTICLE
    authors = factory.LazyFunction(
        lambda: [
            {"family": "Lin", "given": "Mei", "initials": "M"},
            {"family": "Okafor", "given": "Chidi A", "initials": "CA"},
        ]
    )
    title = factory.Sequence(lambda n: f"Cell therapy after stroke, study {n}")
    journal = "Journal of Example Neurology"
    journal_abbreviation = "J Ex Neurol"
    year = 2023
    month = 5
    volume = "12"
    issue = "3"
    pages = "101-110"

    class Meta:
        model = Reference
