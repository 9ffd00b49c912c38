"""Provides the one-line summary of an agreement that lists and indexes show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .agreement import Agreement
from .base import Record
from .enums import AgreementStatus


@dataclass(frozen=True)
class AgreementSummary(Record):
    """What a list of agreements shows of each one; it changes only when those fields do."""

    id: str = ""
    title: str = ""
    mentee: str = ""
    mentor: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: AgreementStatus = AgreementStatus.DRAFT
    mentee_handle: str = ""
    mentor_handle: str = ""
    #: Why the agreement's file cannot be read ("" when it can): such a row is still listed,
    #: naming the file, so a damaged agreement never vanishes from the list.
    damaged: str = ""


def summarize(agreement: Agreement) -> AgreementSummary:
    """The summary of one agreement."""
    return AgreementSummary(
        id=agreement.id,
        title=agreement.display_title,
        mentee=agreement.mentee.name,
        mentor=agreement.mentor.name,
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        status=agreement.status,
        mentee_handle=agreement.mentee.handle,
        mentor_handle=agreement.mentor.handle,
    )
