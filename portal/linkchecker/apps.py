from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkcheckerConfig(AppConfig):
    name = "portal.linkchecker"
    label = "linkchecker"  # "linkcheck" is django-linkcheck's
    verbose_name = _("Link checker")

    def ready(self):
        from portal.linkchecker import registry, signals

        # The site's own page types; other apps register theirs in their ready().
        registry.register("core.HomePage")
        registry.register("core.StandardPage")
        registry.register("inquiries.ContactPage")
        # References sit beside this app (portal.* apps do not import each other): named by label.
        registry.register("references.Reference", extra_links=registry.reference_links, live=False)
        registry.register("core.SiteSettings")  # the link the WeChat QR code encodes
        registry.register(  # search results show them
            "wagtailsearchpromotions.SearchPromotion",
            extra_links=registry.promotion_links,
            describe=registry.describe_promotion,
        )
        signals.connect()
