"""The `scelle` command's entry point: it only chooses the face (docs/architecture.md).

This package sits above both faces and is the only code that may import both `cli` and `ui`;
everything else a command or a window does goes through `app`.
"""
