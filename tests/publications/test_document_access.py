"""Images and documents: a branch secretary manages only their branch's collection; a
members-only bulletin PDF goes to members only whatever collection it sits in; document files
live outside MEDIA_ROOT under unguessable names and, in production, nginx sends them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission

from publications.models import BulletinIndexPage, BulletinIssuePage
from publications.services.branches import branch_collection
from tests.factories import UserFactory
from tests.members.factories import BranchFactory
from tests.publications import factories
from website.accounts import roles

pytestmark = pytest.mark.django_db


def _document(title, collection=None):
    document = get_document_model()(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def _image(title, collection):
    image = factories.image(title)
    image.collection = collection
    image.save()
    return image


# Collections scoped like pages -----------------------------------------------------------


@pytest.fixture
def secretary(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def own(home, secretary):
    branch = BranchFactory(name="生活垃圾分类与减量专业委员会", slug="waste-sorting")
    branch.secretaries.add(secretary)
    branch.refresh_from_db()
    return branch


@pytest.fixture
def other(home):
    branch = BranchFactory(name="公厕建设管理专业委员会", slug="public-toilets")
    branch.refresh_from_db()
    return branch


@pytest.fixture
def media(own, other):
    root = Collection.get_first_root_node()
    return {
        "own_image": _image("分类委员会图片", branch_collection(own)),
        "other_image": _image("公厕委员会图片", branch_collection(other)),
        "root_image": _image("协会图片", root),
        "own_doc": _document("分类委员会文件", branch_collection(own)),
        "other_doc": _document("公厕委员会文件", branch_collection(other)),
        "root_doc": _document("协会文件", root),
    }


def test_each_branch_has_its_collection_and_only_its_group_holds_rights_on_it(own, other):
    group = own.editor_group.group
    collections = set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection", flat=True)
    )
    assert collections == {branch_collection(own).pk}
    codenames = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {
        "add_image", "change_image", "choose_image",
        "add_document", "change_document", "choose_document",
    }  # fmt: skip
    root = Collection.get_first_root_node()
    role = own.secretaries.get().groups.get(name=roles.BRANCH_SECRETARIES)
    assert not GroupCollectionPermission.objects.filter(group=role).exists()
    assert not GroupCollectionPermission.objects.filter(
        group__user__in=own.secretaries.all(), collection=root
    ).exists()
    # idempotent, and renamed with the branch
    assert branch_collection(own).pk == branch_collection(own).pk
    own.name = "生活垃圾分类专业委员会"
    own.save()
    assert branch_collection(own, group).name == "生活垃圾分类专业委员会"
    assert Collection.objects.filter(name__contains="生活垃圾分类").count() == 1


def test_an_inactive_branch_loses_its_collection_rights(own):
    group = own.editor_group.group
    own.is_active = False
    own.save()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


@pytest.mark.parametrize("kind", ["image", "doc"])
def test_a_secretary_lists_edits_and_chooses_only_their_collection(client, secretary, media, kind):
    app = "wagtailimages" if kind == "image" else "wagtaildocs"
    client.force_login(secretary)
    listing = client.get(reverse(f"{app}:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert media[f"own_{kind}"].title in html
    assert media[f"other_{kind}"].title not in html and media[f"root_{kind}"].title not in html

    assert client.get(reverse(f"{app}:edit", args=[media[f"own_{kind}"].pk])).status_code == 200
    for outside in (f"other_{kind}", f"root_{kind}"):
        edit = client.get(reverse(f"{app}:edit", args=[media[outside].pk]))
        assert edit.status_code in (302, 403, 404)
        if edit.status_code == 302:
            assert reverse(f"{app}:edit", args=[media[outside].pk]) not in edit["Location"]
        delete = client.post(reverse(f"{app}:delete", args=[media[outside].pk]))
        assert delete.status_code in (302, 403, 404)
        assert type(media[outside]).objects.filter(pk=media[outside].pk).exists()

    chooser = client.get(reverse(f"{app}_chooser:choose"))
    assert chooser.status_code == 200
    body = chooser.content.decode("unicode_escape")
    assert media[f"own_{kind}"].title in body
    assert media[f"other_{kind}"].title not in body and media[f"root_{kind}"].title not in body


def test_an_editor_still_manages_every_collection(client, media):
    client.force_login(factories.editor())
    html = client.get(reverse("wagtaildocs:index")).content.decode()
    assert all(media[name].title in html for name in ("own_doc", "other_doc", "root_doc"))


# Members-only bulletin PDFs ----------------------------------------------------------------


@pytest.fixture
def members_issue(home):
    periodical = factories.publish(
        home, BulletinIndexPage(title="中国环卫", slug="zhongguo-huanwei", frequency="双月刊")
    )
    return factories.publish(
        periodical,
        BulletinIssuePage(
            title="2024年第3期",
            slug="2024-3",
            year=2024,
            issue_number=3,
            pdf=_document("issue-3"),
            members_only=True,
        ),
    )


def _move_to_root(document):
    document.collection = Collection.get_first_root_node()
    document.save(update_fields=["collection"])


@pytest.mark.parametrize("moved", [False, True], ids=["in-members-collection", "moved-to-root"])
def test_members_only_pdf_goes_to_members_only(client, members_issue, member_contact, moved):
    document = members_issue.pdf
    if moved:
        _move_to_root(document)
        document.refresh_from_db()
        assert document.collection.is_root()
    url = document.url
    assert url.startswith("/documents/")

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"]

    client.force_login(UserFactory())
    refused = client.get(url)
    assert refused.status_code == 403
    assert b"%PDF" not in refused.content

    client.force_login(member_contact)
    served = client.get(url)
    assert served.status_code == 200
    assert served.content.startswith(b"%PDF")
    assert "no-store" in served["Cache-Control"]


def test_a_public_document_is_served_to_anyone(client):
    document = _document("公开文件")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# Never from a public media path --------------------------------------------------------------


def test_document_files_live_outside_media_root_under_a_random_token():
    first, second = _document("年度报告"), _document("年度报告")
    path = Path(first.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert path.exists()
    directory, token, name = first.file.name.split("/")
    assert directory == "documents" and len(token) == 32 and name == "年度报告.pdf"
    assert first.file.name != second.file.name
    assert first.filename == "年度报告.pdf"  # the name people download


def test_with_accel_redirect_nginx_sends_the_file(client, settings, members_issue, member_contact):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_protected/"
    public = _document("公开文件")
    response = client.get(public.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/_protected/documents/")
    assert response["X-Accel-Redirect"].endswith(".pdf")
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"

    client.force_login(member_contact)
    response = client.get(members_issue.pdf.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"].startswith("/_protected/documents/")
    client.logout()
    assert "X-Accel-Redirect" not in client.get(members_issue.pdf.url)

    bulletin = client.get(reverse("publications:bulletin_pdf", args=[members_issue.pk]))
    assert bulletin.status_code == 302  # the page's own PDF link checks first too


def test_the_migration_moves_existing_documents_out_of_media_root():
    import importlib

    from django.apps import apps
    from django.core.files.storage import storages

    migration = importlib.import_module(
        "publications.migrations.0003_private_documents_branch_media"
    )
    public = storages["default"]
    old_name = public.save("documents/旧文件.pdf", ContentFile(b"%PDF-1.4 old"))
    document = get_document_model().objects.create(title="旧文件", file=old_name)
    migration.move_documents(apps, None)
    document.refresh_from_db()
    assert not public.exists(old_name)
    directory, token, name = document.file.name.split("/")
    assert directory == "documents" and len(token) == 32 and name.startswith("旧文件")
    assert storages["private"].open(document.file.name).read() == b"%PDF-1.4 old"
    migration.move_documents(apps, None)  # idempotent
    assert get_document_model().objects.get(pk=document.pk).file.name == document.file.name
