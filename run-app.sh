#!/usr/bin/env bash
# One command runs the app: creates .venv on first use, installs, loads the demo into an empty
# SQLite database and opens Streamlit on http://127.0.0.1:8501.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/venv.sh
exec .venv/bin/planner ui "$@"
