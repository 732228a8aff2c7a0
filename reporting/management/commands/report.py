import argparse
import sys
from pathlib import Path

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from partners.permissions import system_user
from reporting.documents import REPORTS, ReportSpec
from reporting.pdf import STATIC_DIR, STYLESHEET_LINK, print_html
from reporting.views import FORMATS, export

FIELD_DEST = "field__"
MAX_CHOICES_LISTED = 12


def _form(spec: ReportSpec, data=None) -> forms.Form:
    return spec.form_class(data, user=system_user())


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _is_multiple(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def _is_flag(field: forms.Field) -> bool:
    return isinstance(field, forms.BooleanField)


def standalone_html(document) -> str:
    """The print page with its stylesheet inlined, so the file shows the same wherever it is opened."""
    css = (STATIC_DIR / "css" / "report.css").read_text(encoding="utf-8")
    css = css.replace('url("../fonts/', f'url("{(STATIC_DIR / "fonts").as_uri()}/')
    return print_html(document).replace(STYLESHEET_LINK, f"<style>\n{css}</style>")


class Command(BaseCommand):
    help = (
        "Maak een rapport als HTML, PDF, XLSX of CSV, bijvoorbeeld vanuit cron: "
        "report opdrachtformulier --framework haren-wmo-2013-2016 --format pdf -o boek.pdf. "
        "De selectie-opties zijn de velden van het rapport; --list toont ze."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "report", nargs="?", metavar="rapport", help="de naam van het rapport (zie --list)"
        )
        parser.add_argument("--list", action="store_true", help="toon de rapporten met hun selectie-opties")
        parser.add_argument("--format", choices=FORMATS, default="pdf", help="standaard pdf")
        parser.add_argument(
            "-o",
            "--output",
            metavar="BESTAND",
            help="het doelbestand; '-' is het scherm (standaard: de bestandsnaam van het rapport)",
        )
        parser.add_argument("--table", metavar="TABEL", help="bij xlsx en csv: alleen deze tabel (sleutel)")
        group = parser.add_argument_group("selectie (per rapport; zie --list)")
        seen: dict[str, forms.Field] = {}
        for spec in REPORTS.values():
            for name, field in _form(spec).fields.items():
                if name in seen:
                    continue
                seen[name] = field
                help_text = str(field.label or name)
                kwargs = {"action": "store_true"} if _is_flag(field) else {"action": "append"}
                if _is_multiple(field):
                    help_text += " (herhaal de optie of scheid met komma's)"
                try:
                    group.add_argument(_option(name), dest=FIELD_DEST + name, help=help_text, **kwargs)
                except argparse.ArgumentError:
                    # A field named like one of the command's own options; the tests forbid it.
                    continue

    def handle(self, *args, **options):
        if options["list"]:
            self._list()
            return
        name = options["report"]
        if not name:
            raise CommandError("Noem een rapport, of gebruik --list.")
        spec = REPORTS.get(name)
        if spec is None:
            raise CommandError(f"Rapport '{name}' bestaat niet. Kies uit: {', '.join(sorted(REPORTS))}.")
        fmt, table_slug = options["format"], options["table"] or ""
        if table_slug and fmt not in ("xlsx", "csv"):
            raise CommandError("--table kan alleen bij --format xlsx of csv.")
        user = system_user()
        form = spec.form_class(self._selection(spec, options), user=user)
        if not form.is_valid():
            raise CommandError(self._errors(form))
        try:
            document = spec.build(user, form.cleaned_data)
        except ObjectDoesNotExist as error:
            raise CommandError(f"De selectie bestaat niet: {error}") from error
        if table_slug and document.table(table_slug) is None:
            slugs = ", ".join(table.slug for table in document.tables) or "(geen)"
            raise CommandError(f"Tabel '{table_slug}' bestaat niet in dit rapport; kies uit: {slugs}.")
        if fmt == "html":
            content, filename = standalone_html(document).encode("utf-8"), document.filename("html")
        else:
            content, filename = export(document, fmt, table_slug)  # the same file as the download
        self._write(content, options["output"] or filename)

    def _selection(self, spec: ReportSpec, options) -> QueryDict:
        """The options as the query string the report page would get."""
        fields = _form(spec).fields
        data = QueryDict(mutable=True)
        for key, value in options.items():
            if not key.startswith(FIELD_DEST) or value in (None, False):
                continue
            name = key.removeprefix(FIELD_DEST)
            field = fields.get(name)
            if field is None:
                raise CommandError(
                    f"Optie {_option(name)} hoort niet bij rapport '{spec.name}'. "
                    f"Zie 'python manage.py report --list'."
                )
            if value is True:
                data.setlist(name, ["on"])
            elif _is_multiple(field):
                data.setlist(
                    name, [part.strip() for item in value for part in item.split(",") if part.strip()]
                )
            elif len(value) > 1:
                raise CommandError(f"Optie {_option(name)} mag maar één keer.")
            else:
                data.setlist(name, value)
        return data

    def _errors(self, form) -> str:
        lines = ["De selectie klopt niet:"]
        for name, errors in form.errors.items():
            where = _option(name) if name in form.fields else "selectie"
            lines.extend(f"  {where}: {error}" for error in errors)
        return "\n".join(lines)

    def _write(self, content: bytes, output: str) -> None:
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Geschreven: {output} ({len(content):,} bytes)".replace(",", "."))

    def _list(self) -> None:
        for spec in REPORTS.values():
            orgs = " (ook voor opdrachtnemers)" if spec.for_organisations else ""
            self.stdout.write(f"{spec.name}\t{spec.label}{orgs}")
            if spec.description:
                self.stdout.write(f"    {spec.description}")
            for name, field in _form(spec).fields.items():
                required = "verplicht" if field.required else "optioneel"
                line = f"    {_option(name)}\t{field.label or name} ({required})"
                choices = self._choices(field)
                if choices:
                    line += f": {choices}"
                self.stdout.write(line)

    def _choices(self, field: forms.Field) -> str:
        if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            return ""
        values = [str(value) for value, _label in field.choices if str(value)]
        shown = ", ".join(values[:MAX_CHOICES_LISTED])
        if len(values) > MAX_CHOICES_LISTED:
            shown += f", … ({len(values)} in totaal)"
        return shown
