"""One application-wide signal: a contact's trust changed (marked verified).

Several windows show whether a sender is verified: the open dialog's banner, the relay
inbox's identity column and its "held" explanation. They are built from a check made when
they opened; without this signal, verifying the contact in the address book (or from another
dialog) left them saying "not verified" until closed. The safety-number dialog emits it;
those windows listen and check again. It lives in ui/common because contacts, exchange and
relay all use it and must not import each other.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal


class ContactEvents(QObject):
    verified = Signal(int)  # the contact's id


_holder: dict[str, ContactEvents] = {}


def contact_events() -> ContactEvents:
    """The application's one `ContactEvents` (created on first use, owned by the app)."""
    events = _holder.get("events")
    if events is None:
        events = ContactEvents(QCoreApplication.instance())
        _holder["events"] = events
    return events
