#!/usr/bin/env bash
# Times a save in Verbatim's `serve` and in `hugo server`, on the same
# synthetic archive, in one run: from the write of a transcript's Markdown
# to the page served over HTTP with the new words, as an author waiting on
# the preview sees it. Prints the median and the spread of RUNS saves for
# each tool, as a Markdown table.
#
#   generator/bench/compare-saves.sh [TRANSCRIPTS [RUNS]]   (from the repository's root;
#                                                           default: 2000 transcripts, 5 saves)
#
# Each save appends a sentence with a word never used before to the end of
# one transcript (the last turn's words, for Verbatim), then asks for the
# page every 10 ms until it holds that word. Both servers run as
# their users get them: Hugo's renders to memory in its fast render mode,
# Verbatim's writes the site to disk. The Hugo binary is the one
# compare-hugo.sh installs ($HUGO_BIN_DIR); run that script once first.
# Before each save the script waits $SETTLE seconds (default 10) for the
# server to be idle again: `serve` brings the search index and the data
# file up to date after it has served the page, and a save made during
# that work waits for it. Needs curl. $BENCH_DIR as for compare-hugo.sh.
set -euo pipefail

n=${1:-2000}
runs=${2:-5}
hugo_version=v0.150.0
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-${TMPDIR:-/tmp}/verbatim-saves}
hugo=${HUGO_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/verbatim-bench/bin}/hugo
layouts=$root/generator/bench/hugo-layouts
case $n$runs in *[!0-9]*) echo "usage: $0 [TRANSCRIPTS [RUNS]]" >&2; exit 2 ;; esac
"$hugo" version 2>/dev/null | grep -q "$hugo_version" || { echo "compare-saves: run compare-hugo.sh first, which installs Hugo $hugo_version" >&2; exit 1; }
command -v curl >/dev/null || { echo "compare-saves: needs curl" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
echo "writing the archive of $n transcripts, twice..." >&2
(cd "$root" &&
  go run ./generator/internal/cmd/synth -n "$n" -out "$work/verbatim-src" &&
  go run ./generator/internal/cmd/synth -n "$n" -out "$work/hugo-src" -hugo &&
  go build -o "$work/verbatim" ./generator)
mkdir -p "$work/hugo-src/layouts"
cp -R "$layouts"/. "$work/hugo-src/layouts/"

# The transcript saved: one in the middle of the archive, the same file in
# both sites.
file=$(cd "$work/verbatim-src/content/transcripts" && find . -name '*.md' | sort | sed -n "$((n / 2 + 1))p")
file=${file#./}
slug=$(basename "$file" .md)

server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; true' EXIT

# ready waits until one of the URLs answers 200 and prints it.
ready() {
  local i u
  for i in $(seq 1 1200); do
    for u in "$@"; do
      if curl -fs -o /dev/null "$u"; then echo "$u"; return 0; fi
    done
    sleep 0.1
  done
  echo "compare-saves: no page at $* after 120 s" >&2
  return 1
}

# saves appends a new word to $1 RUNS times and prints each save's time in
# ms, from the write to the page $2 holding it.
saves() {
  local src=$1 url=$2 i word t0 t1
  for i in $(seq 1 "$runs"); do
    word="savemark$RANDOM$i"
    sleep "${SETTLE:-10}" # the server idle again after the last save (serve updates search after the page)
    t0=$(date +%s%N)
    printf '\nAnd %s.\n' "$word" >>"$src"
    # Every 10 ms, not at once again: a polling loop with no pause takes
    # a core from the server it is timing.
    until curl -fs "$url" | grep -q "$word"; do sleep 0.01; done
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done
}

stats() { sort -n | awk '{a[NR] = $1} END {printf "%d ms | %d–%d ms", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR]}'; }

echo "Verbatim: serving, then $runs saves..." >&2
"$work/verbatim" serve --source "$work/verbatim-src" --destination "$work/verbatim-out" --addr 127.0.0.1:18431 >"$work/verbatim.log" 2>&1 &
server=$!
url=$(ready "http://127.0.0.1:18431/archive/transcripts/$slug/" "http://127.0.0.1:18431/transcripts/$slug/")
v=$(saves "$work/verbatim-src/content/transcripts/$file" "$url" | stats)
kill "$server"; wait "$server" 2>/dev/null || true

echo "Hugo: serving, then $runs saves..." >&2
"$hugo" server --source "$work/hugo-src" --port 18432 --bind 127.0.0.1 --baseURL http://127.0.0.1:18432/ >"$work/hugo.log" 2>&1 &
server=$!
year=${file%%/*}
url=$(ready "http://127.0.0.1:18432/transcripts/$year/$slug/" "http://127.0.0.1:18432/transcripts/$slug/")
h=$(saves "$work/hugo-src/content/transcripts/$file" "$url" | stats)
kill "$server"; wait "$server" 2>/dev/null || true
server=""

echo
echo "$n transcripts, $runs saves each of $file; $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
echo "| | a save, write to page served: median | fastest–slowest |"
echo "| --- | --- | --- |"
echo "| Verbatim \`serve\` | $v |"
echo "| Hugo $hugo_version \`server\` | $h |"
