#!/usr/bin/env bash
# Start the action server and Rasa together; Ctrl-C (or either one exiting) stops both.
# Usage: scripts/run.sh [shell]   (default: REST server on $RASA_PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${TRACKER_DB:=var/conversations.db}"
: "${ACTION_SERVER_URL:=http://localhost:${ACTION_PORT}/webhook}"
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}" ACTION_SERVER_URL TRACKER_DB
mkdir -p "$(dirname "$TRACKER_DB")"
# Fail loudly on broken content before starting anything.
.venv/bin/python -m bot.knowledge.validate
MODEL="${MODEL:-models/back_pain.tar.gz}"

.venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions &
actions_pid=$!
stop() {
  trap - INT TERM EXIT
  kill "$actions_pid" 2>/dev/null || true
  [ -n "${rasa_pid:-}" ] && kill "$rasa_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if [ "${1:-}" = "shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
else
  echo "Starting Rasa on http://localhost:${RASA_PORT} (REST: /webhooks/rest/webhook), actions on ${ACTION_PORT}"
  # Rasa's HTTP API (trackers, model swap, /model/parse) stays off unless RASA_API_TOKEN is set;
  # then every API call needs ?token=… . It is never turned on without a token.
  api=()
  if [ -n "${RASA_API_TOKEN:-}" ]; then api=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
  .venv/bin/rasa run --model "$MODEL" --port "$RASA_PORT" --endpoints endpoints.yml \
    --credentials credentials.yml "${api[@]}" &
  rasa_pid=$!
  wait -n "$actions_pid" "$rasa_pid"
fi
