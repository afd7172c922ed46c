import datetime

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule
from wagtail.admin.forms import WagtailAdminModelForm

from buyer_space.space.choices import DataFileKind
from espace_site.forms import validate_upload_size

LEDGER_EXTENSIONS = ["csv", "xlsx"]


class LedgerUploadForm(WagtailAdminModelForm):
    """The admin's upload of an ERP file (CSV or XLSX)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.required = True
        field.label = _("Fichier du grand livre ou des gains achats (CSV ou XLSX)")
        field.help_text = _(
            "CSV séparé par des points-virgules (UTF-8 ou Windows-1252, virgule décimale) ou "
            "classeur XLSX ; colonnes décrites dans la documentation du grand livre."
        )
        field.validators = [FileExtensionValidator(LEDGER_EXTENSIONS), validate_upload_size]

    def save(self, commit=True):
        self.instance.source_name = self.cleaned_data["file"].name[-255:]
        return super().save(commit=commit)


class GenerateReportsForm(forms.Form):
    """*Générer maintenant*: the reports of one kind for the period containing a date."""

    kind = forms.ChoiceField(label=_("Type de rapport"), choices=DataFileKind.choices)
    day = forms.DateField(
        label=_("Une date de la période"),
        help_text=_("Par exemple le 15/01/2024 pour le mois de janvier 2024."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "JJ/MM/AAAA"}),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate() or day < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Choisissez une date passée (depuis l'an 2000)."))
        return day


class ReportScheduleForm(WagtailAdminModelForm):
    """A report's schedule as a crontab (minute, hour, day of month, month, day of week)."""

    minute = forms.CharField(label=_("Minute"), max_length=60, initial="0")
    hour = forms.CharField(label=_("Heure"), max_length=60, initial="3")
    day_of_month = forms.CharField(label=_("Jour du mois"), max_length=60, initial="*")
    month_of_year = forms.CharField(label=_("Mois"), max_length=60, initial="*")
    day_of_week = forms.CharField(
        label=_("Jour de la semaine"),
        max_length=60,
        initial="*",
        help_text=_("0 = dimanche, 1 = lundi… ; * pour tous les jours."),
    )

    CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        crontab = self.instance.crontab if self.instance.pk else None
        if crontab is not None:
            for name in self.CRON_FIELDS:
                self.initial[name] = getattr(crontab, name)

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in self.CRON_FIELDS}
        if all(values.values()):
            candidate = CrontabSchedule(timezone="Europe/Paris", **values)
            try:
                candidate.full_clean(exclude=["timezone"])
                candidate.schedule.remaining_estimate(timezone.now())
            except Exception:  # noqa: BLE001 (any parse error of the expression)
                raise forms.ValidationError(
                    _("Cette planification n'est pas valide (format crontab).")
                ) from None
        return cleaned

    def save(self, commit=True):
        values = {name: self.cleaned_data[name] for name in self.CRON_FIELDS}
        crontab, _created = CrontabSchedule.objects.get_or_create(timezone="Europe/Paris", **values)
        self.instance.crontab = crontab
        return super().save(commit=commit)
