"""Register Digital Ambassadors (one by one or many at once), change them, let them leave.

Each mentor is a portal account with the mentor role in the mentor's ward, and a printable
sign-in card: a username made from the name and a one-time code (no e-mail needed). The code
is the account's password until the mentor changes it, which the portal asks for at the first
sign-in (``Mentor.must_change_password``; see ``mentors.signin``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.importing.values import CellError, parse_phone
from literacy.accounts.roles import Role
from literacy.accounts.sessions import user_end_all_sessions
from literacy.areas.models import Hamlet, Ward
from literacy.audit.models import AuditAction
from literacy.audit.services import AuditEntry, audit_record_many
from literacy.audit.summaries import summary_text
from literacy.text import fold

from ..models import CommunityTeam, Mentor
from .assignments import assignments_end

OBJECT_TYPE = "mentor"
#: Letters and digits that cannot be mistaken for one another on a printed card.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10  # about 49 bits: safe as a first password
AUDITED_FIELDS = (
    "full_name",
    "phone",
    "organisation",
    "ward_id",
    "home_hamlet_id",
    "team_id",
    "is_active",
)


@dataclass(frozen=True)
class NewMentor:
    """What a ward official types or a spreadsheet row holds for one mentor."""

    full_name: str
    phone: str
    organisation: str
    home_hamlet: Hamlet
    team: CommunityTeam | None = None


@dataclass(frozen=True)
class SignInCard:
    """What is printed for a new mentor: shown once, the code is never stored in clear."""

    mentor: Mentor
    username: str
    code: str


def one_time_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def mentor_snapshot(mentor: Mentor) -> dict:
    return {field: getattr(mentor, field) for field in AUDITED_FIELDS}


def _username_base(full_name: str) -> str:
    # "Nguyễn Văn An" → "an.nguyenvan": given name first, as people say it.
    words = re.sub(r"[^a-z0-9 ]", "", fold(full_name)).split()
    if not words:
        return "mentor"
    return f"{words[-1]}.{''.join(words[:-1])}".strip(".")[:140]


def _usernames_for(names: list[str]) -> list[str]:
    """A free username per name (one query for the names taken)."""
    bases = [_username_base(name) for name in names]
    User = get_user_model()
    taken = set(
        User.objects.filter(
            username__regex=r"^({})[0-9]*$".format("|".join(map(re.escape, set(bases))))
        ).values_list("username", flat=True)
    )
    usernames = []
    for base in bases:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        usernames.append(candidate)
    return usernames


def _clean_phone(phone: str) -> str:
    """The roster import's phone rule (10 digits starting with 0; +84 and lost zeros fixed)."""
    try:
        return parse_phone(phone or "")
    except CellError as exc:
        raise ValidationError({"phone": str(exc)}) from exc


#: Advisory lock key of mentor registration (other keys: the audit chain 4010, imports 4004).
REGISTRATION_LOCK = 4020


def _check_phones_free(phones: list[str], ward: Ward) -> None:
    """A ward's mentors have different phone numbers (the import says the same, per line)."""
    taken = (
        Mentor.objects.filter(ward=ward, phone__in=[phone for phone in phones if phone])
        .values_list("phone", flat=True)
        .first()
    )
    if taken:
        raise ValidationError(
            {
                "phone": _("A mentor of this ward already has the phone number %(phone)s.")
                % {"phone": taken}
            }
        )


def _check(new: NewMentor, ward: Ward) -> None:
    if not " ".join(new.full_name.split()):
        raise ValidationError({"full_name": _("Enter the mentor's name.")})
    if new.home_hamlet.ward_id != ward.pk:
        raise ValidationError({"home_hamlet": _("The hamlet is in another ward.")})
    if new.team is not None and new.team.ward_id != ward.pk:
        raise ValidationError({"team": _("The team is in another ward.")})


