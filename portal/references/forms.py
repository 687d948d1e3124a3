import json

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from portal.references.parsers import FORMAT_LABELS
from portal.references.parsers.common import split_name


class ReferenceImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PubMed XML (efetch), RIS, BibTeX, CSL-JSON, or NLM citations one per line."),
    )
    text = forms.CharField(
        label=_("Or paste NLM citations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One citation per line, as PubMed's “Cite → NLM” gives it."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Detect from the file"))] + [(key, label) for key, label in FORMAT_LABELS.items()],
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the limit is %(limit)s bytes.")
                % {"size": upload.size, "limit": settings.IMPORT_MAX_BYTES}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a file or paste at least one citation."))
        return cleaned

    def payload(self) -> tuple[bytes, str, str | None]:
        """(data, filename, format) for reference_import_file."""
        fmt = self.cleaned_data.get("format") or None
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(settings.IMPORT_MAX_BYTES + 1), upload.name, fmt
        return self.cleaned_data["text"].encode("utf-8"), str(_("pasted citations")), fmt or "nlm"


def authors_to_text(authors) -> str:
    lines = []
    for author in authors or []:
        if not isinstance(author, dict):
            continue
        family, given = author.get("family", ""), author.get("given", "")
        lines.append(f"{family}, {given}" if given else f"{family} {author.get('initials', '')}".strip())
    return "\n".join(lines)


class AuthorsField(forms.CharField):
    """The JSON author list edited as text: one author per line, "Family, Given" or
    "Family Initials" (e.g. "Hess, David C" or "Hess DC")."""

    widget = forms.Textarea(attrs={"rows": 8})

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("One per line, in order: “Family, Given” (Hess, David C) or “Family Initials” (Hess DC)"),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return authors_to_text(value)
        if isinstance(value, str) and value.lstrip().startswith("["):
            # Wagtail may hand back the JSON text of the stored list.
            try:
                return authors_to_text(json.loads(value))
            except ValueError:
                return value
        return value

    def to_python(self, value):
        text = super().to_python(value)
        authors, errors = [], []
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            found = split_name(line)
            if found is None or not found["family"]:
                errors.append(
                    forms.ValidationError(
                        _(
                            "Line %(number)d (“%(line)s”) is not “Family, Given” or “Family Initials”. "
                            "A collective author such as a study group goes in “group author”."
                        ),
                        code="invalid_author",
                        params={"number": number, "line": line.strip()},
                    )
                )
            else:
                authors.append(found)
        if errors:
            raise forms.ValidationError(errors)
        return authors

    def has_changed(self, initial, data):
        try:
            return self.to_python(self.prepare_value(initial) or "") != self.to_python(data or "")
        except forms.ValidationError:
            return True


class ReferenceAdminForm(WagtailAdminModelForm):
    """Snippet edit form: authors as text, identifiers normalised with clear messages."""

    authors = AuthorsField(label=_("authors"))

    def _clean_identifier(self, name: str, normalize):
        value = normalize(self.cleaned_data.get(name) or "")
        if value and name in ("doi", "pmid"):
            lookup = {f"{name}__iexact" if name == "doi" else name: value}
            others = self._meta.model.objects.filter(**lookup)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                raise forms.ValidationError(
                    _("Another reference already has this %(name)s: “%(other)s”."),
                    params={"name": name.upper(), "other": other},
                )
        return value

    def clean_authors(self):
        # Keep initials PubMed gave (they can differ from the given name's letters).
        authors = self.cleaned_data.get("authors") or []
        known = {
            (a.get("family"), a.get("given")): a.get("initials")
            for a in (self.instance.authors or [])
            if isinstance(a, dict) and a.get("given")
        }
        for author in authors:
            if author["given"] and known.get((author["family"], author["given"])):
                author["initials"] = known[(author["family"], author["given"])]
        return authors

    def clean_doi(self):
        return self._clean_identifier("doi", normalize_doi)

    def clean_pmid(self):
        return self._clean_identifier("pmid", normalize_pmid)

    def clean_pmcid(self):
        return self._clean_identifier("pmcid", normalize_pmcid)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "plain":
            plain = [v for k, v in cleaned.items() if k.startswith("plain_text") and v]
            if not plain and "plain_text" not in self.errors:
                self.add_error(None, _("A plain-text reference needs the citation as written."))
        elif kind == "web":
            if not cleaned.get("url") and "url" not in self.errors:
                self.add_error("url", _("A web page reference needs its URL."))
        elif kind and not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", _("The reference needs a title."))
        return cleaned
