"""Where report attachments live: outside the web root, served only through a view that checks permission."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # A callable, so the location comes from the settings at run time and never lands in a migration.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
