#!/usr/bin/env bash
# Start the action server and Rasa together (scripts/supervise.py): either one that exits is
# restarted after a short back-off; Ctrl-C stops both. Both go through the server entry point,
# `python -m plugins.server` (pinned Rasa only; speed-ups unless RASA_SPEEDUPS=0).
# Usage: scripts/run.sh [shell]   (default: REST server on $RASA_PORT; `shell`: chat in the terminal)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${ACTION_HOST:=127.0.0.1}" "${TRACKER_DB:=var/conversations.db}"
# Rasa calls the action server where it listens (a wildcard address means this machine).
case "$ACTION_HOST" in
  0.0.0.0 | ::) action_reach=127.0.0.1 ;;
  *:*) action_reach="[$ACTION_HOST]" ;;
  *) action_reach="$ACTION_HOST" ;;
esac
: "${ACTION_SERVER_URL:=http://${action_reach}:${ACTION_PORT}/webhook}"
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}" RASA_PORT ACTION_PORT ACTION_HOST ACTION_SERVER_URL TRACKER_DB
mkdir -p "$(dirname "$TRACKER_DB")"
# Fail loudly on broken content before starting anything.
.venv/bin/python -m bot.knowledge.validate
export MODEL="${MODEL:-models/back_pain.tar.gz}"

if [ "${1:-}" != "shell" ]; then
  exec .venv/bin/python -m scripts.supervise
fi

# rasa-sdk binds to SANIC_HOST; `rasa run actions` has no option for the address.
SANIC_HOST="$ACTION_HOST" .venv/bin/python -m plugins.server run actions --port "$ACTION_PORT" --actions actions &
actions_pid=$!
stop() {
  trap - INT TERM EXIT
  kill "$actions_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT
# The server entry point reads the terminal through the patient channel: the same intake, limits
# and redaction as the REST channel, into the same tracker store ($TRACKER_DB).
.venv/bin/python -m plugins.server shell --model "$MODEL" --endpoints endpoints.yml
