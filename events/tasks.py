"""Background work of the events app (django-tasks)."""

from django_tasks import task


@task()
def sweep_events() -> dict[str, int]:
    """The same sweep as `manage.py events_sweep`, for a worker's schedule."""
    from .services import sweep

    return sweep()


@task()
def order_placed_mails(order_id: int) -> None:
    """The mails of a new order (to the registrant, and to each attendee of a confirmed one),
    rendered in the worker: a registration rush spends its requests on the seat decision,
    not on templates. Placed by place_order() once the order has committed."""
    from .models import Order
    from .services import notifications

    order = Order.objects.select_related("event").filter(pk=order_id).first()
    if order is not None:
        notifications.order_placed(order)
