#!/usr/bin/env bash
# A hit's cost at two commits, side by side: builds the load tool at each (in worktrees of their own, so that the
# checkout is left as it is), then alternates `overhead` runs of the two, so that the machine's drift falls on both.
# Between runs minutes apart the figures move by more than a small change does; alternating is what resolves it.
# Usage: tests/AspNetCore.WeChatSecurity.LoadTests/compare-builds.sh BASE CANDIDATE [rounds, default 3] [tool options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$(git rev-parse --short "${1:?base commit}")
candidate=$(git rev-parse --short "${2:?candidate commit}")
rounds=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d)
trap 'git worktree remove --force "$work/$base" 2>/dev/null || true; git worktree remove --force "$work/$candidate" 2>/dev/null || true; rm -rf "$work"' EXIT

for commit in "$base" "$candidate"; do
  git worktree add --detach -q "$work/$commit" "$commit"
  dotnet build -c Release "$work/$commit/tests/AspNetCore.WeChatSecurity.LoadTests" -v q -o "$work/$commit-tool" >/dev/null
done

echo "| Round | Commit | Endpoint, schedule | Added by a hit | Framework's filter stage | Library's part | Any hit's own work | The library beyond it | A/A control |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  for commit in "$base" "$candidate"; do
    # The serving-thread tables (interleaved, then in blocks), each column found by its header: a commit from before a
    # column was added prints n/a there, rather than the next column's figures under its name.
    "$work/$commit-tool/AspNetCore.WeChatSecurity.LoadTests" overhead "$@" \
      | grep -E '^\| (MVC|Minimal|Endpoint \| Serving-thread)' | tail -6 \
      | awk -F'|' -v round="$round" -v commit="$commit" -v columns="CPU added by a hit|The framework's filter stage|The library's part|Any hit's own work|The library beyond it|A/A control" '
          BEGIN { wanted = split(columns, names, "|") }
          $2 ~ /Endpoint/ { tables++; split("", at); for (i = 2; i < NF; i++) { name = $i; sub(/^ +/, "", name); sub(/ \(.*$/, "", name); sub(/ +$/, "", name); at[name] = i }; next }
          { printf "| %s | %s | %s, %s", round, commit, ($2 ~ /MVC/ ? "MVC action" : "Minimal API"), (tables == 1 ? "interleaved" : "in blocks")
            for (k = 1; k <= wanted; k++) { cell = names[k] in at ? $(at[names[k]]) : " n/a"; sub(/ \(.*$/, "", cell); printf " |%s", cell }
            print " |" }'
  done
done
