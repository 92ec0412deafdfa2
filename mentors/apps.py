from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self) -> None:
        from allauth.account.signals import password_changed
        from django.contrib.auth.signals import user_logged_in

        from households.signals import resident_left_ward
        from literacy.accounts.signin_checks import register_token_refusal

        from .services.assignments import (
            assignments_end_for_moved_mentee,
            ticks_follow_moved_mentee,
        )
        from .signin import on_logged_in, on_password_changed, token_refusal

        user_logged_in.connect(on_logged_in, dispatch_uid="mentors.one_time_code.logged_in")
        password_changed.connect(
            on_password_changed, dispatch_uid="mentors.one_time_code.password_changed"
        )
        register_token_refusal(token_refusal)
        resident_left_ward.connect(
            assignments_end_for_moved_mentee, dispatch_uid="mentors.mentee_left_ward"
        )
        resident_left_ward.connect(
            ticks_follow_moved_mentee, dispatch_uid="mentors.mentee_ticks_follow"
        )
