#!/usr/bin/env bash
# One command runs the whole test suite. PostgreSQL tests start a throwaway server when
# PostgreSQL is installed (or use TEST_DATABASE_URL); browser tests use /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/venv.sh
exec .venv/bin/python -m pytest "$@"
