"""Publisher tool: make a release signing key, sign a release folder or an application folder.

    python scripts/release.py keygen OUT          # a new key file (0600); prints its public key
    python scripts/release.py sign DIR --key KEYFILE [--version V]
    python scripts/release.py sign-bundle BUNDLE --key KEYFILE [--version V]

`sign` writes DIR/release-manifest.json and DIR/release-manifest.sig over every file of DIR (the
tarball, the .deb, the SBOM: exactly one *.cdx.json). `sign-bundle` does the same for the
application folder PyInstaller made (its top-level files: the executable), so the frozen
application can check itself at start when the policy pins publisher keys. The version defaults
to app/version.py's. Format and procedure: docs/releases.md. The real key is never in the
repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.errors import ScelleError  # noqa: E402
from app.updates.publish import (  # noqa: E402
    generate_key, load_signing_key, public_of, sign_folder,
)
from app.version import version  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    # No umask change: the key file is written 0600 whatever the umask, and the manifest and
    # signature 0644 (they are public and every user's start-up check reads them).
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="write a new signing key file (mode 0600)")
    keygen.add_argument("out", type=Path)
    for name, kind in (("sign", "release"), ("sign-bundle", "bundle")):
        signer = sub.add_parser(name, help=f"sign a {kind} folder")
        signer.add_argument("folder", type=Path)
        signer.add_argument("--key", type=Path, required=True, help="the signing key file")
        signer.add_argument("--version", help="the version (default: app/version.py's)")
        signer.set_defaults(kind=kind)
    args = parser.parse_args(argv)
    try:
        if args.command == "keygen":
            public = generate_key(args.out)
            print(f"wrote {args.out}; public key {public.public}; fingerprint "
                  f"{public.fingerprint}")
            return 0
        key = load_signing_key(args.key)
        count, sbom = sign_folder(args.folder, key, version=args.version or version(),
                                  kind=args.kind)
    except ScelleError as exc:
        print(f"release.py: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"release.py: {exc.strerror or exc} ({exc.filename})", file=sys.stderr)
        return 1
    extra = f", SBOM {sbom}" if sbom else ""
    print(f"signed {args.folder}: {count} files{extra}; publisher {public_of(key).fingerprint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
