"""What a user reads when long work fails on an error nobody planned for.

A job that raises a ``ValidationError`` fails with that error's own (translated) messages. Any other exception
is a fault of the data, the machine or the code: the user gets one Indonesian (or English) sentence per kind of
failure saying what it means for them and what to do, while the exception's class, text and traceback go only to
the log (with the job's id), never to the page, because they tell an attacker about the internals and tell an
officer nothing.
"""

from __future__ import annotations

import errno

from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.utils.translation import gettext as _


class JobFailure(RuntimeError):
    """A failure the code foresaw and described for the user (translated); its message is shown as it is."""


def failure_message(exc: BaseException, *, job_id: int | None = None) -> str:
    """One sentence for the user about an unexpected failure ``exc``; the technical text stays in the log."""
    if isinstance(exc, JobFailure):
        return str(exc)
    if isinstance(exc, DataError):
        return _(
            "A value in the data is too long or out of range for the database (for example one cell holding a "
            "whole document). Check the file for oversized or damaged cells and run the import again."
        )
    if isinstance(exc, IntegrityError):
        return _(
            "The data conflicts with records that were written at the same time. Run the job again; "
            "what was saved already is not written twice."
        )
    if isinstance(exc, OperationalError | InterfaceError):
        return _(
            "The database could not be reached or was busy. Run the job again later; it continues where it stopped."
        )
    if isinstance(exc, MemoryError):
        return _("The job needed more memory than the server has. Split the file into smaller files.")
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return _("The server's disk is full. Ask the system administrator to free space, then run the job again.")
    if isinstance(exc, FileNotFoundError):
        return _("A file the job needs is no longer on the server. Upload the file again.")
    if isinstance(exc, UnicodeError):
        return _("The text of the file could not be read. Save it as .xlsx, or as CSV in UTF-8, and upload it again.")
    if job_id is not None:
        return _(
            "The job stopped because of an unexpected error. Tell the system administrator the job number "
            "%(id)s; the details are in the server log."
        ) % {"id": job_id}
    return _("The work stopped because of an unexpected error; the details are in the server log.")
