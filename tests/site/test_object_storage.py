"""Private files on a real S3-compatible server (moto's server mode over HTTP, on a free port):
a licence uploaded through the join form lands in the private bucket, only its applicant gets it
back (through the access-checked view streaming from the store), anonymous visitors and
another enterprise's applicant are refused, and the object leaves the bucket with its row."""

from __future__ import annotations

import socket

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from members.models import MembershipApplication
from tests.factories import UserFactory
from tests.members.factories import make_credit_code
from tests.members.helpers import PDF, committed, pdf_upload
from website.core.files import private_storage
from website.settings.base import s3_storage

pytestmark = pytest.mark.django_db

BUCKET = "huanwei-private"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    for name, value in {
        **CREDENTIALS,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "private": s3_storage(BUCKET, default_acl="private")}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def application_data(code: str) -> dict:
    return {
        "tier": "member",
        "organization_name": "苏州市洁净环境服务有限公司",
        "short_name": "苏州洁净",
        "credit_code": code,
        "organization_kind": "enterprise",
        "legal_representative": "陈建国",
        "province": "32",
        "city": "苏州市",
        "address": "苏州市姑苏区人民路100号",
        "contact_name": "李晓明",
        "contact_job_title": "办公室主任",
        "contact_phone": "13812345678",
        "contact_email": "li@example.com",
        "accepts_charter": "on",
        "licence": pdf_upload("营业执照.pdf"),
        "submit": "1",
    }


def apply(client, email: str, code: str) -> MembershipApplication:
    user = UserFactory(email=email)
    client.force_login(user)
    with committed():
        response = client.post("/members/join/organization/", application_data(code))
    assert response.status_code == 302, response.context["form"].errors
    return MembershipApplication.objects.get(applicant=user)


def keys(bucket_client) -> list[str]:
    return [
        item["Key"] for item in bucket_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    ]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_licence_lives_in_the_private_bucket_and_only_its_applicant_reads_it(
    client, bucket, site_home
):
    application = apply(client, "owner@example.com", make_credit_code(515151, region="320500"))
    assert private_storage().__class__.__name__ == "S3Storage"
    assert keys(bucket) == [application.licence.name]
    assert application.licence.name.startswith("licences/")
    # Private in the store: no anonymous read, and the object carries no public grant.
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=application.licence.name)
    assert not [grant for grant in acl["Grants"] if "AllUsers" in str(grant["Grantee"])]

    url = reverse("members:application_licence", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert "X-Accel-Redirect" not in response  # nothing on disk for nginx: Django streams it
    assert response["Cache-Control"] == "private, no-store"

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login/" in anonymous["Location"]

    other = apply(client, "other@example.com", make_credit_code(626262, region="320500"))
    assert client.get(url).status_code == 404
    assert sorted(keys(bucket)) == sorted([application.licence.name, other.licence.name])


def test_the_object_leaves_the_bucket_with_its_row(client, bucket, site_home):
    application = apply(client, "owner@example.com", make_credit_code(737373, region="320500"))
    name = application.licence.name
    assert keys(bucket) == [name]
    with committed():
        application.delete()
    assert keys(bucket) == []
