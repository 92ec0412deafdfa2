"""Pages of the mentors app."""

from __future__ import annotations

from django.urls import path

from .phone import offline
from .phone import views as phone
from .views import assignments, imports, mentor_pages, suggest, teams, wards

app_name = "mentors"
urlpatterns = [
    path("", wards.home, name="home"),
    path("wards/", wards.ward_list, name="ward_list"),
    path("wards/<int:ward_pk>/", wards.ward_detail, name="ward_detail"),
    path("wards/<int:ward_pk>/adults/", wards.unassigned, name="unassigned"),
    path("wards/<int:ward_pk>/new/", mentor_pages.mentor_create_page, name="mentor_create"),
    path("wards/<int:ward_pk>/import/", imports.mentor_import, name="import"),
    path("wards/<int:ward_pk>/suggest/", suggest.suggest, name="suggest"),
    path("wards/<int:ward_pk>/teams/", teams.team_list, name="team_list"),
    path("wards/<int:ward_pk>/teams/new/", teams.team_create_page, name="team_create"),
    path("import/template.csv", imports.mentor_import_template, name="import_template"),
    path("<int:pk>/", mentor_pages.mentor_detail, name="mentor_detail"),
    path("<int:pk>/edit/", mentor_pages.mentor_edit, name="mentor_edit"),
    path("<int:pk>/leave/", mentor_pages.mentor_leave_page, name="mentor_leave"),
    path("<int:pk>/new-code/", mentor_pages.mentor_new_code_page, name="mentor_new_code"),
    path("<int:pk>/assign/", assignments.mentor_assign, name="mentor_assign"),
    path("adults/<int:resident_pk>/", assignments.mentee_assign, name="mentee_assign"),
    path("assignments/<int:pk>/end/", assignments.assignment_end_page, name="assignment_end"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("team/", teams.my_team, name="my_team"),
    # The mentor's phone page (mentors/phone/) and its service worker.
    path("me/", phone.my_mentees, name="my_mentees"),
    path("me/sw.js", offline.service_worker, name="service_worker"),
    path("me/mentees/<int:pk>/tick/", phone.mentee_tick, name="mentee_tick"),
    path("me/mentees/<int:pk>/undo/", phone.mentee_undo, name="mentee_undo"),
]
