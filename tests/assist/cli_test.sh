#!/usr/bin/env bash
# `fenliu bot match` and `fenliu risk score` on a few lines: one JSON object per line, the
# fields of issue 9, the same verdicts as the library.  Usage: cli_test.sh FENLIU CONFIG
set -euo pipefail
fenliu=$1
config=$2
fail() { echo "cli_test: $*" >&2; exit 1; }

out=$(printf '几天能寄出\n我不要发票\n转人工\n我的快递到哪了\n' |
  "$fenliu" bot match --config "$config")
[ "$(wc -l <<<"$out")" -eq 4 ] || fail "want 4 lines, got: $out"
want='^{"text": "几天能寄出", "faq_id": "shipping_time", "confidence": 0\.[0-9]*, '
want+='"handover": false, "intent": "faq"}$'
grep -q "$want" <<<"$out" || fail "shipping_time: $out"
grep -q '"text": "我不要发票", "faq_id": null' <<<"$out" || fail "negation: $out"
want='"text": "转人工", "faq_id": null, "confidence": 1.0000, "handover": true, '
want+='"intent": "handover"'
grep -q "$want" <<<"$out" || fail "handover: $out"
want='"text": "我的快递到哪了", "faq_id": null, .*"handover": true, "intent": "order_status"'
grep -q "$want" <<<"$out" || fail "order without order data: $out"

out=$("$fenliu" bot match --config "$config" --order o-1003 <<<'我的快递到哪了')
grep -q '"faq_id": "order_status", .*"handover": false' <<<"$out" || fail "order_status: $out"

out=$(printf '非常不满意\n我不想投诉\n"quoted" \\ back\n' |
  "$fenliu" risk score --config "$config")
want='^{"text": "非常不满意", "score": -1.0000, "risky": true, "triggers": \[\]}$'
grep -q "$want" <<<"$out" || fail "risky: $out"
want='"text": "我不想投诉", "score": [0-9.]*, "risky": false, "triggers": \[\]'
grep -q "$want" <<<"$out" || fail "calm: $out"
grep -qF '"text": "\"quoted\" \\ back"' <<<"$out" || fail "escaping: $out"

if "$fenliu" bot match --config "$config" --order no-such-order </dev/null 2>/dev/null; then
  fail "an unknown order must fail"
fi
echo "cli_test: ok"
