"""Pages of the mentors app for ward officials, provincial staff and team leads (the mentor's
own phone page lives with the phone work)."""
