"""Load the programme's curriculum (``lessons/curriculum.py``) into the lesson catalogue.

Lessons are matched by code, so running it again adds only what is missing; lessons staff have
edited keep their edits unless ``--update`` asks to overwrite their text and track from the data.
Trained flags are recomputed when the core set changes.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lessons.services.catalogue import curriculum_load


class Command(BaseCommand):
    help = "Load the curriculum into the lesson catalogue (idempotent, matched by code)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite the titles, summaries and track of existing lessons from the data.",
        )

    def handle(self, *args, update: bool, **options):
        result = curriculum_load(update=update)
        self.stdout.write(
            f"Curriculum: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
