"""Digital Ambassadors (mentors), teams and mentee assignments: the mentors issue."""
