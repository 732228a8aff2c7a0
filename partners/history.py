"""Readable change history and optimistic locking, for every app's edit screens.

History comes from django-simple-history: one query per model shown, however long the history is.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

HIDDEN_FIELDS = {"id", "version", "sort_key", "position", "password", "last_login"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}[self.kind]


@dataclass(frozen=True)
class Tracked:
    """A model whose history is shown with its parent: e.g. Activity via assignment_id."""

    model: type[models.Model]
    parent_field: str


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    # A model may leave out fields whose changes another record already tells (history_hidden_fields).
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden_fields", ()))
    return [
        f for f in model._meta.concrete_fields if f.name not in hidden and not f.name.startswith("history_")
    ]


class _Labeller:
    """Turns stored values into text people read: choice labels, names of related objects."""

    def __init__(self, records: Iterable, fields: list[models.Field]):
        self.names: dict[str, dict] = {}
        for f in fields:
            if f.is_relation and f.related_model is not None:
                ids = {getattr(r, f.attname) for r in records} - {None}
                self.names[f.attname] = {
                    obj.pk: str(obj) for obj in f.related_model._default_manager.filter(pk__in=ids)
                }

    def text(self, f: models.Field, value) -> str:
        if value in (None, ""):
            return "—"
        if f.is_relation:
            return self.names.get(f.attname, {}).get(value, f"#{value}")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "j F Y H:i")
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value)


def _entries_for(records: list, model: type[models.Model], title_of) -> list[HistoryEntry]:
    fields = _tracked_fields(model)
    labeller = _Labeller(records, fields)
    previous: dict[int, object] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if record.history_type == "-" or (before is not None and old == new):
                continue
            if before is None and new in (None, "", False):
                continue
            changes.append(FieldChange(str(f.verbose_name), labeller.text(f, old), labeller.text(f, new)))
        if record.history_type != "~" or changes:
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else _("systeem (import)"),
                    what=title_of(record),
                    kind=record.history_type,
                    changes=changes,
                )
            )
        previous[record.id] = record
    return entries


def object_history(
    obj: models.Model, tracked: Iterable[Tracked] = (), extra: Iterable[tuple[type[models.Model], Any]] = ()
) -> list[HistoryEntry]:
    """Every change to obj, to the listed child objects, and to the extra (model, history queryset) pairs,
    newest first."""
    own = list(obj.history.select_related("history_user"))
    entries = _entries_for(own, type(obj), lambda r: str(obj._meta.verbose_name))
    sources = [
        (spec.model, spec.model.history.filter(**{f"{spec.parent_field}_id": obj.pk})) for spec in tracked
    ]
    for model, history in [*sources, *extra]:
        records = list(history.select_related("history_user"))
        label = str(model._meta.verbose_name)
        entries += _entries_for(records, model, lambda r, label=label: f"{label}: {_short(r)}")
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _short(record) -> str:
    text = str(getattr(record, "instance", record))
    return text if len(text) <= 80 else text[:77] + "…"


class EditConflict(Exception):
    """Someone else saved the object after this user opened it."""

    def __init__(self, current: models.Model, changes: list[HistoryEntry]):
        self.current = current
        self.changes = changes
        super().__init__(f"{current} is intussen gewijzigd")


def lock_for_update(
    model: type[models.Model], pk: int, version: int, tracked: Iterable[Tracked] = ()
) -> models.Model:
    """Lock the row; raise EditConflict with what changed since `version` if someone saved in between.

    Call inside a transaction. Every save through an edit screen raises the version by one.
    """
    current = model.objects.select_for_update().get(pk=pk)
    if current.version == version:
        return current
    since = (
        current.history.filter(version=version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
    ).first()
    changes = [entry for entry in object_history(current, tracked) if since is None or entry.when > since]
    raise EditConflict(current, changes)


def changes_by_day(entries: list[HistoryEntry]) -> dict[datetime.date, list[HistoryEntry]]:
    grouped: dict[datetime.date, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.when.date()].append(entry)
    return dict(grouped)
