"""The admin upload form of the article importer."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleIndexPage, ArticlePage
from portal.references.parsers.common import max_import_bytes

BLOCK_LABELS = {
    "heading": _("Headings"),
    "paragraph": _("Paragraphs"),
    "bullet_list": _("Bullet lists"),
    "ordered_list": _("Numbered lists"),
    "table": _("Tables"),
    "wechat_cta": _("WeChat call-to-action"),
}


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_admin_display_title()


class ArticleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Article file"),
        help_text=_(
            "Plain text or light Markdown, UTF-8 or GB18030: a title line, paragraphs, headings "
            '(一、 / 1. / ##), "- " bullets, pipe tables, [n] citations and a reference list '
            "(参考资料 / 參考資料 / References)."
        ),
    )
    lang = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    parent = ParentChoiceField(
        label=_("Article index"),
        queryset=ArticleIndexPage.objects.none(),
        required=False,
        help_text=_("Where a new article goes. A file imported before is found there by its title."),
    )
    page = forms.ModelChoiceField(
        label=_("Existing article (optional)"),
        queryset=ArticlePage.objects.none(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("ID of the article this file is a new version or a translation of."),
    )
    title = forms.CharField(
        label=_("Title (optional)"), max_length=255, required=False, help_text=_("Replaces the file's title.")
    )
    publish = forms.BooleanField(
        label=_("Publish right away"),
        required=False,
        help_text=_(
            "An article under medical review is submitted to the review instead, "
            "and published once a reviewer approves it."
        ),
    )

    def __init__(self, *args, parents, articles, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["page"].queryset = articles
        if parents.count() == 1:
            self.fields["parent"].initial = parents.first()
        if not can_publish:
            # Anyone who may edit an article may submit it for review.
            self.fields["publish"].label = _("Submit for medical review")
            self.fields["publish"].help_text = _(
                "The article is published once a medical reviewer approves it."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_import_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parent") and not cleaned.get("page") and not self.errors:
            raise forms.ValidationError(_("Choose the article index, or the existing article to update."))
        return cleaned


class ImportConfirmForm(forms.Form):
    """The preview's choices; the file and the upload form's answers wait on the server."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    keep_punctuation = forms.BooleanField(
        label=_("Keep the original punctuation"),
        required=False,
        help_text=_("Leave half-width punctuation between Chinese characters as it is in the file."),
    )
    script_fixes = forms.MultipleChoiceField(
        label=_("Script corrections to apply"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each accepted correction is applied everywhere in the text; reference entries never change."
        ),
    )

    def __init__(self, *args, punctuation_changes: int = 0, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not punctuation_changes:
            del self.fields["keep_punctuation"]
        self.fields["script_fixes"].choices = [
            (proposal.key, f"{proposal.source} → {proposal.target} (×{proposal.count})")
            for proposal in proposals
        ]
        if not self.fields["script_fixes"].choices:
            del self.fields["script_fixes"]
