"""Pages of the lessons app."""

from __future__ import annotations

from django.urls import path

from lessons.views import attendees, catalogue, classes, completions, media

app_name = "lessons"
urlpatterns: list = [
    # The catalogue (lessons/views/catalogue.py, lessons/views/media.py).
    path("", catalogue.lesson_list, name="lesson_list"),
    path("manage/", catalogue.lesson_manage, name="lesson_manage"),
    path("new/", catalogue.lesson_create, name="lesson_create"),
    path("<int:pk>/edit/", catalogue.lesson_edit, name="lesson_edit"),
    path("<int:pk>/move/", catalogue.lesson_move, name="lesson_move"),
    path("<int:pk>/retire/", catalogue.lesson_retire, name="lesson_retire"),
    path("<int:pk>/restore/", catalogue.lesson_restore, name="lesson_restore"),
    path("<int:pk>/video/", media.lesson_video, name="lesson_video"),
    path("<int:pk>/captions/", media.lesson_captions, name="lesson_captions"),
    path("<int:pk>/thumbnail/", media.lesson_thumbnail, name="lesson_thumbnail"),
    # Classes and progress (lessons/views/classes.py, attendees.py, completions.py).
    path("classes/", classes.class_list, name="class_list"),
    path("classes/calendar/", classes.class_calendar, name="class_calendar"),
    path("classes/new/", classes.class_create, name="class_create"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", classes.class_edit, name="class_edit"),
    path("classes/<int:pk>/delete/", classes.class_delete, name="class_delete"),
    path("classes/<int:pk>/sheet/", classes.class_sheet, name="class_sheet"),
    path("classes/attendees/", attendees.attendee_search_json, name="attendee_search"),
    path("classes/attendees/new/", attendees.attendee_create_json, name="attendee_create"),
    path("classes/facilitators/", attendees.facilitator_search_json, name="facilitator_search"),
    path(
        "classes/hamlets/<int:hamlet_pk>/residents/",
        attendees.hamlet_roster_json,
        name="hamlet_roster",
    ),
    path(
        "residents/<int:pk>/progress/",
        completions.resident_progress_page,
        name="resident_progress",
    ),
]
