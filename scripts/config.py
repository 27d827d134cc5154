#!/usr/bin/env python3
"""Read one value from wasm-pack.toml: `config.py section.key` prints it
(arrays space-separated). Used by the shell scripts so settings live in one place."""
import sys, tomllib, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
with open(root / "wasm-pack.toml", "rb") as f:
    cfg = tomllib.load(f)
section, key = sys.argv[1].split(".", 1)
try:
    v = cfg[section][key]
except KeyError:
    sys.exit(f"wasm-pack.toml: no [{section}] {key}")
print(" ".join(map(str, v)) if isinstance(v, list) else v)
