"""Runs the README's Python examples (every ```python block) with the installed package.

    python readme_example.py README.md

Used by scripts/test-python in a fresh venv that has only the wheel installed, so the
blocks may use nothing but the standard library and csp_billing. (Not a pytest module.)
"""

import re
import sys
from pathlib import Path


def main() -> int:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    if not blocks:
        print("no ```python block in the README", file=sys.stderr)
        return 1
    for i, block in enumerate(blocks, 1):
        exec(compile(block, f"README python block {i}", "exec"), {"__name__": "__readme__"})
    print(f"README: {len(blocks)} Python block(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
