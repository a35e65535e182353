#!/usr/bin/env bash
# Executes every notebook top to bottom, headless, on the tslab kernel; any cell error fails.
# Executed copies go to a temporary folder so the committed notebooks stay output-free.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tslab kernel is launched by name: make the project's node_modules/.bin visible to Jupyter.
export PATH="$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for nb in notebooks/*.ipynb; do
  echo "notebook: $nb"
  if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=tslab --output-dir "$out" "$nb" >"$out/log.txt" 2>&1; then
    cat "$out/log.txt" >&2
    echo "FAILED: $nb" >&2
    status=1
  fi
done
exit $status
