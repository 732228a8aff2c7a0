"""Where report attachments live: outside the web root, served only through a view that checks permission."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """File storage under settings.PRIVATE_MEDIA_ROOT, read each time, so a changed setting is followed."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    # A callable, so the location never lands in a migration.
    return PrivateStorage()
