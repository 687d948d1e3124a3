from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class SiteSettingsManager(models.Manager):
    def get_queryset(self):
        # Every page shows these images (share card, logo, WeChat QR): one query, not four.
        return super().get_queryset().select_related("wechat_qr", "share_image", "logo")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=100, blank=True)
    wechat_qr = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("WeChat QR code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The official account's QR code, shown after a contact request."),
    )
    wechat_qr_url = models.URLField(
        _("WeChat QR link"),
        blank=True,
        help_text=_("Used to draw a QR code when no image is uploaded."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    medical_disclaimer = models.TextField(
        _("medical disclaimer"),
        blank=True,
        help_text=_("Shown on every article unless the article has its own."),
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # An official registration number, written as the authority issues it.
    icp_number = models.CharField(_("ICP filing number"), max_length=100, blank=True)
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in share cards (WeChat, social media) of pages without an image of their own."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation's logo, named as the publisher to search engines. Square works best."),
    )

    objects = SiteSettingsManager()

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("wechat_id"), FieldPanel("wechat_qr"), FieldPanel("wechat_qr_url")],
            heading=_("WeChat"),
        ),
        FieldPanel("contact_email"),
        FieldPanel("medical_disclaimer"),
        PageChooserPanel("privacy_policy_page"),
        FieldPanel("icp_number"),
        MultiFieldPanel([FieldPanel("share_image"), FieldPanel("logo")], heading=_("Share cards and search")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return self.organisation_name or str(_("Site settings"))
