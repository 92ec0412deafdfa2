"""Pages of the mentors app."""

from __future__ import annotations

from django.urls import path

from mentors.views import my_mentees, offline

app_name = "mentors"
urlpatterns: list = [
    # The mentor's phone page (mentors/views/my_mentees.py) and its service worker.
    path("me/", my_mentees.my_mentees, name="my_mentees"),
    path("me/sw.js", offline.service_worker, name="service_worker"),
    path("me/mentees/<int:pk>/tick/", my_mentees.mentee_tick, name="mentee_tick"),
    path("me/mentees/<int:pk>/undo/", my_mentees.mentee_undo, name="mentee_undo"),
]
