#!/usr/bin/env bash
# Peak memory of 16 concurrent 5 MB photo uploads, with the default bound on concurrent resizes (the processor count)
# and with none (16), each burst in a fresh process, alternating so that a change in the machine's load hits both.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
dotnet build -c Release tests/AspNetCore.WeChatSecurity.Benchmarks -v q >/dev/null
echo "| Uploads | Concurrent resizes | Peak working set above baseline | Managed heap peak above baseline | Burst time |"
echo "|---|---:|---:|---:|---:|"
for _ in $(seq "$rounds"); do
  for limit in "$(nproc)" 16; do
    dotnet run -c Release --no-build --project tests/AspNetCore.WeChatSecurity.Benchmarks -- --resize-load 16 "$limit"
  done
done
