"""Members' models by sub-domain (DESIGN §4 members); import them from here."""

from .applications import MembershipApplication
from .branches import Branch, BranchPosition
from .dues import FeeSchedule, Invoice, MembershipSettings, Payment, PaymentProof, RenewalReminder
from .experts import Expert, ExpertConflict, ExpertiseField
from .imports import ImportBatch
from .memberships import Membership, MembershipError
from .organizations import BusinessCategory, Organization, OrganizationContact, Person
from .portal import ContactInvitation, ProfileChangeRequest

__all__ = [
    "Branch",
    "BranchPosition",
    "BusinessCategory",
    "ContactInvitation",
    "Expert",
    "ExpertConflict",
    "ExpertiseField",
    "FeeSchedule",
    "ImportBatch",
    "Invoice",
    "Membership",
    "MembershipApplication",
    "MembershipError",
    "MembershipSettings",
    "Organization",
    "OrganizationContact",
    "Payment",
    "PaymentProof",
    "Person",
    "ProfileChangeRequest",
    "RenewalReminder",
]
