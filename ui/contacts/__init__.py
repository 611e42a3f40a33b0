"""The address book: contacts' identity cards, their verification state and safety numbers.

* `ContactsDialog(session, jobs)`: list, search, import cards (file dialog or drag and drop),
  details with fingerprint, delete, export the holder's own card.
* `SafetyNumberDialog(session, jobs, contact_id)`: the 60-digit safety number and QR code to
  compare with the contact, and the two ways of marking the contact verified.
"""
