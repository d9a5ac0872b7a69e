"""Background work of the events app (django-tasks)."""

from django_tasks import task


@task()
def sweep_events() -> dict[str, int]:
    """The same sweep as `manage.py events_sweep`, for a worker's schedule."""
    from .services import sweep

    return sweep()
