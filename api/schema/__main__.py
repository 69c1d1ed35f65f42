"""``python -m api.schema``: write the schema's SDL to ``api/schema.graphql``;
``--check`` only says whether the file is up to date (exit status 1 when not)."""

from __future__ import annotations

import sys

from api.schema import SCHEMA_FILE, sdl


def main(argv: list[str]) -> int:
    text = sdl()
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if "--check" in argv:
        if current == text:
            print(f"{SCHEMA_FILE.name} is up to date")
            return 0
        print(f"{SCHEMA_FILE.name} differs from the code; run `python -m api.schema` to rewrite it", file=sys.stderr)
        return 1
    SCHEMA_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
