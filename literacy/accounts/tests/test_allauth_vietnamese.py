"""allauth ships no Vietnamese catalogue: ours (locale_allauth) must be complete and compiled,
and the pages people use must read in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import polib
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parents[1] / "locale_allauth" / "vi" / "LC_MESSAGES"


def test_allauth_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert not [e.msgid for e in po if not (e.msgstr or any(e.msgstr_plural.values()))]
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(CATALOGUE / "django.mo"))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr}
    assert source.items() <= compiled.items(), "run `make messages` to compile it"


def test_sign_in_and_mfa_pages_read_in_vietnamese(client, provincial_user):
    login_page = client.get(reverse("account_login")).content.decode()
    assert "Đăng nhập" in login_page and "Quên mật khẩu?" in login_page
    client.post(reverse("account_login"), {"login": "alice", "password": "pass-12345"})
    client.post(reverse("account_reauthenticate"), {"password": "pass-12345"})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Bật ứng dụng xác thực" in page
    assert "Activate" not in page.replace("mfa_activate", "")
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Forgot" not in reset
