"""Provisioning pages: provincial staff manage ward officials (and the accounts below them),
ward officials manage the mentor and team-lead accounts of their wards.

Accounts outside the editor's scope answer 404 (``manageable_by``), roles that provision no one
get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from literacy.areas.models import Ward
from literacy.paging import paginate

from . import services
from .forms import AccountForm
from .scope import get_manageable_or_404
from .selectors import accounts_listed, accounts_listed_by_id

User = get_user_model()


def _require_provisioner(request: HttpRequest) -> None:
    if not request.user.can_provision_accounts:
        raise PermissionDenied


#: Accounts are counted exactly up to 20 pages; beyond, the page says "about" how many (a large
#: ward has thousands of mentors, and counting them all cost as much as sorting them).
ACCOUNTS_EXACT_COUNT_LIMIT = 1_000


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The accounts the signed-in user may see, with the ones they may change marked."""
    _require_provisioner(request)
    page = paginate(
        request,
        accounts_listed(request.user),
        50,
        ids_first=True,
        exact_limit=ACCOUNTS_EXACT_COUNT_LIMIT,
        rows_by_id=accounts_listed_by_id(request.user),
    )
    # Only this page's accounts: a provincial user may manage thousands.
    manageable = set(
        User.objects.manageable_by(request.user)
        .filter(pk__in=[account.pk for account in page])
        .values_list("pk", flat=True)
    )
    return render(request, "accounts/user_list.html", {"page": page, "manageable_ids": manageable})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_provisioner(request)
    form = AccountForm(request.POST or None, editor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = services.user_create(
            by=request.user,
            username=data["username"],
            role=data["role"],
            wards=data["wards"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data.get("password") or None,
        )
        messages.success(request, _("Account %(username)s created.") % {"username": account})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_provisioner(request)
    account = get_manageable_or_404(User.objects, request.user, pk=pk)
    form = AccountForm(request.POST or None, instance=account, editor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        in_scope = Ward.objects.visible_to(request.user).values_list("pk", flat=True)
        keep = account.wards.exclude(pk__in=in_scope)
        services.user_update(
            by=request.user,
            user=account,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            wards=data["wards"],
            keep_wards=keep,
        )
        messages.success(request, _("Account %(username)s saved.") % {"username": account})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@require_POST
@login_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_provisioner(request)
    account = get_manageable_or_404(User.objects, request.user, pk=pk)
    services.user_set_active(by=request.user, user=account, is_active=False)
    messages.success(
        request,
        _("Account %(username)s deactivated: it has been signed out everywhere.")
        % {"username": account},
    )
    return redirect("accounts:user_list")


@require_POST
@login_required
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_provisioner(request)
    account = get_manageable_or_404(User.objects, request.user, pk=pk)
    services.user_set_active(by=request.user, user=account, is_active=True)
    messages.success(request, _("Account %(username)s reactivated.") % {"username": account})
    return redirect("accounts:user_list")
