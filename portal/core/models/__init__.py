from portal.core.models.pages import BasePage, HomePage, HomePageFeaturedArticle, StandardPage
from portal.core.models.settings import SiteSettings

__all__ = [
    "BasePage",
    "HomePage",
    "HomePageFeaturedArticle",
    "SiteSettings",
    "StandardPage",
]
