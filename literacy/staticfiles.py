"""Static files in production: whitenoise's compressed, hashed copies (``collectstatic``)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each file's hashed address is worked out once per process.

    The manifest is read when the process starts and does not change until the next deploy,
    so every page asking for ``css/site.css`` again gets the same address; working it out on
    every ``{% static %}`` was a visible share of each page.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        address = self._addresses.get(name)
        if address is None:
            address = self._addresses[name] = super().url(name)
        return address
