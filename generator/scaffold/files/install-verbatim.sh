#!/usr/bin/env bash
# Installs a release of Verbatim's generator for this machine: downloads the
# binary for its system and processor from the release, checks its SHA-256
# against the release's SHA256SUMS, and installs it as DIR/generator. The
# Pages workflow runs it with the release it pins (VERBATIM_VERSION);
# "generator new site" wrote it, and "generator upgrade-workflow" updates it.
#
# Usage: bash install-verbatim.sh VERSION [DIR]
#   VERSION  a release, as in v0.4.0
#   DIR      where to install it (default ~/.local/bin); in a GitHub Actions
#            job the steps that follow find it on their PATH
# VERBATIM_RELEASES_URL, when set, is fetched from instead of
# @@RELEASES@@/download (a mirror, or a test's server).
set -euo pipefail

releases=@@RELEASES@@
die() {
  echo "install-verbatim: $*" >&2
  exit 1
}

version=${1:-}
[ -n "$version" ] || die "no version given; usage: install-verbatim.sh VERSION [DIR], as in: install-verbatim.sh v0.4.0"
case $version in
  v[0-9]*) ;;
  *) die "\"$version\" is not a release of Verbatim: write one as v0.4.0 (the releases: $releases)" ;;
esac
dir=${2:-$HOME/.local/bin}
base=${VERBATIM_RELEASES_URL:-$releases/download}
base=${base%/}

case $(uname -s) in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
  *) die "Verbatim has no binary for this system ($(uname -s)), only for Linux, macOS and Windows; install it with go install instead" ;;
esac
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "Verbatim has no binary for this processor ($(uname -m)), only for amd64 and arm64; install it with go install instead" ;;
esac
exe=
if [ "$os" = windows ]; then exe=.exe; fi
asset=verbatim-$version-$os-$arch$exe

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# status URL FILE downloads URL into FILE, following redirects, and prints
# the final HTTP status ("000" when no server answered).
status() {
  if command -v curl >/dev/null 2>&1; then
    curl -sSL --retry 3 -o "$2" -w '%{http_code}' "$1" || true
  elif command -v wget >/dev/null 2>&1; then
    { wget -S -q -t 3 -O "$2" "$1" 2>&1 || true; } | awk '$1 ~ /^HTTP\// { code = $2 } END { printf "%03d", code }'
  else
    die "needs curl or wget to download Verbatim"
  fi
}

# fetch WHAT URL FILE downloads URL into FILE, or stops saying why not.
fetch() {
  local code
  code=$(status "$2" "$3")
  case $code in
    200) ;;
    404) die "Verbatim $version was asked for, but there is no such release: $2 was not found (404). Check the version (VERBATIM_VERSION in .github/workflows/pages.yml) against the releases at $releases" ;;
    000) die "could not download the $1 of Verbatim $version from $2: no answer" ;;
    *) die "could not download the $1 of Verbatim $version from $2: HTTP status $code" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{ print $1 }'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{ print $1 }'
  else
    die "needs sha256sum or shasum to check the download"
  fi
}

fetch "checksums" "$base/$version/SHA256SUMS" "$tmp/SHA256SUMS"
want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
[ -n "$want" ] || die "the checksums of Verbatim $version list no $asset: that release has no binary for $os/$arch"
fetch "binary for $os/$arch" "$base/$version/$asset" "$tmp/$asset"
got=$(sha256 "$tmp/$asset")
if [ "$got" != "$want" ]; then
  die "checksum mismatch: $asset of Verbatim $version has SHA-256 $got, but the release's SHA256SUMS says $want. The download is damaged or is not the file that was released; nothing was installed."
fi

chmod 755 "$tmp/$asset"
said=$("$tmp/$asset" version) || die "$asset of Verbatim $version does not run on this machine"
said=${said%%$'\n'*}
[ "$said" = "verbatim $version" ] || die "$asset was asked for as Verbatim $version but says \"$said\"; nothing was installed"
mkdir -p "$dir"
mv -f "$tmp/$asset" "$dir/generator$exe"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >>"$GITHUB_PATH"
fi
echo "installed Verbatim $version ($os/$arch, SHA-256 $got) as $dir/generator$exe"
