#!/usr/bin/env bash
# Registers the tslab TypeScript kernel with Debian's Jupyter (idempotent) and checks it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
has_tslab() {
  /usr/bin/python3 -c "from jupyter_client.kernelspec import KernelSpecManager as K; import sys; sys.exit(0 if 'tslab' in K().find_kernel_specs() else 1)"
}
has_tslab || npx tslab install --python=/usr/bin/python3 >/dev/null
has_tslab || { echo "error: the tslab kernel is not registered with Jupyter" >&2; exit 1; }
