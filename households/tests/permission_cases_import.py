"""The roster import in the role × scope matrix (see literacy/tests/matrix.py).

World: a finished import job of ward B (its error report names a ward-B-only value). Uploads
aimed at ward B must not touch ward B's residents; only ward officials may import at all.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from households.importing.models import ImportJob, ImportStatus
from households.models import Resident
from literacy.tests.matrix import Endpoint

NOT_IMPORTERS = ("provincial", "mentor", "team_lead")
LEAK = "Lỗi-riêng-phường-B"


def build_world(world) -> None:
    job = ImportJob.objects.create(
        ward=world.ward_b,
        filename="phuong-b.csv",
        status=ImportStatus.REJECTED,
        rows=1,
        error_count=1,
        errors=[[2, "Họ và tên", LEAK]],
        created_at=timezone.now(),
        finished_at=timezone.now(),
    )
    world.import_job_b = job.pk


def _job_b(world) -> dict:
    return {"job_id": world.import_job_b}


def _upload_into_ward_b(world) -> dict:
    content = (
        "\ufeffHọ và tên,Ngày sinh,Khu phố/Ấp,Mã hộ\r\nNguyễn Văn Ma Trận,01/01/1980,KP 1,MT-1\r\n"
    )
    return {
        "ward": world.ward_b.pk,
        "file": SimpleUploadedFile("b.csv", content.encode(), content_type="text/csv"),
    }


def _ward_b_residents(world):
    return sorted(Resident.objects.filter(ward=world.ward_b).values_list("full_name", flat=True))


ENDPOINTS = [
    Endpoint(
        "households:import",
        methods=("GET", "POST"),
        payload=_upload_into_ward_b,
        snapshot=_ward_b_residents,
        forbidden_roles=NOT_IMPORTERS,
        note="ward officials import into their own wards only",
    ),
    Endpoint("households:import_template", forbidden_roles=("mentor", "team_lead")),
    Endpoint(
        "households:import_result",
        kwargs=_job_b,
        leak=lambda world: LEAK,
        forbidden_roles=NOT_IMPORTERS,
    ),
    Endpoint("households:import_status", kwargs=_job_b, forbidden_roles=NOT_IMPORTERS),
    Endpoint(
        "households:import_errors",
        kwargs=_job_b,
        leak=lambda world: LEAK,
        forbidden_roles=NOT_IMPORTERS,
    ),
]
