"""What plant grading's on-site step adds to the core (named in extensions.EXTENSIONS)."""

from __future__ import annotations

from ..extensions import Extension
from .admin import InspectionProcessExtension


class PlantExtension(Extension):
    process_page = InspectionProcessExtension()
