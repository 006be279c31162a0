#!/usr/bin/env python3
"""Helpers for scripts/bench/bundle (standard library only).

  bundle_report.py strip-names IN OUT
      Writes IN without its "name" custom section to OUT and prints the section's size in
      bytes. The bench uses it to prove that the analysed copy (wasm-opt -g) is the shipped
      wasm plus names, byte for byte.

  bundle_report.py report TWIGGY_CSV SHIPPED_WASM_BYTES
      Reads `twiggy top --format csv` of the analysed copy and prints the top 25 items, then
      the bytes per crate and per module. Rows of the name section are left out (the shipped
      wasm has none), so every percentage is of the shipped wasm.

A function is counted under the crate whose path it is demangled under: for
`<a::T as b::Trait>::f` that is a (the type's crate); a generic function instantiated for
another crate's types (`core::ptr::drop_in_place<artifact_explorer::X>`) counts under the
crate that defines it (core), not the one that instantiated it.
"""

import csv
import re
import sys

HASH = re.compile(r"^h[0-9a-f]{16}$")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def leb128(buf, i):
    result = shift = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def strip_names(src, dst):
    data = open(src, "rb").read()
    if data[:4] != b"\0asm":
        sys.exit(f"{src}: not a wasm module")
    out = bytearray(data[:8])
    removed = 0
    i = 8
    while i < len(data):
        start = i
        section_id = data[i]
        size, body = leb128(data, i + 1)
        end = body + size
        if section_id == 0:
            name_len, name_at = leb128(data, body)
            if data[name_at : name_at + name_len] == b"name":
                removed += end - start
                i = end
                continue
        out += data[start:end]
        i = end
    open(dst, "wb").write(out)
    print(removed)


def split_path(path):
    """Splits a demangled path on the `::` that are outside <…>."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(path):
        c = path[i]
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        if depth == 0 and path.startswith("::", i):
            parts.append(cur)
            cur = ""
            i += 2
            continue
        cur += c
        i += 1
    parts.append(cur)
    return parts


def self_type(name):
    """The path a function is attributed to: `a::f` -> `a::f`; `<a::T as b::Trait>::f` -> the
    type's path `a::T`, or the trait's (`b::Trait`) when the type is a generic parameter or a
    primitive (`<F as b::Trait>::f`, `<f64 as core::fmt::Display>::fmt`); `<str>::f` -> `str`."""
    if not name.startswith("<"):
        return name
    depth = 0
    for end, c in enumerate(name):
        depth += {"<": 1, ">": -1}.get(c, 0)
        if depth == 0:
            break
    inner = name[1:end]
    depth, cut = 0, None
    for i, c in enumerate(inner):
        depth += {"<": 1, ">": -1}.get(c, 0)
        if depth == 0 and inner.startswith(" as ", i):
            cut = i
            break
    ty = re.sub(r"^(&|mut |dyn |\*const |\*mut |\(|\[)+", "", inner if cut is None else inner[:cut])
    if len(split_path(ty)) > 1 or cut is None:
        return self_type(ty)
    return self_type(inner[cut + 4 :])


def classify(name):
    """(crate, module) of one twiggy row, or a bracketed group for what is not a Rust path."""
    if name.startswith("data segment "):
        return "(data segments: constants, strings, tables)", None
    if re.match(r"^code\[\d+\]$", name):
        return "(functions without a name)", None
    if re.match(r"^(elem|type|table|memory|global)\[|^export |^import |^custom section |^wasm magic", name):
        return "(wasm structure: types, imports, exports, tables)", None
    # v0 mangling names crates with a disambiguator: core[c5930c85a12de822]::…
    name = re.sub(r"\[[0-9a-f]{16}\]", "", name)
    parts = split_path(self_type(name))
    if len(parts) < 2:
        if name.startswith("<"):
            return "(methods of primitive types: core, alloc)", None
        return "(unmangled: compiler builtins, wasm-bindgen glue)", None
    if not IDENT.match(parts[0]):
        return "(not attributed)", None
    crate = parts[0]
    segs = [p for p in parts if not HASH.match(p)]
    if "{{closure}}" in segs:
        segs = segs[: segs.index("{{closure}}")]
    segs = segs[:-1]  # the function itself
    module = []
    for s in segs:
        if not IDENT.match(s) or s == "_" or s[0].isupper():
            break
        module.append(s)
    return crate, "::".join(module[:3]) or crate


def table(title, rows, shipped, limit=None):
    print(title)
    print(f"  {'bytes':>9}  {'%':>6}  {'items':>5}  name")
    shown = rows if limit is None else rows[:limit]
    for key, (size, count) in shown:
        print(f"  {size:>9,}  {100 * size / shipped:>5.1f}%  {count:>5}  {key}")
    if limit is not None and len(rows) > limit:
        rest = rows[limit:]
        size = sum(s for _, (s, _) in rest)
        count = sum(c for _, (_, c) in rest)
        print(f"  {size:>9,}  {100 * size / shipped:>5.1f}%  {count:>5}  … {len(rest)} more")


def report(csv_path, shipped):
    rows = []
    name_rows = 0
    for row in csv.DictReader(open(csv_path, newline="")):
        name, size = row["Name"], int(row["ShallowSize"])
        if re.match(r'^"[a-z ]+ names" subsection$', name):
            name_rows += size
            continue
        rows.append((name, size))
    if not rows:
        sys.exit(f"{csv_path}: twiggy listed no items")
    total = sum(size for _, size in rows)
    print(
        f"twiggy items: {len(rows):,}, {total:,} bytes without the name section's {name_rows:,} "
        f"(shipped wasm: {shipped:,}; section headers make the {abs(shipped - total):,} bytes of difference)"
    )
    print()
    print("Top 25 items by shallow size (twiggy top; % of the shipped wasm)")
    print(f"  {'bytes':>9}  {'%':>6}  item")
    for name, size in sorted(rows, key=lambda r: -r[1])[:25]:
        short = name if len(name) <= 110 else name[:107] + "…"
        print(f"  {size:>9,}  {100 * size / shipped:>5.1f}%  {short}")
    crates, modules = {}, {}
    for name, size in rows:
        crate, module = classify(name)
        s, c = crates.get(crate, (0, 0))
        crates[crate] = (s + size, c + 1)
        if module:
            s, c = modules.get(module, (0, 0))
            modules[module] = (s + size, c + 1)
    print()
    table("Per crate (the crate a function's path starts with; generics count under their defining crate)",
          sorted(crates.items(), key=lambda kv: -kv[1][0]), shipped)
    print()
    table("Per module (the first three segments of the path: crate::module::module)",
          sorted(modules.items(), key=lambda kv: -kv[1][0]), shipped, limit=25)


def main(argv):
    if len(argv) == 4 and argv[1] == "strip-names":
        strip_names(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "report":
        report(argv[2], int(argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
