"""Qt models of the main window (documents, cases): lazy, loaded on worker threads."""
