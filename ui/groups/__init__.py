"""Duty groups in the desktop application (app/relay_client/groups.py, group_admin.py):
addressing a group from the send dialog (`picker.py`), the admin's roster editor
(`roster_dialog.py`, its table in `models.py`), and the words the relay views show
(`texts.py`)."""
