import factory
import wagtail_factories

from trials.models import TrialIndexPage, TrialPage, TrialRegistryId


class TrialIndexPageFactory(wagtail_factories.PageFactory):
    title_zh_hans = "临床试验"
    title = "临床试验"
    title_en = "Clinical trials"
    slug_zh_hans = "trials"
    slug_en = "trials"

    class Meta:
        model = TrialIndexPage


class TrialPageFactory(wagtail_factories.PageFactory):
    title_zh_hans = factory.Sequence(lambda n: f"干细胞试验 {n}")
    title = factory.SelfAttribute("title_zh_hans")
    title_en = factory.Sequence(lambda n: f"Stem-cell trial {n}")
    acronym = factory.Sequence(lambda n: f"TRIAL{n}")
    overall_status = "RECRUITING"

    class Meta:
        model = TrialPage


class TrialRegistryIdFactory(factory.django.DjangoModelFactory):
    registry = "nct"
    identifier = factory.Sequence(lambda n: f"NCT{90000000 + n:08d}")

    class Meta:
        model = TrialRegistryId
