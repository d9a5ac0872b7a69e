from django import template
from django.utils.html import format_html

register = template.Library()

# Statuses that call for attention (warn) or are final and negative (danger).
WARN = {"submitted", "under_review", "returned", "grace", "pending", "open", "suspended"}
DANGER = {"rejected", "lapsed", "terminated", "overdue", "cancelled"}


@register.simple_tag
def status_badge(obj, field: str = "status"):
    """A badge with the translated label of obj's status, coloured by what it means."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    variant = " badge--danger" if value in DANGER else " badge--warn" if value in WARN else ""
    return format_html('<span class="badge{}" data-status="{}">{}</span>', variant, value, label)


@register.filter
def yuan(value) -> str:
    """¥12,000.00"""
    if value in (None, ""):
        return "—"
    return f"¥{value:,.2f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
