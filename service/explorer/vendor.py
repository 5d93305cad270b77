"""Refreshes the vendored browser assets (GraphiQL and React) from the npm registry.

    python3 -m service.explorer.vendor        # needs npm; the service itself never does

Each package is fetched at its pinned version with ``npm pack`` and checked against the pinned
sha512 integrity before anything is copied. Only the files a browser loads are kept, with each
package's licence. GraphiQL's stylesheet inlines its fonts and icons as ``data:`` URLs, which
``Content-Security-Policy: default-src 'self'`` refuses; they are written out as files beside
it and the stylesheet points at them. Source-map comments are dropped (the maps are not
vendored). The result, with ``VENDORED.json``, is committed: ``make run`` needs only python3.
See docs/explorer.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
DATA_URL = re.compile(r"url\(data:(font/woff2|font/woff|image/png|image/svg\+xml);base64,([A-Za-z0-9+/=]+)\)")
SOURCE_MAP = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")
SUFFIX = {"font/woff2": "woff2", "font/woff": "woff", "image/png": "png", "image/svg+xml": "svg"}
MIT_NOTE = "The package ships no licence file; its package.json says MIT. It lives in the graphiql monorepo, "
MIT_NOTE += "whose licence follows.\n\n"


@dataclass(frozen=True)
class Package:
    """A pinned npm package and the files of it a browser needs (path in package -> vendored name)."""

    name: str
    version: str
    integrity: str
    folder: str
    files: dict[str, str]
    licence: str | None = "LICENSE"


PACKAGES = (
    Package("react", "18.3.1",
            "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
            "react", {"umd/react.production.min.js": "react.production.min.js"}),
    Package("react-dom", "18.3.1",
            "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
            "react-dom", {"umd/react-dom.production.min.js": "react-dom.production.min.js"}),
    Package("graphiql", "3.9.0",
            "sha512-rJYFlHdBbug9+YbFSwRVvgfPjCayC7wHecZkx/qB4XLuQPFQZw/yB9pmHFtOJV6RiNBBHro3u1GdocKa3YcGRA==",
            "graphiql", {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css"}),
    Package("@graphiql/plugin-explorer", "1.0.2",
            "sha512-9j+kg2UjtLZD5EBmGjeWHkoVVxtbShYg2DzbUVebibnZYZM/iMBEF4vaccXJIAm5KaomIPLx0aoNs4LbODyc3Q==",
            "graphiql-plugin-explorer", {"dist/index.umd.js": "index.umd.js", "dist/style.css": "style.css"},
            licence=None),
)


def fetch(package: Package, workdir: Path) -> Path:
    """``npm pack`` the pinned version, check its integrity, unpack it; the package folder."""
    spec = f"{package.name}@{package.version}"
    command = ["npm", "pack", "--json", "--pack-destination", str(workdir), spec]  # pinned names only
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    tarball = workdir / json.loads(out)[0]["filename"]
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != package.integrity:
        raise SystemExit(f"{spec}: integrity {digest} is not the pinned {package.integrity}")
    target = workdir / package.folder
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def externalize(css: str, folder: Path) -> str:
    """Write each inlined data: URL as a file beside the stylesheet; the stylesheet points at it."""
    names: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        mime, payload = match.group(1), match.group(2)
        data = base64.b64decode(payload)
        name = names.setdefault(payload, f"assets/{hashlib.sha256(data).hexdigest()[:16]}.{SUFFIX[mime]}")
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        return f"url({name})"

    return DATA_URL.sub(replace, css)


def install(package: Package, source: Path, graphiql_licence: bytes) -> None:
    folder = VENDOR / package.folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for inside, name in package.files.items():
        data = SOURCE_MAP.sub(b"\n", (source / inside).read_bytes())
        if name.endswith(".css"):
            data = externalize(data.decode(), folder).encode()
        (folder / name).write_bytes(data)
    licence = (source / package.licence).read_bytes() if package.licence else MIT_NOTE.encode() + graphiql_licence
    (folder / "LICENSE").write_bytes(licence)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources = {p.name: fetch(p, Path(tmp)) for p in PACKAGES}
        graphiql_licence = (sources["graphiql"] / "LICENSE").read_bytes()
        for package in PACKAGES:
            install(package, sources[package.name], graphiql_licence)
    manifest = [{"name": p.name, "version": p.version, "integrity": p.integrity, "folder": p.folder}
                for p in PACKAGES]
    (VENDOR / "VENDORED.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"vendored {', '.join(f'{p.name}@{p.version}' for p in PACKAGES)} into {VENDOR}")


if __name__ == "__main__":
    main()
