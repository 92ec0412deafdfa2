"""Forms of the mentors app."""
