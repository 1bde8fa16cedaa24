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
    # The serving-thread tables' rows: interleaved, then in blocks; columns as the tool prints them.
    "$work/$commit-tool/AspNetCore.WeChatSecurity.LoadTests" overhead "$@" \
      | grep -E '^\| (MVC|Minimal)' | tail -4 \
      | awk -F'|' -v round="$round" -v commit="$commit" \
          '{ schedule = NR <= 2 ? "interleaved" : "in blocks"; split($5, added, / \(/); split($7, stage, / \(/); split($8, ours, / \(/); split($9, bare, / \(/); split($10, beyond, / \(/); split($11, control, / \(/);
             printf "| %s | %s | %s, %s | %s | %s | %s | %s | %s | %s |\n", round, commit, ($2 ~ /MVC/ ? "MVC action" : "Minimal API"), schedule, added[1], stage[1], ours[1], bare[1], beyond[1], control[1] }'
  done
done
