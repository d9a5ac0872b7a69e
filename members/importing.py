"""Spreadsheet import of organizations and persons (.xlsx): read, check, then import.

`read_workbook()` parses and checks every row without saving anything and returns an
`ImportPreview` (per-row errors: bad credit code, duplicate in the file or the database,
missing required field, unknown province/category/tier). `import_preview()` saves the good
rows in one transaction with bulk inserts, so 10,000 rows take seconds, not minutes.
Headers may be in Chinese or English (the template's labels in either language).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.cache import one_invalidation
from website.core.states import StatusChange

from .models import (
    BusinessCategory,
    ImportBatch,
    Membership,
    Organization,
    Person,
)
from .regions import Province
from .services import reserve_membership_numbers
from .validators import normalize_credit_code, validate_credit_code

MAX_ROWS = 20_000
MAX_FILE_SIZE = 10 * 1024 * 1024
# A workbook is a zip: a 100 KB file can expand to a 100 MB cell. What it expands to, and any
# one cell, is capped before and while reading, so a worker's memory stays bounded.
MAX_EXPANDED_SIZE = 60 * 1024 * 1024
MAX_CELL_CHARS = 2_000
SHOWN_CHARS = 80  # what a preview or a message repeats of a cell
CHUNK = 500  # SQLite allows ~1,000 parameters per statement in older builds; stay well below
LIST_SEPARATORS = re.compile(r"[、,，;；/|\n]+")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, no header, too many rows)."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: Promise | str
    required: bool = False
    help: Promise | str = ""

    def aliases(self) -> set[str]:
        names = {self.key}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(str(self.label))
        return {_normalize_header(name) for name in names}


ORGANIZATION_COLUMNS = [
    ImportColumn("name", gettext_lazy("Organization name"), True),
    ImportColumn("credit_code", gettext_lazy("Unified social credit code"), True),
    ImportColumn("province", gettext_lazy("Province"), True, gettext_lazy("e.g. 广东省")),
    ImportColumn("short_name", gettext_lazy("Short name")),
    ImportColumn("kind", gettext_lazy("Type"), help=gettext_lazy("Default: enterprise")),
    ImportColumn("city", gettext_lazy("City")),
    ImportColumn("address", gettext_lazy("Address")),
    ImportColumn("postcode", gettext_lazy("Postcode")),
    ImportColumn("legal_representative", gettext_lazy("Legal representative")),
    ImportColumn(
        "categories",
        gettext_lazy("Business categories"),
        help=gettext_lazy("Several separated by 、"),
    ),
    ImportColumn("website", gettext_lazy("Website")),
    ImportColumn("phone", gettext_lazy("Public phone")),
    ImportColumn(
        "tier",
        gettext_lazy("Membership tier"),
        help=gettext_lazy("Empty: not a member; otherwise an active membership is opened"),
    ),
    ImportColumn("joined_on", gettext_lazy("Joined on"), help=gettext_lazy("e.g. 2024-03-01")),
    ImportColumn(
        "paid_through", gettext_lazy("Paid through"), help=gettext_lazy("e.g. 2026-12-31")
    ),
]

PERSON_COLUMNS = [
    ImportColumn("name", gettext_lazy("Full name"), True),
    ImportColumn(
        "employer",
        gettext_lazy("Employer"),
        help=gettext_lazy("Credit code or exact name of a known organization, or any name"),
    ),
    ImportColumn("job_title", gettext_lazy("Job title")),
    ImportColumn("professional_title", gettext_lazy("Professional title")),
    ImportColumn("expertise", gettext_lazy("Expertise")),
    ImportColumn("province", gettext_lazy("Province")),
    ImportColumn("phone", gettext_lazy("Mobile phone")),
    ImportColumn("email", gettext_lazy("Email")),
    ImportColumn(
        "individual_member",
        gettext_lazy("Individual member"),
        help=gettext_lazy("是/否 (yes/no): opens an active individual membership"),
    ),
    ImportColumn("joined_on", gettext_lazy("Joined on")),
    ImportColumn("paid_through", gettext_lazy("Paid through")),
]

COLUMNS = {"organizations": ORGANIZATION_COLUMNS, "persons": PERSON_COLUMNS}


@dataclass
class ImportRow:
    number: int  # the spreadsheet's row number, as the user sees it
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    kind: str
    rows: list[ImportRow]
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.is_valid]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    def report(self, *, limit: int = 1000) -> dict:
        """What the preview page shows (kept on the ImportBatch as JSON)."""
        keys = [column.key for column in COLUMNS[self.kind]]
        return {
            "ignored_headers": self.ignored_headers,
            "invalid_count": len(self.invalid_rows),
            "errors": [
                {
                    "row": row.number,
                    "label": str(row.values.get("name") or ""),
                    "key": str(row.values.get("credit_code") or row.values.get("email") or ""),
                    "messages": row.errors,
                }
                for row in self.invalid_rows[:limit]
            ],
            "sample": [
                {"row": row.number, **{key: _display(row.values.get(key)) for key in keys[:4]}}
                for row in self.valid_rows[:10]
            ],
        }


@dataclass
class ImportResult:
    created: int
    memberships: int
    skipped: list[ImportRow]


# Reading ------------------------------------------------------------------------------------


def _normalize_header(value: Any) -> str:
    text = str(value or "").strip().lower()
    return re.sub(r"[\s*＊（）()：:]+", "", text)


def _display(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return value


def shown(value: Any) -> str:
    """A cell as a preview or a message may repeat it: bounded, never the whole raw cell."""
    text = _display(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _check_expanded_size(file: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("This file is not an Excel workbook (.xlsx).")) from error
    finally:
        file.seek(0)
    if expanded > MAX_EXPANDED_SIZE:
        raise ImportFileError(
            _("This workbook holds more data than an import can take; split it into smaller files.")
        )


def iter_sheet_rows(file: IO[bytes]) -> Iterator[tuple[int, tuple]]:
    """Rows of the first worksheet with their numbers; read-only mode keeps memory flat."""
    from openpyxl import load_workbook  # loaded by the worker that imports, not by every one

    _check_expanded_size(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportFileError(_("This file is not an Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def read_workbook(file: IO[bytes], kind: str) -> ImportPreview:
    """Parse and check an uploaded workbook; nothing is saved."""
    columns = COLUMNS[kind]
    lookup: dict[str, ImportColumn] = {}
    for column in columns:
        for alias in column.aliases():
            lookup[alias] = column
    rows_iter = iter_sheet_rows(file)
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for _number, header in rows_iter:
        if not any(cell not in (None, "") for cell in header):
            continue
        for index, cell in enumerate(header):
            column = lookup.get(_normalize_header(cell))
            if column is not None and column.key not in mapping.values():
                mapping[index] = column.key
            elif cell not in (None, "") and len(ignored) < 30:
                ignored.append(shown(cell))
        break
    missing = [str(c.label) for c in columns if c.required and c.key not in mapping.values()]
    if not mapping or missing:
        raise ImportFileError(
            _("The header row lacks required columns: %(columns)s. Use the template.")
            % {"columns": "、".join(missing or [str(c.label) for c in columns if c.required])}
        )
    rows: list[ImportRow] = []
    for number, raw in rows_iter:
        values = {key: _cell_text(raw[index]) for index, key in mapping.items() if index < len(raw)}
        if not any(value not in (None, "") for value in values.values()):
            continue
        too_long = [
            key
            for key, value in values.items()
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS
        ]
        for key in too_long:
            values[key] = shown(values[key])
        row = ImportRow(number, values)
        labels = {column.key: column.label for column in columns}
        for key in too_long:
            row.errors.append(
                _("%(field)s is longer than %(max)d characters.")
                % {"field": labels[key], "max": MAX_CELL_CHARS}
            )
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
    preview = ImportPreview(kind, rows, ignored)
    CHECKS[kind](preview)
    return preview


# Checking -----------------------------------------------------------------------------------


def _choice_lookup(choices: Iterable[tuple[str, Any]], extra: dict[str, str] | None = None):
    """Accept a choice's value or its label in any site language."""
    table: dict[str, str] = {}
    for value, label in choices:
        table[str(value).lower()] = value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                table[str(label).strip().lower()] = value
    for name, value in (extra or {}).items():
        table[name.lower()] = value
    return table


