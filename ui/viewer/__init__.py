"""The document viewer: PDFs and images rendered from memory, never from a file."""
