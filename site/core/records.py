"""Abstract records that several apps keep the same way: a stored upload and an invitation.

Apps subclass them and add what is their own (the file field with its folder, the parent
record, the invitation's subject), so the shared fields, their labels and their rules exist once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .files import FileKind


class StoredFile(models.Model):
    """A checked upload kept with the name people know it by. Subclasses declare ``file``
    (private storage, their own folder) and the record it belongs to."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("file size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def store(self, upload, kind: FileKind, *, user=None) -> StoredFile:
        """Save ``upload`` (already checked by ``website.core.files.accept``, which gave
        ``kind``) and this row; the stored name comes from the upload, the type from its
        content."""
        self.original_name = upload.name[:200]
        self.content_type = kind.content_type
        self.size = upload.size
        self.uploaded_by = user
        self.file.save(upload.name, upload, save=False)
        self.save()
        return self


class Invitation(models.Model):
    """An emailed invitation to take up an account or a role: sent, then accepted,
    withdrawn or left to expire after ``VALID_DAYS``."""

    VALID_DAYS = 14

    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )
