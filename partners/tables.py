import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=("partners:organisation-detail", {"pk": tables.A("pk")}))
    municipalities = tables.ManyToManyColumn(verbose_name=_("werkt voor gemeenten"), orderable=False)
    agreement_count = tables.Column(verbose_name=_("afspraken"))

    class Meta:
        model = Organisation
        fields = ("name", "kind", "municipalities", "agreement_count")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen organisaties gevonden.")
