from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from literacy.areas.models import Province, Ward, WardType


@pytest.mark.django_db
def test_default_area_loads_the_36_wards_of_former_binh_duong():
    call_command("load_divisions", stdout=open("/dev/null", "w"))
    wards = Ward.objects.all()
    assert wards.count() == 36
    assert all(25747 <= w.code <= 25987 for w in wards)
    assert set(wards.values_list("province__code", flat=True)) == {79}
    assert Ward.objects.filter(name="Phường Dĩ An", ward_type=WardType.WARD).exists()


@pytest.mark.django_db
def test_reloading_renames_instead_of_duplicating():
    call_command("load_divisions", wards=[25942], stdout=open("/dev/null", "w"))
    Ward.objects.filter(code=25942).update(name="Old name")
    call_command("load_divisions", wards=[25942], stdout=open("/dev/null", "w"))
    assert Ward.objects.filter(code=25942).count() == 1
    assert Ward.objects.get(code=25942).name == "Phường Dĩ An"
    assert Province.objects.count() == 1


@pytest.mark.django_db
def test_whole_province_option_loads_every_ward_of_it():
    call_command("load_divisions", province=79, stdout=open("/dev/null", "w"))
    assert Ward.objects.count() > 100


@pytest.mark.django_db
def test_unknown_ward_code_is_a_clear_error():
    with pytest.raises(CommandError, match="Unknown ward code: 99999999"):
        call_command("load_divisions", wards=[99999999])
    assert not Ward.objects.exists()
