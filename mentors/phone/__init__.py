"""The mentor's phone page ("My mentees"): tick and undo from a phone, offline included.

``views`` (the page, tick, undo), ``selectors`` (the mentees' cards in a fixed number of
queries), ``forms`` (what a tap sends), ``offline`` (the service worker script). The front end
is ``static/js/mentors-{mentees,queue,sw}.js`` and ``static/css/mentors.css``.
"""
