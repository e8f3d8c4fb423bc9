"""scan/scancode.py: what names the installed ScanCode in every cache entry's key."""
from __future__ import annotations

from importlib.metadata import version

from mof_action.scan import scancode


def test_scancode_version_is_what_importlib_metadata_reads():
    """Read from the .dist-info folder beside the `scancode` package, without importlib.metadata: the same
    version, so that no cache entry's key changes with the way it is read."""
    assert scancode._version_beside_package() == version(scancode.SCANCODE_DISTRIBUTION)
    assert scancode.scancode_version() == version(scancode.SCANCODE_DISTRIBUTION)
