"""Background work of the audit log: the nightly check of its hash chain."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.mail import mail_admins

from .chain import audit_chain_verify

logger = logging.getLogger(__name__)


@shared_task
def audit_chain_verify_task() -> dict:
    """Verify the chain (``literacy/audit/chain.py``). The head is logged every night, so the
    log kept elsewhere anchors the chain; a break is logged as an error and mailed to ADMINS."""
    report = audit_chain_verify()
    if report.ok:
        logger.info(report.message)
    else:
        logger.error(report.message)
        mail_admins("Audit log: the hash chain is broken", report.message)
    return {
        "ok": report.ok,
        "rows": report.rows,
        "head_position": report.head_position,
        "head_hash": report.head_hash,
        "broken": report.broken.message if report.broken else None,
    }
