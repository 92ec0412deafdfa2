"""Roster import: a ward's residents and households from a CSV, UTF-16 text or XLSX file.

The pipeline (``service.residents_import``): ``readers`` turn the file into rows, ``columns``
matches the header, ``rows`` validates every row in pure Python while streaming them into a
COPY buffer, ``loader`` checks the rows against the database and upserts everything set-based.
Nothing is stored unless every row is valid (one transaction).
"""
