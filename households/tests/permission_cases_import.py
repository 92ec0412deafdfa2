"""The roster import in the role × scope matrix (see literacy/tests/matrix.py).

World: a finished import job of ward B (its error report names a ward-B-only value). Uploads
aimed at ward B must not touch ward B's residents; only ward officials may import at all.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from households.importing.jobs import DONE, _new_job, _save
from households.importing.report import ImportReport, RowError
from households.models import Resident
from literacy.tests.matrix import Endpoint

NOT_IMPORTERS = ("provincial", "mentor", "team_lead")
LEAK = "Lỗi-riêng-phường-B"


def build_world(world) -> None:
    job = _new_job(ward=world.ward_b, by=None, filename="phuong-b.csv")
    report = ImportReport(rows=1, errors=[RowError(2, "Họ và tên", LEAK)])
    job.update(state=DONE, done=1, total=1, report=report.to_dict())
    _save(job)
    world.import_job_b = job["id"]


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
