"""The mentor's phone page ("My mentees"): tick a lesson off, undo a recent tick.

htmx posts a tap and swaps in the mentee's card (``mentors/partials/_mentee.html``); the offline
queue replays the same posts later with the same key and tap time, so these views are the one way
a phone ticks. Without JavaScript the forms still work (the server makes the key and time, and
answers with the page). A mistake (a tick refused by the rules) answers 422 with the card and
the reason; a resident who is not (or no longer) the mentor's answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from mentors.permissions import mentor_required
from mentors.phone.forms import TickForm, UndoForm
from mentors.phone.selectors import MenteeCard, mentee_cards, ticked_mentee_card
from mentors.services.ticks import TickResult, tick_record, tick_undo

#: Ticks refused by the rules (too old, too late to undo, not in the catalogue): the card is
#: swapped in with the reason, and the offline queue drops the operation (sending it again
#: cannot help).
REFUSED = 422


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _card(request: HttpRequest, resident_pk: int, *, error: str = "") -> HttpResponse:
    cards = mentee_cards(mentor_user=request.user, now=timezone.now(), resident_id=resident_pk)
    if not cards:
        raise Http404
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("mentors:my_mentees")
    card = cards[0]
    card.error = error
    status = REFUSED if error else 200
    return _render_card(request, card, status=status)


def _render_card(request: HttpRequest, card: MenteeCard, *, status: int = 200) -> HttpResponse:
    return render(request, "mentors/partials/_mentee.html", {"card": card}, status=status)


def _ticked(request: HttpRequest, result: TickResult) -> HttpResponse:
    """The answer to a tick or an undo the service accepted: the scope was checked in this
    request, when the service locked the mentee's assignment with this mentor."""
    if not _is_htmx(request):
        return redirect("mentors:my_mentees")
    card = ticked_mentee_card(mentor_user=request.user, tick=result.tick, now=timezone.now())
    return _render_card(request, card)


def _reason(errors) -> str:
    return " ".join(str(message) for message in errors)


@mentor_required
@require_safe
def my_mentees(request: HttpRequest) -> HttpResponse:
    cards = mentee_cards(mentor_user=request.user, now=timezone.now())
    return render(request, "mentors/my_mentees.html", {"cards": cards})


@mentor_required
@require_POST
def mentee_tick(request: HttpRequest, pk: int) -> HttpResponse:
    form = TickForm(request.POST)
    if not form.is_valid():
        return _card(request, pk, error=_reason(m for e in form.errors.values() for m in e))
    try:
        result = tick_record(
            mentor_user=request.user,
            resident=pk,
            lesson=form.cleaned_data["lesson"],
            key=form.cleaned_data["key"],
            ticked_at=form.cleaned_data["ticked_at"],
        )
    except ValidationError as exc:
        return _card(request, pk, error=_reason(exc.messages))
    return _ticked(request, result)


@mentor_required
@require_POST
def mentee_undo(request: HttpRequest, pk: int) -> HttpResponse:
    form = UndoForm(request.POST)
    if not form.is_valid():
        return _card(request, pk, error=_reason(m for e in form.errors.values() for m in e))
    try:
        result = tick_undo(
            mentor_user=request.user,
            key=form.cleaned_data["key"],
            undone_at=form.cleaned_data["undone_at"],
            resident_id=pk,
        )
    except ValidationError as exc:
        return _card(request, pk, error=_reason(exc.messages))
    return _ticked(request, result)
