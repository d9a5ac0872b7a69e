from django.conf import settings
from wagtail import hooks

from .cache import reads
from .documents import serve_document
from .states import StatusChangeFormatter


@hooks.register("before_serve_page")
def declare_cache_areas(page, request, serve_args, serve_kwargs):
    """A page type's `cache_areas` name what its pages show (website.core.cache); a type
    without them depends on every area."""
    reads(*getattr(page, "cache_areas", ()))


@hooks.register("before_serve_document", order=100)
def hand_documents_to_nginx(document, request):
    """Last of the checks (Wagtail's collection restrictions, members-only bulletins run
    first): with PRIVATE_FILES_ACCEL_REDIRECT set, nginx sends the bytes from its internal
    location instead of a Python worker."""
    if getattr(settings, "PRIVATE_FILES_ACCEL_REDIRECT", ""):
        return serve_document(request, document, cache_control="private, no-cache")
    return None


@hooks.register("register_log_actions")
def register_status_change(actions):
    actions.register_action("core.status_change")(StatusChangeFormatter)
