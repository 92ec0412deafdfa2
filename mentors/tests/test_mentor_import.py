"""Registering mentors from a spreadsheet: all or nothing, every problem named by line/column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.tests.factories import HamletFactory
from literacy.accounts.models import User
from mentors.importing import mentors_import
from mentors.models import Mentor, Organisation

from .factories import CommunityTeamFactory, MentorFactory

HEADER = "Họ và tên,Số điện thoại,Đơn vị,Khu phố/Ấp,Tổ công nghệ số"


@pytest.fixture
def ward_setup(ward_a, hamlet_a):
    HamletFactory(ward=ward_a, name="Ấp Bình Hòa")
    CommunityTeamFactory(ward=ward_a, name="Tổ số 1")
    return ward_a


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode())


def test_a_good_file_registers_every_mentor_with_a_card(ward_official, ward_setup):
    result = mentors_import(
        by=ward_official,
        ward=ward_setup,
        file=_csv(
            "Nguyễn Thị Mai,0901234567,Hội Phụ nữ,Khu phố 1,Tổ số 1",
            "Trần Văn Nam,+84 912 345 678,Đoàn Thanh niên,ap binh hoa,",
            "Lê Văn Cựu,0987654321,Cựu chiến binh,Khu phố 1,",
        ),
    )
    assert result.report.ok and result.report.created == 3
    mentors = {m.full_name: m for m in Mentor.objects.select_related("team", "home_hamlet")}
    assert mentors["Nguyễn Thị Mai"].organisation == Organisation.WOMENS_UNION
    assert mentors["Nguyễn Thị Mai"].team.name == "Tổ số 1"
    assert mentors["Trần Văn Nam"].phone == "0912345678"
    assert mentors["Trần Văn Nam"].home_hamlet.name == "Ấp Bình Hòa"
    assert mentors["Lê Văn Cựu"].organisation == Organisation.VETERANS
    assert len({card.username for card in result.cards}) == 3
    for card in result.cards:
        assert User.objects.get(username=card.username).check_password(card.code)


def test_bad_rows_are_reported_by_line_column_and_reason_and_nothing_is_stored(
    ward_official, ward_setup, hamlet_a, settings
):
    settings.LANGUAGE_CODE = "en"
    MentorFactory(home_hamlet=hamlet_a, phone="0909999999")
    result = mentors_import(
        by=ward_official,
        ward=ward_setup,
        file=_csv(
            "Nguyễn Thị Mai,0901234567,Hội Phụ nữ,Khu phố 1,",
            ",0901234568,,Khu phố 1,",
            "Phạm Văn Sai,12345,Câu lạc bộ,Khu phố 9,Tổ không có",
            "Đỗ Văn Trùng,0901234567,,Khu phố 1,",
            "Võ Văn Cũ,0909999999,,Khu phố 1,",
        ),
    )
    errors = {(e.line, e.column) for e in result.report.errors}
    assert errors == {
        (3, "Họ và tên"),
        (4, "Số điện thoại"),
        (4, "Đơn vị"),
        (4, "Khu phố/Ấp"),
        (4, "Tổ công nghệ số"),
        (5, "Số điện thoại"),
        (6, "Số điện thoại"),
    }
    messages = {(e.line, e.column): e.message for e in result.report.errors}
    assert "Khu phố 9" in messages[(4, "Khu phố/Ấp")]
    assert "line 2" in messages[(5, "Số điện thoại")]
    assert Mentor.objects.count() == 1  # only the one made above
    assert not User.objects.filter(username__startswith="mai.").exists()


def test_a_file_without_the_required_columns_says_which(ward_official, ward_setup, settings):
    settings.LANGUAGE_CODE = "en"
    result = mentors_import(
        by=ward_official, ward=ward_setup, file=io.BytesIO("Tên,Ghi chú\r\nAn,x\r\n".encode())
    )
    assert not result.report.ok
    assert "Số điện thoại" in result.report.errors[0].message
    assert not Mentor.objects.exists()


def test_an_xlsx_file_is_read_too(ward_official, ward_setup):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["Hồ Thị Xuân", "0911222333", "Viettel", "Khu phố 1", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = mentors_import(by=ward_official, ward=ward_setup, file=buffer)
    assert result.report.ok
    assert Mentor.objects.get().organisation == Organisation.TELECOM


def test_import_page_shows_the_cards_or_the_errors(login, ward_official, ward_setup):
    client = login(ward_official)
    url = reverse("mentors:import", args=[ward_setup.pk])
    bad = SimpleUploadedFile("m.csv", _csv("Ai Đó,0900,,Khu phố 1,").getvalue())
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and response.context["report"].errors
    assert 'data-testid="import-errors"' in response.content.decode()
    good = SimpleUploadedFile("m.csv", _csv("Ai Đó,0900000001,,Khu phố 1,").getvalue())
    response = client.post(url, {"file": good})
    assert len(response.context["cards"]) == 1
    assert response.content.decode().count('data-testid="signin-card"') == 1


def test_the_template_has_the_columns_the_import_reads(login, ward_official):
    response = login(ward_official).get(reverse("mentors:import_template"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == HEADER