def _province_lookup() -> dict[str, str]:
    table = _choice_lookup(Province.choices)
    for value, label in Province.choices:
        with translation.override("zh-hans"):
            name = str(label)
        # 广东省 → 广东, 广西壮族自治区 → 广西, 北京市 → 北京
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)
        table[short] = value
    return table


def _parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValueError(text)


def _clean_date(row: ImportRow, key: str, label: str) -> None:
    try:
        row.cleaned[key] = _parse_date(row.values.get(key))
    except ValueError:
        row.errors.append(
            _("%(field)s “%(value)s” is not a date (use 2024-03-01).")
            % {"field": label, "value": row.values.get(key)}
        )


def _required(row: ImportRow, key: str, label: str, max_length: int) -> str:
    value = str(row.values.get(key) or "").strip()
    if not value:
        row.errors.append(_("%(field)s is required.") % {"field": label})
    elif len(value) > max_length:
        row.errors.append(
            _("%(field)s is longer than %(max)d characters.") % {"field": label, "max": max_length}
        )
    return value


def _optional(row: ImportRow, key: str, label: str, max_length: int) -> str:
    value = str(row.values.get(key) or "").strip()
    if len(value) > max_length:
        row.errors.append(
            _("%(field)s is longer than %(max)d characters.") % {"field": label, "max": max_length}
        )
        return ""
    return value


