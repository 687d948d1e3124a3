from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm


class PortalPageForm(WagtailAdminPageForm):
    """Slugs may be left empty: the page makes ASCII ones from its titles on save.

    Wagtail's in-browser slug generator drops Chinese characters, which would
    leave an editor writing a Chinese title with a required, empty slug.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            field = self.fields.get(build_localized_fieldname("slug", code))
            if field is not None:
                field.required = False
                field.help_text = _(
                    "Letters, numbers and hyphens only. Leave empty to make one from the "
                    "title (pinyin for Chinese titles)."
                )
