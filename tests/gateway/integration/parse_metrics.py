#!/usr/bin/env python3
"""Parses a Prometheus text exposition with the prometheus_client parser (Debian's
python3-prometheus-client) and prints one JSON object per sample:
{"family", "type", "name", "labels", "value"}. Exits 1 when the text does not parse, or when a
family lacks HELP or its TYPE is not the one the exposition declared."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    text = open(sys.argv[1], encoding="utf-8").read()
    declared = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            declared[name] = kind
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError (and others) on bad input
        print(f"parse error: {e}", file=sys.stderr)
        return 1
    for f in families:
        exposed = f.name + ("_total" if f.type == "counter" else "")
        if declared.get(exposed, declared.get(f.name)) != f.type:
            print(f"family {f.name}: type {f.type} not declared", file=sys.stderr)
            return 1
        if not f.documentation:
            print(f"family {f.name}: no HELP", file=sys.stderr)
            return 1
        for s in f.samples:
            print(json.dumps({"family": f.name, "type": f.type, "name": s.name,
                              "labels": s.labels, "value": s.value}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
