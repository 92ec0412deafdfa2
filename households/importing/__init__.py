"""Roster import: a ward's residents and households from a CSV, UTF-16 text or XLSX file.

The pipeline (``service.residents_import``): ``readers`` turn the file into rows (``workbook``
first measures an XLSX's sheet, so a zip bomb is refused before it is parsed), ``columns``
matches the header, ``rows`` validates every row in pure Python while streaming them into a
COPY buffer, ``loader`` checks the rows against the database and upserts everything set-based,
``report`` keeps the outcome (the first errors in full, all of them counted by kind).
Nothing is stored unless every row is valid (one transaction). ``jobs`` runs each attempt as an
``ImportJob`` (``models``), in the request or on a worker, and audits it.
"""
