#!/bin/bash
# Times `mahnwerk demo` of a baseline build against this checkout's, alternating, in one session on
# one machine (the figures in docs/cli.md). CPU = user + sys of /usr/bin/time; the load average is
# printed beside each run because the machine is shared.
#   packages/cli/bench/demo-time.sh /path/to/baseline/checkout [claims]
set -eu
here=$(cd "$(dirname "$0")/../../.." && pwd)
base=${1:?give the checkout of the baseline (built)}
claims=${2:-}
work=$(mktemp -d)
cd "$work"
for round in 1 2; do
  for which in before after; do
    root=$base; [ "$which" = after ] && root=$here
    for mode in files no-files; do
      flags=""; [ "$mode" = no-files ] && flags="--no-files"
      [ -n "$claims" ] && flags="$flags --claims $claims"
      rm -rf mahnwerk-demo
      /usr/bin/time -f "$which $mode round=$round wall=%e user=%U sys=%S maxrss_kb=%M" node "$root/packages/cli/bin/mahnwerk.js" demo $flags > /dev/null 2> err.txt
      echo "$(tail -1 err.txt) load=$(cut -d' ' -f1-3 /proc/loadavg)"
    done
  done
done
rm -rf "$work"
