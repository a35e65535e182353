#!/usr/bin/env bash
# npm run bench: every benchmark in one run, each printing its own table (wall time, peak memory,
# ratios against scikit-learn / pandas / ml-* baselines). Installs Debian's python3-sklearn and
# python3-pandas if missing. Pass names to run a subset: npm run bench -- kmeans pca
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import sklearn, pandas" >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-pandas >/dev/null
fi
npm run -s build
all=(load features kmeans pca silhouette scan scale fit-on-sample)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), node $(node --version), $(date -u +%Y-%m-%dT%H:%MZ)"
for name in "${names[@]}"; do
  echo
  echo "=== bench/$name.ts"
  npx tsx "bench/$name.ts"
done
