"""Pages of the mentors app."""
