#!/usr/bin/env bash
# `npm run prism`: the family case of test/family-case.ts, through Stoplight Prism's validating proxy
# in --errors mode over the committed document, as an integrator would put a gateway in front of the
# API. Prints the number of requests and violations; fails on any violation.
# PRISM overrides the command (default: npx of @stoplight/prism-cli 5.14.2, fetched on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
PRISM_PORT=${PRISM_PORT:-4010}
APP_PORT=${APP_PORT:-4011}
PRISM=${PRISM:-npx --yes @stoplight/prism-cli@5.14.2}
log=$(mktemp)
$PRISM proxy --errors libs/api-client/openapi.json "http://127.0.0.1:$APP_PORT" --host 127.0.0.1 --port "$PRISM_PORT" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 240); do
  grep -q "Prism is listening" "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
status=0
PRISM_URL="http://127.0.0.1:$PRISM_PORT" FAMILY_CASE_PORT="$APP_PORT" npx jest test/family-case.e2e-spec.ts || status=$?
requests=$(grep -c "Request received" "$log" || true)
violations=$(grep -c "Violation:" "$log" || true)
grep "Violation:" "$log" || true
echo "prism --errors: $requests requests, $violations violations"
[ "$status" -eq 0 ] && [ "$violations" -eq 0 ]
