from django.apps import apps as installed_apps
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from website.core.kept_sql import kept_sql


class UserManager(DjangoUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def get(self, *args, **kwargs):
        """`get(pk=<int>)` through kept SQL: the authentication backend loads the session's
        user this way on every signed-in request, and compiling that query cost more CPU than
        PostgreSQL spends answering it. Anything else, a historical model's manager (migrations)
        or another database is the plain queryset's `get()`."""
        pk = kwargs.get("pk")
        if (
            args
            or len(kwargs) != 1
            or type(pk) is not int
            or self._db is not None
            or self.model._meta.apps is not installed_apps
        ):
            return super().get(*args, **kwargs)
        found = _user_by_pk(pk)
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space.
        last, first = self.last_name.strip(), self.first_name.strip()
        if any("\u4e00" <= ch <= "\u9fff" for ch in last + first):
            return f"{last}{first}"
        return " ".join(part for part in (first, last) if part)

    def get_short_name(self) -> str:
        return self.get_full_name() or self.email


@kept_sql
def _user_by_pk(pk: int):
    return User.objects.get_queryset().filter(pk=pk).order_by()
