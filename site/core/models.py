from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import BodyBlock, LinkBlock, MenuItemBlock, QuickLinkBlock
from .credit_code import normalize_credit_code, validate_credit_code
from .files import PrivateUploadTo, private_storage
from .i18n import LocaleFallbackMixin
from .payment_forms import PaymentSettingsForm
from .states import StatusChange  # noqa: F401  (the one history of status changes)


class SeoMixin(LocaleFallbackMixin, models.Model):
    """Share metadata that WeChat and other readers show: an image and a short summary.

    Every public page type has it, so it also brings the English tree's fallback to the
    Chinese text where no translation exists (website.core.i18n).
    """

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared (WeChat, Weibo). Square, at least 300×300."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("share_image"),
    ]

    class Meta:
        abstract = True

    def get_share_image(self):
        return self.share_image

    def get_share_description(self) -> str:
        return self.search_description or ""

    def get_view_restrictions(self):
        """Wagtail's, without a query for the pages no restriction can apply to."""
        from .routing import may_be_restricted

        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(SeoMixin, Page):
    """The association's front page. Its sections (notices, news, events) come from the apps."""

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quick_links = StreamField(
        [("link", QuickLinkBlock())], verbose_name=_("quick links"), blank=True
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Banner"),
        ),
        FieldPanel("quick_links"),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    cache_areas = ("pages",)  # and what its sections read (website.core.registry)

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Every page below the home page is found in one query (website.core.routing)."""
        from .routing import route_below

        return route_below(self, request, path_components, super().route)

    def get_context(self, request, *args, **kwargs):
        from .registry import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections.render_all(request, self)
        return context


class StandardPage(SeoMixin, Page):
    """About pages, charters, contact details: a title, an introduction and a free body."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    cache_areas = ("pages",)

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(SeoMixin, AbstractEmailForm):
    """Contact and feedback forms; submissions are kept in the admin and emailed."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = [
        FormSubmissionsPanel(),
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    cache_areas = ("pages",)

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def send_mail(self, form):
        """The secretariat reads each message in Chinese, with a link to all of the form's."""
        from django.urls import reverse

        from .mail import send_templated_email

        values = [
            (field.label, form.cleaned_data[field.name])
            for field in form
            if field.name in form.cleaned_data
        ]
        send_templated_email(
            [address.strip() for address in self.to_address.split(",")],
            "core/email/form_submission",
            {
                "page": self,
                "subject": self.subject or self.title,
                "values": [
                    (label, ", ".join(value) if isinstance(value, list) else value)
                    for label, value in values
                ],
                "url": reverse("wagtailforms:list_submissions", args=[self.pk]),
            },
        )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The association's identity, shown in the header and footer of every page."""

    name = models.CharField(_("association name"), max_length=100, default="中国城市环境卫生协会")
    name_en = models.CharField(
        _("English name"),
        max_length=200,
        default="China Association of Urban Environmental Sanitation",
    )
    short_name = models.CharField(_("short name"), max_length=30, default="中国环卫协会")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(
        _("site description"),
        max_length=300,
        blank=True,
        help_text=_("Shown by search engines and when shared, for pages without a summary."),
    )
    description_en = models.CharField(_("site description in English"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address in English"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("e.g. 京ICP备12345678号")
    )
    police_number = models.CharField(
        _("public security filing number"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 京公网安备 11010202000001号"),
    )
    copyright = models.CharField(_("copyright line"), max_length=200, blank=True)
    copyright_en = models.CharField(_("copyright line in English"), max_length=200, blank=True)
    main_menu = StreamField([("item", MenuItemBlock())], verbose_name=_("main menu"), blank=True)
    footer_links = StreamField([("link", LinkBlock())], verbose_name=_("footer links"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("name_en"),
                FieldPanel("short_name"),
                FieldPanel("description"),
                FieldPanel("description_en"),
                FieldPanel("logo"),
                FieldPanel("default_share_image"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("icp_number"),
                FieldPanel("police_number"),
                FieldPanel("copyright"),
                FieldPanel("copyright_en"),
            ],
            heading=_("Filings"),
        ),
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    @classmethod
    def for_request(cls, request):
        """The site's settings, kept in the cache until they or the page tree change (the
        "pages" area): every page shows them, and reading the row costs more than a cache
        hit. The admin edits them through for_site(), from the database."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from .cache import PAGES, cached_fragment, fragment_seconds
        from .sites import find_for_request

        site = find_for_request(request)
        if site is None:
            return super().for_request(request)

        def read() -> SiteSettings:
            # Not for_site(): a page view creating the row would empty "pages" as it reads
            # them. Without a row, the defaults (what the admin's first save starts from).
            return cls.base_queryset().filter(site=site).first() or cls(site=site)

        site_settings = cached_fragment(
            f"core:site-settings:{site.pk}",
            read,
            fragment_seconds(),
            areas=[PAGES],
        )
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings

    def in_language(self, name: str, language: str | None = None) -> str:
        """A text setting in the visitor's language: the English field in English, if filled."""
        from .i18n import active_language

        if (language or active_language()) == "en":
            return getattr(self, f"{name}_en", "") or getattr(self, name)
        return getattr(self, name)


validate_account_number = RegexValidator(
    r"^(?=(?:\s*\d){8,32}\s*$)[\d ]+$",
    _("Enter the account number as digits, optionally grouped by spaces (8 to 32 digits)."),
    code="account_number",
)


@register_setting(icon="form")
class PaymentSettings(BaseGenericSetting):
    """Where members and buyers pay: the association's bank accounts, taxpayer number and
    financial seal, as the secretariat keeps them. Nothing has a default: while the accounts
    are unset, invoices, dues notices and payment instructions are withheld
    (website.core.payments) instead of printing a made-up account."""

    payee = models.CharField(
        _("payee"),
        max_length=100,
        blank=True,
        help_text=_("The account holder (收款单位), e.g. the association's registered name."),
    )
    tax_number = models.CharField(
        _("taxpayer number"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("The association's unified social credit code (纳税人识别号), 18 characters."),
    )
    bank_name = models.CharField(
        _("bank and branch"), max_length=100, blank=True, help_text=_("开户行, e.g. the branch.")
    )
    account_number = models.CharField(
        _("account number"), max_length=40, blank=True, validators=[validate_account_number]
    )
    events_use_dues_account = models.BooleanField(
        _("events use the dues account"),
        default=True,
        help_text=_(
            "Registration fees and booths are paid to the account above. Untick to give "
            "events an account of their own."
        ),
    )
    events_payee = models.CharField(
        _("payee for events"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty when the payee above holds the events account too."),
    )
    events_bank_name = models.CharField(_("bank and branch for events"), max_length=100, blank=True)
    events_account_number = models.CharField(
        _("account number for events"),
        max_length=40,
        blank=True,
        validators=[validate_account_number],
    )
    finance_seal = models.FileField(
        _("financial seal"),
        upload_to=PrivateUploadTo("seals"),
        storage=private_storage,
        blank=True,
        help_text=_(
            "An image of the financial seal (财务专用章), PNG or JPEG on a transparent or white "
            "background, printed on dues notices. Kept private."
        ),
    )

    base_form_class = PaymentSettingsForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("payee"),
                FieldPanel("tax_number"),
                FieldPanel("bank_name"),
                FieldPanel("account_number"),
            ],
            heading=_("Dues account"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("events_use_dues_account"),
                FieldPanel("events_payee"),
                FieldPanel("events_bank_name"),
                FieldPanel("events_account_number"),
            ],
            heading=_("Events account"),
        ),
        FieldPanel("finance_seal"),
    ]

    class Meta:
        verbose_name = _("payment details")
        verbose_name_plural = _("payment details")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def clean(self) -> None:
        super().clean()
        self.tax_number = normalize_credit_code(self.tax_number)
        self.account_number = " ".join(self.account_number.split())
        self.events_account_number = " ".join(self.events_account_number.split())
        errors = {}
        dues = {"payee": self.payee, "bank_name": self.bank_name}
        dues["account_number"] = self.account_number
        if any(dues.values()):
            for name, value in dues.items():
                if not value.strip():
                    errors[name] = _("Fill in the payee, the bank and the account number together.")
        if not self.events_use_dues_account:
            for name in ("events_bank_name", "events_account_number"):
                if not getattr(self, name).strip():
                    errors[name] = _("Required when events have an account of their own.")
            if not (self.events_payee or self.payee).strip():
                errors["events_payee"] = _("Name the payee of the events account.")
        if errors:
            raise ValidationError(errors)


class Sequence(models.Model):
    """Counters behind human-readable numbers (membership, invoice, certificate numbers).

    `next_value()` locks the row, so two processes never receive the same number.
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    value = models.PositiveBigIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"

    @classmethod
    def next_value(cls, key: str) -> int:
        from django.db import IntegrityError, transaction

        with transaction.atomic():
            sequence = cls.objects.select_for_update().filter(key=key).first()
            if sequence is None:
                try:
                    with transaction.atomic():
                        sequence = cls.objects.create(key=key, value=0)
                except IntegrityError:
                    # Another process created it first; lock the existing row.
                    pass
                sequence = cls.objects.select_for_update().get(key=key)
            sequence.value += 1
            sequence.save(update_fields=["value"])
            return sequence.value