@transaction.atomic
def mentors_create(*, by, ward: Ward, mentors: list[NewMentor]) -> list[SignInCard]:
    """Register the mentors in ``ward``, all or nothing; return their sign-in cards.

    A fixed number of statements whatever the number (users, their ward, mentors, audit rows).
    """
    if not mentors:
        return []
    for new in mentors:
        _check(new, ward)
    phones = [_clean_phone(new.phone) for new in mentors]
    with connection.cursor() as cursor:
        # One registration at a time: a double submit or two officials at once cannot both
        # pass the phone check below, nor pick the same free username.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [REGISTRATION_LOCK])
    _check_phones_free(phones, ward)
    User = get_user_model()
    usernames = _usernames_for([new.full_name for new in mentors])
    codes = [one_time_code() for _ in mentors]
    users = [
        User(
            username=username,
            first_name=" ".join(new.full_name.split()),
            role=Role.MENTOR,
            password=make_password(code),
            date_joined=timezone.now(),
        )
        for username, code, new in zip(usernames, codes, mentors, strict=True)
    ]
    users = User.objects.bulk_create(users)
    User.wards.through.objects.bulk_create(
        [User.wards.through(user_id=user.pk, ward_id=ward.pk) for user in users]
    )
    rows = [
        Mentor(
            user=user,
            full_name=user.first_name,
            phone=phone,
            organisation=new.organisation,
            ward=ward,
            home_hamlet=new.home_hamlet,
            team=new.team,
            must_change_password=True,
            created_by=by,
        )
        for user, phone, new in zip(users, phones, mentors, strict=True)
    ]
    for row in rows:
        row.full_clean(exclude=["user"])
    created = Mentor.objects.bulk_create(rows)
    audit_record_many(
        actor=by,
        entries=[
            AuditEntry(
                action=AuditAction.CREATE,
                object_type=OBJECT_TYPE,
                object_id=mentor.pk,
                ward_id=ward.pk,
                summary=summary_text(
                    gettext_lazy("mentor %(username)s"), username=mentor.user.username
                ),
                after={**mentor_snapshot(mentor), "username": mentor.user.username},
            )
            for mentor in created
        ],
    )
    return [SignInCard(m, m.user.username, code) for m, code in zip(created, codes, strict=True)]


def mentor_create(*, by, ward: Ward, new: NewMentor) -> SignInCard:
    """Register one mentor; return the sign-in card to print."""
    return mentors_create(by=by, ward=ward, mentors=[new])[0]


@transaction.atomic
def mentor_update(*, by, mentor: Mentor, **fields) -> Mentor:
    """Change a mentor's phone, organisation, home hamlet, team or name."""
    unknown = set(fields) - {"full_name", "phone", "organisation", "home_hamlet", "team"}
    if unknown:
        raise TypeError(f"mentor_update cannot set {sorted(unknown)}")
    before = mentor_snapshot(mentor)
    for name, value in fields.items():
        setattr(mentor, name, value)
    mentor.full_name = " ".join(mentor.full_name.split())
    mentor.phone = _clean_phone(mentor.phone)
    _check(
        NewMentor(
            mentor.full_name, mentor.phone, mentor.organisation, mentor.home_hamlet, mentor.team
        ),
        mentor.ward,
    )
    mentor.full_clean()
    mentor.save()
    after = mentor_snapshot(mentor)
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        _audit_mentor_update(
            by=by,
            mentor=mentor,
            summary=summary_text(gettext_lazy("mentor %(name)s changed"), name=mentor.full_name),
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return mentor


def _audit_mentor_update(
    *, by, mentor: Mentor, summary: str, before: dict | None = None, after: dict | None = None
) -> None:
    """One audit row for a change to a mentor's profile."""
    audit_record_many(
        actor=by,
        entries=[
            AuditEntry(
                action=AuditAction.UPDATE,
                object_type=OBJECT_TYPE,
                object_id=mentor.pk,
                ward_id=mentor.ward_id,
                summary=summary,
                before=before,
                after=after,
            )
        ],
    )


@transaction.atomic
def mentor_leave(*, by, mentor: Mentor) -> Mentor:
    """The mentor leaves the programme: their assignments end (kept as history), the profile
    is inactive. The account itself is deactivated on the accounts page if wanted."""
    if not mentor.is_active:
        return mentor
    assignments_end(
        by=by,
        assignments=mentor.assignments.active(),
        summary=summary_text(gettext_lazy("mentor left")),
    )
    Mentor.objects.filter(pk=mentor.pk).update(is_active=False, updated_at=timezone.now())
    mentor.is_active = False
    _audit_mentor_update(
        by=by,
        mentor=mentor,
        summary=summary_text(gettext_lazy("mentor %(name)s left"), name=mentor.full_name),
        before={"is_active": True},
        after={"is_active": False},
    )
    return mentor


@transaction.atomic
def mentor_new_code(*, by, mentor: Mentor) -> SignInCard:
    """A new one-time code (the mentor forgot theirs, or lost the card); audited, never stored
    in clear. The mentor must change it at the next sign-in."""
    code = one_time_code()
    user = mentor.user
    user.set_password(code)
    user.save(update_fields=["password"])
    Mentor.objects.filter(pk=mentor.pk).update(must_change_password=True)
    mentor.must_change_password = True
    user_end_all_sessions(user=user)  # the lost card's sign-ins and API tokens end now
    _audit_mentor_update(
        by=by,
        mentor=mentor,
        summary=summary_text(
            gettext_lazy("mentor %(username)s: new one-time code"), username=user.username
        ),
    )
    return SignInCard(mentor, user.username, code)
