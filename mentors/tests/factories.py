"""Factories for mentors, teams and assignments; the phone page's tests use them too."""

from __future__ import annotations

import factory
from django.utils import timezone

from households.tests.factories import HamletFactory
from literacy.accounts.roles import Role
from mentors.models import Assignment, CommunityTeam, Mentor, Organisation


class MentorUserFactory(factory.django.DjangoModelFactory):
    """An account with the mentor role; pass ``wards=[ward]``."""

    class Meta:
        model = "accounts.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"mentor{n + 1}")
    role = Role.MENTOR
    password = factory.django.Password("pass-12345")

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create and extracted:
            self.wards.set(extracted)


class CommunityTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityTeam

    name = factory.Sequence(lambda n: f"Tổ công nghệ số {n + 1}")


class MentorFactory(factory.django.DjangoModelFactory):
    """A mentor; pass ``home_hamlet=`` (the ward follows it) or ``ward=``; ``user=`` optional."""

    class Meta:
        model = Mentor

    home_hamlet = factory.SubFactory(HamletFactory)
    ward = factory.LazyAttribute(lambda o: o.home_hamlet.ward)
    user = factory.LazyAttribute(lambda o: MentorUserFactory(wards=[o.ward]))
    full_name = factory.Sequence(lambda n: f"Lê Thị Tình Nguyện {n + 1}")
    phone = factory.Sequence(lambda n: f"09{n + 10000000:08d}")
    organisation = Organisation.YOUTH_UNION


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An active assignment; pass ``mentor=`` and ``mentee=``."""

    class Meta:
        model = Assignment

    starts_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=30))
