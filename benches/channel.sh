#!/usr/bin/env bash
# The two-tier channel at a distributor's scale (issue 18): `channel_book` at each size of
# ENGINE_SIZES customers (default 1000,10000,100000) with one reseller per 100 customers,
# one process each; prints the markdown section scripts/bench appends to benches/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE_SIZES="${ENGINE_SIZES:-1000,10000,100000}"
cargo build -q --release -p csp-benches --bin channel_book
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "## The two-tier channel on a distributor's book"
echo
echo "\`channel_book N N/100\` (benches/src/bin/channel_book.rs, SplitMix64 seed 2022): an NCE"
echo "book of N customers with 1 to 3 subscriptions each (2022-07 to 2022-11), 70 % of them"
echo "resold by N/100 resellers, billed for 2022-12 in-process: the one-tier bill of the same"
echo "book without its channel (the practical limit: one replay, one mirror per line) and"
echo "\`NceScenario::bill_channel\` (the same replay, every tier billed, the margin statement);"
echo "one process per size, load average $(cut -d' ' -f1 /proc/loadavg). Peak RSS is the process's,"
echo "holding both books."
echo
echo "| customers | resellers | one-tier bill | channel bill | channel ÷ one-tier | Microsoft lines | customers' price | margins add up | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|---:|"
for n in ${ENGINE_SIZES//,/ }; do
  r=$(( n / 100 > 0 ? n / 100 : 1 ))
  target/release/channel_book "$n" "$r" > "$TMP/out"
  get() { grep "^$1=" "$TMP/out" | cut -d= -f2; }
  echo "| $n | $r | $(get one_tier_ms) ms | $(get channel_ms) ms | $(get channel_vs_one_tier)× | $(get margin_lines) | $(get customer_price) | $(get identity_holds) | $(get peak_rss_mb) MB |"
done
