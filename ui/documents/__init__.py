"""The main window's panes: cases, documents table, details, import."""
