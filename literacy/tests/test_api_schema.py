from __future__ import annotations

import pytest
from django.core.management import call_command


def test_openapi_schema_lists_every_api_resource(login, ward_official):
    response = login(ward_official).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("residents", "households", "hamlets", "lessons", "classes", "completions"):
        assert f"/api/v1/{resource}/" in paths


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    """drf-spectacular warnings mean an endpoint is documented wrongly; fail on any."""
    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yml"), "--validate", "--fail-on-warn"
    )
    assert (tmp_path / "schema.yml").stat().st_size > 0


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield f"{method.upper()} {path}", operation


def test_every_operation_declares_its_error_answers(login, ward_official):
    schema = login(ward_official).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operations = dict(_operations(schema))
    assert len(operations) > 20
    for name, operation in operations.items():
        for status in ("400", "401", "403", "404"):
            assert status in operation["responses"], f"{name} does not declare {status}"
            assert operation["responses"][status]["description"], name
    residents = schema["paths"]["/api/v1/residents/{id}/"]["get"]["responses"]
    assert residents["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    assert "ValidationError" in schema["components"]["schemas"]


def test_an_operation_keeps_the_error_answers_it_declares_itself(login, ward_official):
    schema = login(ward_official).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "verification code" in token["400"]["description"]
    assert "429" in token


def test_the_declared_404_body_is_what_the_api_answers(login, ward_official, ward_b):
    from households.models import Resident

    resident = Resident.objects.create(ward=ward_b, full_name="Người Phường Khác")
    response = login(ward_official).get(f"/api/v1/residents/{resident.pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
