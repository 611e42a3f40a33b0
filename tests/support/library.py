"""`Library`: the vault's records services over one open store, without keys, slots nor
identity: the harness of the record-level tests (tests/store/). The application itself opens a
vault through app/vault/session.py.

```python
lib = Library.create(vault_dir, vmk)              # new vault: vault.db, blobs/, staging/
lib = Library.open(vault_dir, vmk, actor=fpr)     # an existing vault (VMK from app/unlock/)
with lib:
    case = lib.cases.create("Succession Martin", reference="2026/0142")
    doc = lib.importer.import_stream(name, size, media_type, stream, case=case.id)
    hits = lib.search.search("martin acte")
    with lib.documents.open(doc.id) as stream: ...
    lib.documents.export(doc.id, Path("~/acte.pdf").expanduser())
    lib.documents.delete(doc.id)                   # crypto-shred; LegalHoldError if held
    report = lib.check()
```

The store-level calls (`get_generation()`, `set_generation(n)`, `bump_generation()`) are on
`lib.store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.audit import LOCAL_USER, AuditLog
from app.cases import Cases
from app.documents import Documents
from app.importer import Importer
from app.integrity import IntegrityReport, check
from app.search import Search
from storage.blobs import Cancel, Progress
from storage.store import Store


@dataclass
class Library:
    store: Store
    audit: AuditLog
    cases: Cases
    documents: Documents
    importer: Importer
    search: Search

    @classmethod
    def over(cls, store: Store, actor: str = LOCAL_USER) -> Library:
        """Services over an already open store, acting as `actor`."""
        audit = AuditLog(store, actor)
        return cls(store, audit, Cases(store, audit), Documents(store, audit),
                   Importer(store, audit), Search(store))

    @classmethod
    def create(cls, vault_dir: Path, vmk: bytes, actor: str = LOCAL_USER) -> Library:
        lib = cls.over(Store.create(vault_dir, vmk), actor)
        with lib.store.db.transaction():
            lib.audit.record("vault.create")
        return lib

    @classmethod
    def open(cls, vault_dir: Path, vmk: bytes, actor: str = LOCAL_USER) -> Library:
        return cls.over(Store.open(vault_dir, vmk), actor)

    def check(self, *, verify_blobs: bool = True, progress: Progress | None = None,
              cancel: Cancel | None = None) -> IntegrityReport:
        return check(self.store, self.audit, verify_blobs=verify_blobs, progress=progress,
                     cancel=cancel)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
