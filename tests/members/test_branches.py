"""Journey 4: branches, their positions and secretaries; a secretary sees only their branch."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members import services
from members.models import BranchPosition, MembershipError
from tests.factories import UserFactory
from tests.members.conftest import member_organization, member_person
from tests.members.factories import BranchFactory, ContactFactory, OrganizationFactory
from website.accounts import roles

pytestmark = pytest.mark.django_db
Position = BranchPosition.Position


@pytest.fixture
def branch(db):
    return BranchFactory(name="生活垃圾分类与减量专业委员会", slug="waste-sorting")


@pytest.fixture
def other_branch(db):
    return BranchFactory(name="公厕建设管理专业委员会", slug="public-toilets")


@pytest.fixture
def secretary(db, branch):
    roles.sync_roles()
    user = UserFactory(email="branch@example.org", phone="")
    services.add_secretary(branch, user)
    return user


# Services -------------------------------------------------------------------------------------


def test_positions_are_held_by_member_persons_or_organizations(branch, membership_staff):
    organization = member_organization("深圳市能源环保有限公司")
    person = member_person(organization, name="李建国")
    chair = services.add_position(
        branch, position=Position.CHAIR, person=person, user=membership_staff
    )
    seat = services.add_position(branch, position=Position.MEMBER, organization=organization)
    assert chair.holder == person and chair.organization == organization
    assert seat.holder == organization
    assert list(branch.positions.values_list("position", flat=True)) == ["chair", "member"]
    entry = ModelLogEntry.objects.get(action="members.branch.position_add", user=membership_staff)
    assert entry.data["holder"] == str(person)


@pytest.mark.parametrize("status", ["lapsed", "pending", "terminated"])
def test_non_members_cannot_hold_a_position(branch, status):
    organization = member_organization(status=status)
    with pytest.raises(MembershipError):
        services.add_position(branch, position=Position.MEMBER, organization=organization)
    with pytest.raises(MembershipError):
        services.add_position(branch, position=Position.MEMBER, person=member_person(organization))
    outsider = member_person(OrganizationFactory())
    with pytest.raises(MembershipError):
        services.add_position(branch, position=Position.MEMBER, person=outsider)
    # An individual member sits on their own, whatever their employer.
    individual = member_person(OrganizationFactory(), individual=True)
    services.add_position(branch, position=Position.MEMBER, person=individual)


def test_one_chair_and_one_seat_per_holder(branch):
    organization = member_organization()
    first, second = member_person(organization), member_person(organization)
    services.add_position(branch, position=Position.CHAIR, person=first)
    with pytest.raises(MembershipError, match="主任委员|Chair"):
        services.add_position(branch, position=Position.CHAIR, person=second)
    with pytest.raises(MembershipError):
        services.add_position(branch, position=Position.MEMBER, person=first)
    with pytest.raises(MembershipError):
        services.add_position(
            branch, position=Position.MEMBER, person=second, organization=OrganizationFactory()
        )


def test_remove_position_is_logged_with_reason(branch, membership_staff):
    seat = services.add_position(
        branch, position=Position.MEMBER, organization=member_organization()
    )
    services.remove_position(seat, user=membership_staff, reason="换届")
    assert not branch.positions.exists()
    entry = ModelLogEntry.objects.get(action="members.branch.position_remove")
    assert entry.data["reason"] == "换届" and entry.object_id == str(branch.pk)


def test_secretaries_join_and_leave_the_group(branch, other_branch):
    roles.sync_roles()
    user = UserFactory()
    services.add_secretary(branch, user)
    services.add_secretary(other_branch, user)
    group = Group.objects.get(name=roles.BRANCH_SECRETARIES)
    assert group in user.groups.all()
    with pytest.raises(MembershipError):
        services.add_secretary(branch, user)
    services.remove_secretary(branch, user)
    assert group in user.groups.all()  # still secretary of the other branch
    services.remove_secretary(other_branch, user)
    assert group not in user.groups.all()
    assert ModelLogEntry.objects.filter(action="members.branch.secretary_add").count() == 2


def test_one_rule_for_the_group_a_secretary_of_an_inactive_branch_only_is_not_in_it(
    branch, other_branch
):
    roles.sync_roles()
    user = UserFactory()
    group = Group.objects.get(name=roles.BRANCH_SECRETARIES)
    other_branch.is_active = False
    other_branch.save()
    services.add_secretary(other_branch, user)
    assert group not in user.groups.all()
    services.add_secretary(branch, user)
    assert group in user.groups.all()
    # Removed from the active branch: the inactive one does not keep them in the group.
    services.remove_secretary(branch, user)
    assert group not in user.groups.all()


# Back office (membership staff) ---------------------------------------------------------------


def test_staff_add_and_remove_positions_and_secretaries(admin_client, branch):
    organization = member_organization("北京环境卫生集团有限公司")
    person = member_person(organization, name="王海燕")
    url = reverse("member_branch:add_position", args=[branch.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"position": "chair", "person": person.pk})
    assert response.status_code == 302
    seat = branch.positions.get()
    assert seat.person == person
    # A second chair is refused with a message, keeping the form.
    other = member_person(organization)
    response = admin_client.post(url, {"position": "chair", "person": other.pk})
    assert response.status_code == 200
    assert "已有" in response.content.decode()
    # Neither person nor organization: a form error, not a 500.
    assert admin_client.post(url, {"position": "member"}).status_code == 200

    inspect = admin_client.get(reverse("member_branch:inspect", args=[branch.pk]))
    assert "王海燕" in inspect.content.decode()

    user = UserFactory(email="mishu@example.org")
    add = reverse("member_branch:add_secretary", args=[branch.pk])
    assert admin_client.post(add, {"email": "nobody@example.org"}).status_code == 200
    assert admin_client.post(add, {"email": "MISHU@example.org"}).status_code == 302
    assert list(branch.secretaries.all()) == [user]

    remove = reverse("member_branch:remove_secretary", args=[branch.pk])
    assert admin_client.post(remove, {"secretary": user.pk}).status_code == 302
    assert not branch.secretaries.exists()
    remove_seat = reverse("member_branch:remove_position", args=[branch.pk])
    assert admin_client.post(remove_seat, {"seat": seat.pk, "reason": "换届"}).status_code == 302
    assert not branch.positions.exists()


def test_seat_of_another_branch_is_refused(admin_client, branch, other_branch):
    seat = services.add_position(
        other_branch, position=Position.MEMBER, organization=member_organization()
    )
    url = reverse("member_branch:remove_position", args=[branch.pk])
    response = admin_client.post(url, {"seat": seat.pk})
    assert response.status_code == 200 and "seat" in response.context["form"].errors
    assert BranchPosition.objects.filter(pk=seat.pk).exists()
    assert (
        admin_client.post(
            f"/admin/members/branches/{2**63}/action/remove_position/", {"seat": seat.pk}
        ).status_code
        == 404
    )


def test_branch_edit_form_does_not_edit_secretaries(admin_client, branch, secretary):
    url = reverse("member_branch:edit", args=[branch.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="secretaries"' not in response.content.decode()


# A secretary's own view -------------------------------------------------------------------------


@pytest.fixture
def rosters(branch, other_branch):
    organization = member_organization("杭州市环境集团有限公司", phone="0571-88888888")
    contact = ContactFactory(organization=organization)
    person = member_person(
        organization, name="陈晓明", phone="13900000001", email="chen@example.com"
    )
    services.add_position(branch, position=Position.CHAIR, person=person)
    services.add_position(branch, position=Position.MEMBER, organization=organization)
    secret = member_person(
        member_organization("保密环卫有限公司"), name="赵秘密", email="secret@example.com"
    )
    services.add_position(other_branch, position=Position.CHAIR, person=secret)
    return contact


def test_secretary_sees_their_branch_members_with_contacts(client, secretary, branch, rosters):
    client.force_login(secretary)
    index = client.get(reverse("member_my_branches:index"))
    assert index.status_code == 200
    content = index.content.decode()
    assert branch.name in content and "公厕建设管理专业委员会" not in content

    detail = client.get(reverse("member_my_branches:detail", args=[branch.pk]))
    assert detail.status_code == 200
    content = detail.content.decode()
    assert "陈晓明" in content and "13900000001" in content and "chen@example.com" in content
    assert "杭州市环境集团有限公司" in content and rosters.user.email in content
    assert "赵秘密" not in content

    export = client.get(reverse("member_my_branches:export", args=[branch.pk]))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_secretary_gets_404_or_403_for_other_branches_and_records(
    client, secretary, other_branch, rosters
):
    client.force_login(secretary)
    for url in (
        reverse("member_my_branches:detail", args=[other_branch.pk]),
        reverse("member_my_branches:export", args=[other_branch.pk]),
    ):
        assert client.get(url).status_code == 404
    # The staff's back office is not theirs.
    for url in (
        reverse("member_branch:index"),
        reverse("member_branch:inspect", args=[other_branch.pk]),
        reverse("member_branch:add_position", args=[other_branch.pk]),
        reverse("member_organization:index"),
        reverse("member_person:index"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "赵秘密" not in response.content.decode()
    response = client.post(
        reverse("member_branch:add_secretary", args=[other_branch.pk]), {"email": secretary.email}
    )
    assert response.status_code in (302, 403)  # Wagtail redirects a denied admin request
    assert not other_branch.secretaries.exists()


def test_my_branches_menu_only_for_secretaries(client, secretary, membership_staff):
    url = reverse("member_my_branches:index")
    client.force_login(secretary)
    assert url in client.get("/admin/").content.decode()
    client.force_login(membership_staff)
    assert url not in client.get("/admin/").content.decode()


def test_anonymous_and_ordinary_users_are_kept_out(client, branch):
    url = reverse("member_my_branches:detail", args=[branch.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
