from portal.core.models.mixins import NeedsTranslationMixin
from portal.core.models.pages import BasePage, HomePage, HomePageFeaturedArticle, StandardPage
from portal.core.models.settings import SiteSettings
from portal.core.search.models import Synonym

__all__ = [
    "BasePage",
    "HomePage",
    "HomePageFeaturedArticle",
    "NeedsTranslationMixin",
    "SiteSettings",
    "StandardPage",
    "Synonym",
]