def _existing(values: list[str], lookup: Callable[[list[str]], Iterable[str]]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        found.update(lookup(values[start : start + CHUNK]))
    return found


def check_organizations(preview: ImportPreview) -> None:
    provinces = _province_lookup()
    kinds = _choice_lookup(Organization.Kind.choices)
    tiers = _choice_lookup(
        [(value, label) for value, label in Membership.Tier.choices if value != "individual"]
    )
    categories = {}
    for category in BusinessCategory.objects.all():
        for name in (category.name, category.name_en, category.slug):
            if name:
                categories[name.lower()] = category.pk
    labels = {column.key: str(column.label) for column in ORGANIZATION_COLUMNS}
    url_validator = URLValidator()
    seen: dict[str, int] = {}
    for row in preview.rows:
        cleaned = row.cleaned
        cleaned["name"] = _required(row, "name", labels["name"], 200)
        code = normalize_credit_code(row.values.get("credit_code"))
        if not code:
            row.errors.append(_("%(field)s is required.") % {"field": labels["credit_code"]})
        else:
            try:
                validate_credit_code(code)
            except ValidationError as error:
                row.errors.extend(error.messages)
            else:
                if code in seen:
                    row.errors.append(
                        _("Credit code %(code)s also appears in row %(row)d of this file.")
                        % {"code": code, "row": seen[code]}
                    )
                else:
                    seen[code] = row.number
        cleaned["credit_code"] = code
        province = str(row.values.get("province") or "").strip()
        if not province:
            row.errors.append(_("%(field)s is required.") % {"field": labels["province"]})
        elif province.lower() not in provinces:
            row.errors.append(_("Unknown province “%(value)s”.") % {"value": province})
        else:
            cleaned["province"] = provinces[province.lower()]
        kind = str(row.values.get("kind") or "").strip()
        if kind and kind.lower() not in kinds:
            row.errors.append(_("Unknown type of organization “%(value)s”.") % {"value": kind})
        cleaned["kind"] = kinds.get(kind.lower(), Organization.Kind.ENTERPRISE)
        cleaned["category_ids"] = []
        for name in LIST_SEPARATORS.split(str(row.values.get("categories") or "")):
            name = name.strip()
            if not name:
                continue
            if name.lower() not in categories:
                row.errors.append(_("Unknown business category “%(value)s”.") % {"value": name})
            else:
                cleaned["category_ids"].append(categories[name.lower()])
        tier = str(row.values.get("tier") or "").strip()
        if tier and tier.lower() not in tiers:
            row.errors.append(_("Unknown membership tier “%(value)s”.") % {"value": tier})
        cleaned["tier"] = tiers.get(tier.lower()) if tier else None
        website = _optional(row, "website", labels["website"], 200)
        if website and not re.match(r"^https?://", website, re.I):
            website = f"http://{website}"
        if website:
            try:
                url_validator(website)
            except ValidationError:
                row.errors.append(
                    _("The website “%(value)s” is not a valid address.") % {"value": website}
                )
        cleaned["website"] = website
        for key, length in (
            ("short_name", 60),
            ("city", 50),
            ("address", 200),
            ("postcode", 10),
            ("legal_representative", 50),
            ("phone", 40),
        ):
            cleaned[key] = _optional(row, key, labels[key], length)
        _clean_date(row, "joined_on", labels["joined_on"])
        _clean_date(row, "paid_through", labels["paid_through"])
    # Duplicates of organizations already in the database: one query per chunk of codes.
    existing = _existing(
        list(seen),
        lambda codes: Organization.objects.filter(credit_code__in=codes).values_list(
            "credit_code", flat=True
        ),
    )
    for row in preview.rows:
        if row.cleaned.get("credit_code") in existing:
            row.errors.append(
                _("An organization with credit code %(code)s already exists.")
                % {"code": row.cleaned["credit_code"]}
            )


YES = {"是", "y", "yes", "1", "true", "会员", "√", "x"}
NO = {"否", "n", "no", "0", "false", ""}


def check_persons(preview: ImportPreview) -> None:
    provinces = _province_lookup()
    titles = _choice_lookup(Person.ProfessionalTitle.choices)
    labels = {column.key: str(column.label) for column in PERSON_COLUMNS}
    email_validator = EmailValidator()
    employer_keys = {str(row.values.get("employer") or "").strip() for row in preview.rows} - {""}
    codes = [normalize_credit_code(key) for key in employer_keys if len(key.replace(" ", "")) == 18]
    by_code = (
        dict(Organization.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
        if codes
        else {}
    )
    names = [key for key in employer_keys if normalize_credit_code(key) not in by_code]
    by_name: dict[str, int] = {}
    for start in range(0, len(names), CHUNK):
        for pk, name in Organization.objects.filter(
            name__in=names[start : start + CHUNK]
        ).values_list("pk", "name"):
            by_name.setdefault(name, pk)
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    for row in preview.rows:
        cleaned = row.cleaned
        cleaned["name"] = _required(row, "name", labels["name"], 50)
        employer = str(row.values.get("employer") or "").strip()
        cleaned["organization_id"] = by_code.get(normalize_credit_code(employer)) or by_name.get(
            employer
        )
        cleaned["employer_name"] = "" if cleaned["organization_id"] else employer[:200]
        province = str(row.values.get("province") or "").strip()
        if province and province.lower() not in provinces:
            row.errors.append(_("Unknown province “%(value)s”.") % {"value": province})
        cleaned["province"] = provinces.get(province.lower(), "") if province else ""
        title = str(row.values.get("professional_title") or "").strip()
        if title and title.lower() not in titles:
            row.errors.append(_("Unknown professional title “%(value)s”.") % {"value": title})
        cleaned["professional_title"] = titles.get(title.lower(), "") if title else ""
        email = _optional(row, "email", labels["email"], 254).lower()
        if email:
            try:
                email_validator(email)
            except ValidationError:
                row.errors.append(_("“%(value)s” is not an email address.") % {"value": email})
            else:
                if email in seen_email:
                    row.errors.append(
                        _("The email %(value)s also appears in row %(row)d of this file.")
                        % {"value": email, "row": seen_email[email]}
                    )
                else:
                    seen_email[email] = row.number
        cleaned["email"] = email
        phone = re.sub(r"[\s-]", "", _optional(row, "phone", labels["phone"], 32))
        if phone:
            if phone in seen_phone:
                row.errors.append(
                    _("The phone number %(value)s also appears in row %(row)d of this file.")
                    % {"value": phone, "row": seen_phone[phone]}
                )
            else:
                seen_phone[phone] = row.number
        cleaned["phone"] = phone
        member = str(row.values.get("individual_member") or "").strip().lower()
        if member not in YES | NO:
            row.errors.append(
                _("%(field)s must be 是 or 否 (yes or no).")
                % {"field": labels["individual_member"]}
            )
        cleaned["individual_member"] = member in YES
        for key, length in (("job_title", 80), ("expertise", 2000)):
            cleaned[key] = _optional(row, key, labels[key], length)
        _clean_date(row, "joined_on", labels["joined_on"])
        _clean_date(row, "paid_through", labels["paid_through"])
    existing_emails = _existing(
        list(seen_email),
        lambda emails: Person.objects.filter(email__in=emails).values_list("email", flat=True),
    )
    existing_phones = _existing(
        list(seen_phone),
        lambda phones: Person.objects.filter(phone__in=phones).values_list("phone", flat=True),
    )
    for row in preview.rows:
        if row.cleaned.get("email") in existing_emails:
            row.errors.append(
                _("A person with the email %(value)s already exists.")
                % {"value": row.cleaned["email"]}
            )
        if row.cleaned.get("phone") in existing_phones:
            row.errors.append(
                _("A person with the phone number %(value)s already exists.")
                % {"value": row.cleaned["phone"]}
            )


CHECKS: dict[str, Callable[[ImportPreview], None]] = {
    "organizations": check_organizations,
    "persons": check_persons,
}


# Importing ----------------------------------------------------------------------------------


def _open_memberships(
    subjects: list[tuple[Any, ImportRow]], *, individual: bool, user, reason: str
) -> int:
    if not subjects:
        return 0
    numbers = reserve_membership_numbers(individual=individual, count=len(subjects))
    today = timezone.localdate()
    memberships = [
        Membership(
            number=number,
            organization=None if individual else subject,
            person=subject if individual else None,
            tier=Membership.Tier.INDIVIDUAL if individual else row.cleaned["tier"],
            status=Membership.Status.ACTIVE,
            joined_on=row.cleaned.get("joined_on") or today,
            paid_through=row.cleaned.get("paid_through"),
        )
        for number, (subject, row) in zip(numbers, subjects, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=CHUNK)
    if memberships[0].pk is None:  # a backend that does not return ids from bulk inserts
        by_number = dict(Membership.objects.filter(number__in=numbers).values_list("number", "pk"))
        for membership in memberships:
            membership.pk = by_number[membership.number]
    changed_by = user if getattr(user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(Membership)
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                content_type=content_type,
                object_id=membership.pk,
                from_status=Membership.Status.PENDING,
                to_status=Membership.Status.ACTIVE,
                changed_by=changed_by,
                reason=reason,
            )
            for membership in memberships
        ],
        batch_size=CHUNK,
    )
    return len(memberships)


def _import_organizations(rows: list[ImportRow], *, user, reason: str) -> tuple[int, int]:
    organizations = [
        Organization(
            name=row.cleaned["name"],
            short_name=row.cleaned["short_name"],
            credit_code=row.cleaned["credit_code"],
            kind=row.cleaned["kind"],
            province=row.cleaned["province"],
            city=row.cleaned["city"],
            address=row.cleaned["address"],
            postcode=row.cleaned["postcode"],
            legal_representative=row.cleaned["legal_representative"],
            website=row.cleaned["website"],
            phone=row.cleaned["phone"],
        )
        for row in rows
    ]
    Organization.objects.bulk_create(organizations, batch_size=CHUNK)
    if organizations and organizations[0].pk is None:
        by_code = dict(
            Organization.objects.filter(
                credit_code__in=[o.credit_code for o in organizations]
            ).values_list("credit_code", "pk")
        )
        for organization in organizations:
            organization.pk = by_code[organization.credit_code]
    through = Organization.categories.through
    through.objects.bulk_create(
        [
            through(organization_id=organization.pk, businesscategory_id=category_id)
            for organization, row in zip(organizations, rows, strict=True)
            for category_id in dict.fromkeys(row.cleaned["category_ids"])
        ],
        batch_size=CHUNK,
    )
    members = [
        (organization, row)
        for organization, row in zip(organizations, rows, strict=True)
        if row.cleaned.get("tier")
    ]
    return len(organizations), _open_memberships(
        members, individual=False, user=user, reason=reason
    )


def _import_persons(rows: list[ImportRow], *, user, reason: str) -> tuple[int, int]:
    persons = [
        Person(
            name=row.cleaned["name"],
            organization_id=row.cleaned["organization_id"],
            employer_name=row.cleaned["employer_name"],
            job_title=row.cleaned["job_title"],
            professional_title=row.cleaned["professional_title"],
            expertise=row.cleaned["expertise"],
            province=row.cleaned["province"],
            phone=row.cleaned["phone"],
            email=row.cleaned["email"],
        )
        for row in rows
    ]
    Person.objects.bulk_create(persons, batch_size=CHUNK)
    if persons and persons[0].pk is None:  # pragma: no cover - every supported backend returns ids
        raise RuntimeError("The database did not return the ids of the imported persons.")
    members = [
        (person, row)
        for person, row in zip(persons, rows, strict=True)
        if row.cleaned["individual_member"]
    ]
    return len(persons), _open_memberships(members, individual=True, user=user, reason=reason)


def import_preview(preview: ImportPreview, *, user=None, reason: str = "") -> ImportResult:
    """Save the preview's valid rows in one transaction; rows that became duplicates since the
    preview (someone else imported them) are skipped and returned. The directory's cached
    pages are emptied once, not once per row."""
    with one_invalidation(), transaction.atomic():
        # Checked again inside the transaction: the database may have changed since.
        CHECKS[preview.kind](_recheck(preview))
        rows = preview.valid_rows
        skipped = preview.invalid_rows
        if not rows:
            return ImportResult(0, 0, skipped)
        if preview.kind == "organizations":
            created, memberships = _import_organizations(rows, user=user, reason=reason)
        else:
            created, memberships = _import_persons(rows, user=user, reason=reason)
    return ImportResult(created, memberships, skipped)


def run_batch(batch: ImportBatch, *, user) -> ImportResult | None:
    """Import an uploaded batch from its stored file, once (None when it was imported
    already); the batch records what was imported. Raises ImportFileError or IntegrityError
    when the records changed since the preview, and then saves nothing."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.can_change_to(ImportBatch.Status.IMPORTED):
            return None
        with batch.file.open("rb") as file:
            preview = read_workbook(file, batch.kind)
        result = import_preview(
            preview, user=user, reason=_("Imported from %(file)s") % {"file": batch.original_name}
        )
        batch.rows_imported = result.created
        batch.report = {**preview.report(), "memberships": result.memberships}
        batch.transition(
            ImportBatch.Status.IMPORTED,
            user=user,
            update_fields=["rows_imported", "report"],
            log_action="members.import.run",
            data={
                "kind": batch.kind,
                "created": result.created,
                "memberships": result.memberships,
                "skipped": len(result.skipped),
            },
        )
    return result


def _recheck(preview: ImportPreview) -> ImportPreview:
    for row in preview.rows:
        row.errors = []
        row.cleaned = {}
    return preview


# The template ---------------------------------------------------------------------------------


def build_template(kind: str) -> bytes:
    """An .xlsx with the header row, an instructions sheet and drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Organizations") if kind == "organizations" else _("Persons"))
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(
            row=1, column=index, value=f"{column.label}{'*' if column.required else ''}"
        )
        cell.font = bold
        if column.required:
            cell.fill = required_fill
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(column.label)) * 2 + 4)
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(str(_("Allowed values")))
    value_lists = {
        "province": [str(label) for _value, label in Province.choices],
        "kind": [str(label) for _value, label in Organization.Kind.choices],
        "tier": [str(label) for value, label in Membership.Tier.choices if value != "individual"],
        "categories": [category.name for category in BusinessCategory.objects.all()],
        "professional_title": [
            str(label) for value, label in Person.ProfessionalTitle.choices if value
        ],
        "individual_member": ["是", "否"],
    }
    position = 1
    for index, column in enumerate(columns, start=1):
        values = value_lists.get(column.key)
        if not values:
            continue
        lists.cell(row=1, column=position, value=str(column.label)).font = bold
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=position, value=value)
        letter = lists.cell(row=1, column=position).column_letter
        if column.key != "categories":  # several categories per cell: no drop-down
            validation = DataValidation(
                type="list",
                formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
            )
            sheet.add_data_validation(validation)
            target = sheet.cell(row=2, column=index).column_letter
            validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
        position += 1

    notes = workbook.create_sheet(str(_("Instructions")))
    notes.append([str(_("Column")), str(_("Required")), str(_("Notes"))])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        notes.append(
            [str(column.label), str(_("yes")) if column.required else "", str(column.help)]
        )
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
