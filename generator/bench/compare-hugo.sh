#!/usr/bin/env bash
# Times Verbatim and Hugo on the same synthetic archive, in one run, and
# prints for each tool the median wall time and CPU time (user plus
# system), the peak memory, the site's bytes and files, and the ratios
# Verbatim / Hugo, as a Markdown table. On a machine shared with other work
# the wall times grow with the load; the CPU times much less.
#
#   generator/bench/compare-hugo.sh [TRANSCRIPTS [RUNS]]    (from the repository's root;
#                                                            default: 2000 transcripts, 3 runs)
#
# Each tool builds RUNS + 1 times, turn about; the first build of each warms
# the caches and is not counted. Peak memory is the highest of the counted
# runs (GNU time's maximum resident set size).
#
# Needs Go and GNU time (/usr/bin/time; Debian's package "time"). Installs
# Hugo v0.150.0 with "go install" once, into $HUGO_BIN_DIR (default
# ~/.cache/verbatim-bench/bin): its build takes a few minutes.
# $WORDS (default: synth's 1,500) sets the words of a transcript: WORDS=10000
# writes transcripts of about 74 KB and 100 to 140 turns, the shape of long real ones.
# $BENCH_DIR (default: a folder under the system's temporary one) holds the
# archives and the sites; point it at a RAM disk (BENCH_DIR=/dev/shm/vb) to
# leave the disk out of the figures.
# Before each run the tool's last site is moved aside, and all of them are
# deleted after the last run: on ext4 without a journal, creating a file
# walks past every inode deleted in the last half minute, so a build just
# after "rm -rf" of the last site pays seconds of system time for the
# deletion, the more the more files both sites hold (journaled ext4, the
# usual, does not). DELETE_BEFORE=1 deletes the last site right before each
# run instead.
# "published" is the size of the tar archive the Pages workflow uploads,
# which GitHub Pages' 1 GB limit counts: the files plus about 1 KB each.
set -euo pipefail

n=${1:-2000}
runs=${2:-3}
hugo_version=v0.150.0
root=$(cd "$(dirname "$0")/../.." && pwd)
layouts=$root/generator/bench/hugo-layouts
work=${BENCH_DIR:-${TMPDIR:-/tmp}/verbatim-compare}
hugo_dir=${HUGO_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/verbatim-bench/bin}
hugo=$hugo_dir/hugo

[ -x /usr/bin/time ] || { echo "compare-hugo: needs GNU time at /usr/bin/time" >&2; exit 1; }
case $n$runs${WORDS:-0} in *[!0-9]*) echo "usage: $0 [TRANSCRIPTS [RUNS]]" >&2; exit 2 ;; esac

if ! "$hugo" version 2>/dev/null | grep -q "$hugo_version"; then
  echo "installing Hugo $hugo_version into $hugo_dir (once; a few minutes)..." >&2
  mkdir -p "$hugo_dir"
  (cd "$root" && GOBIN=$hugo_dir go install "github.com/gohugoio/hugo@$hugo_version")
fi

# The same transcripts for both tools, written afresh so that no archive of
# an older generator/synth is measured.
rm -rf "$work/verbatim-src" "$work/hugo-src" "$work/verbatim-out" "$work/hugo-out" "$work/old"
mkdir -p "$work"
echo "writing the archive of $n transcripts, twice (Verbatim's and Hugo's layout)..." >&2
(cd "$root" &&
  go run ./generator/internal/cmd/synth -n "$n" -words "${WORDS:-0}" -out "$work/verbatim-src" &&
  go run ./generator/internal/cmd/synth -n "$n" -words "${WORDS:-0}" -out "$work/hugo-src" -hugo &&
  go build -o "$work/verbatim" ./generator)
mkdir -p "$work/hugo-src/layouts"
cp -R "$layouts"/. "$work/hugo-src/layouts/"

# measure runs "$@" once, with its output going to a fresh $out, and
# prints "wall_seconds peak_kb cpu_seconds" (CPU: user plus system).
measure() {
  local out=$1
  shift
  if [ "${DELETE_BEFORE:-0}" = 1 ]; then
    rm -rf "$out"
  elif [ -e "$out" ]; then
    mkdir -p "$work/old"
    mv "$out" "$(mktemp -d "$work/old/site.XXXXXX")"
  fi
  if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"; then
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  awk '{print $1, $2, $3 + $4}' "$work/time.txt"
}

# The load average before and after says whether other work shared the
# cores: on a busy machine, take the ratios rather than the times.
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
declare -A times cpu peak
for tool in verbatim hugo; do times[$tool]=""; cpu[$tool]=""; peak[$tool]=0; done
for i in $(seq 0 "$runs"); do
  if [ "$i" -eq 0 ]; then echo "warm-up run..." >&2; else echo "run $i of $runs..." >&2; fi
  read -r t m c < <(measure "$work/verbatim-out" "$work/verbatim" build --source "$work/verbatim-src" --destination "$work/verbatim-out")
  if [ "$i" -gt 0 ]; then times[verbatim]+=" $t"; cpu[verbatim]+=" $c"; peak[verbatim]=$((m > peak[verbatim] ? m : peak[verbatim])); fi
  read -r t m c < <(measure "$work/hugo-out" "$hugo" build --quiet --source "$work/hugo-src" --destination "$work/hugo-out")
  if [ "$i" -gt 0 ]; then times[hugo]+=" $t"; cpu[hugo]+=" $c"; peak[hugo]=$((m > peak[hugo] ? m : peak[hugo])); fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
t_v=$(median ${times[verbatim]}); t_h=$(median ${times[hugo]})
c_v=$(median ${cpu[verbatim]}); c_h=$(median ${cpu[hugo]})
b_v=$(du -sb "$work/verbatim-out" | cut -f1); b_h=$(du -sb "$work/hugo-out" | cut -f1)
f_v=$(find "$work/verbatim-out" -type f | wc -l); f_h=$(find "$work/hugo-out" -type f | wc -l)
p_v=$(tar --directory "$work/verbatim-out" -cf - . | wc -c); p_h=$(tar --directory "$work/hugo-out" -cf - . | wc -c)
rm -rf "$work/old"
md=$(find "$work/verbatim-src/content/transcripts" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

echo
echo "$n transcripts ($((md / 1000000)) MB of Markdown), median of $runs runs after a warm-up; $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); output in $work"
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
awk -v tv="$t_v" -v th="$t_h" -v cv="$c_v" -v ch="$c_h" -v mv="${peak[verbatim]}" -v mh="${peak[hugo]}" \
  -v bv="$b_v" -v bh="$b_h" -v fv="$f_v" -v fh="$f_h" -v pv="$p_v" -v ph="$p_h" -v hv="$hugo_version" '
  function mb(bytes) { return sprintf("%.0f MB", bytes / 1e6) }
  BEGIN {
    print "| | build time | CPU time | peak memory | site bytes | published | files |"
    print "| --- | --- | --- | --- | --- | --- | --- |"
    printf "| Verbatim | %.2f s | %.2f s | %s | %s | %s | %d |\n", tv, cv, mb(mv * 1024), mb(bv), mb(pv), fv
    printf "| Hugo %s | %.2f s | %.2f s | %s | %s | %s | %d |\n", hv, th, ch, mb(mh * 1024), mb(bh), mb(ph), fh
    printf "| Verbatim / Hugo | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", tv / th, cv / ch, mv / mh, bv / bh, pv / ph, fv / fh
  }'
