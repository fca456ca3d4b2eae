#!/usr/bin/env bash
# From the tested recipe in the project's notes on checking a static HTML report in a real browser
# (Debian's chromium-headless-shell, --dump-dom, --screenshot, console records on stderr, the
# injection canary), less its DevTools engine, plus PAGE_FRAGMENT.
# check-page.sh PAGE.html OUTDIR
#
# Loads a local static HTML page in Debian's headless Chromium (package
# chromium-headless-shell, binary /usr/bin/chromium-headless-shell), lets its
# scripts run, and writes:
#   OUTDIR/dom.html            rendered DOM after scripts ran (--dump-dom)
#   OUTDIR/screenshot.png      PNG of the window (WINDOW_SIZE), not the full page
#   OUTDIR/console.log         every console message / uncaught exception, one
#                              record per message (multi-line messages kept)
#   OUTDIR/browser-stderr.log  Chromium's complete stderr (dbus noise etc.)
#   OUTDIR/errors.txt          why the check failed (empty when it passed)
# Exit status: 0 clean; 1 JavaScript error/uncaught exception, injection canary
#   or missing ready marker; 2 usage; 3 browser failed (crash, timeout - e.g. a
#   page that calls alert() blocks headless Chromium forever - or no output).
#
# Pure bash + coreutils + the browser; no npm/pip. Used by check-reports.sh.
# Environment knobs (all optional):
#   CHROME         browser binary (default: chromium-headless-shell, else chromium)
#   WINDOW_SIZE    viewport and screenshot size, default 1280,2000
#   TIMEOUT        seconds before the browser is killed, default 60
#   VTIME_BUDGET   --virtual-time-budget in ms (timers up to this run, fast-
#                  forwarded; not real time), default 5000; 0 disables it
#   READY_MARKER   string that must appear in dom.html, e.g. data-report-ready="1"
#                  (set by the page's own script as its last statement)
#   CANARY         injection canary, default xss-canary (see NOTES.md); fail if
#                  it shows up in a console message or as an element/attribute
#                  in the DOM.  Empty disables.
#   FAIL_REGEX     extra ERE; console records matching it also fail the check
#                  (console.error is NOT distinguishable from console.log in
#                  the log output, so use a text convention like "ERROR:")
#   EXTERNAL_CHECK 1 (default): fail if the rendered DOM references http(s)://
#                  or //host resources (src/href on img/script/link/..., CSS url())
#   PAGE_FRAGMENT  appended to the page's URL, e.g. '#filter=carol' (backprop-grader:
#                  the report's script reads its table's filter and order from it)
set -u

usage() { echo "usage: $0 PAGE.html OUTDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
page=$1 outdir=$2
[ -f "$page" ] || { echo "check-page: no such file: $page" >&2; exit 2; }

WINDOW_SIZE=${WINDOW_SIZE:-1280,2000}
TIMEOUT=${TIMEOUT:-60}
VTIME_BUDGET=${VTIME_BUDGET:-5000}
READY_MARKER=${READY_MARKER:-}
CANARY=${CANARY-xss-canary}
FAIL_REGEX=${FAIL_REGEX:-}
EXTERNAL_CHECK=${EXTERNAL_CHECK:-1}

if [ -z "${CHROME:-}" ]; then
  for c in chromium-headless-shell chromium; do
    if command -v "$c" >/dev/null 2>&1; then CHROME=$(command -v "$c"); break; fi
  done
fi
[ -n "${CHROME:-}" ] || { echo "check-page: no chromium found (apt-get install chromium-headless-shell)" >&2; exit 3; }

mkdir -p "$outdir" || exit 3
outdir=$(cd "$outdir" && pwd)
abs=$(realpath "$page") || exit 2
# file:// URL: percent-encode the characters that would break it.
enc=$abs
enc=${enc//%/%25}; enc=${enc// /%20}; enc=${enc//#/%23}; enc=${enc//\?/%3F}
url="file://$enc${PAGE_FRAGMENT:-}"

dom=$outdir/dom.html shot=$outdir/screenshot.png con=$outdir/console.log
err=$outdir/browser-stderr.log errs=$outdir/errors.txt
rm -f "$dom" "$shot" "$con" "$err" "$errs"
: >"$errs"

# Private profile per run so that parallel runs never share state or locks.
profile=$(mktemp -d "${TMPDIR:-/tmp}/check-page-profile.XXXXXX") || exit 3
trap 'rm -rf "$profile"' EXIT

flags=(
  --no-sandbox                 # root in a container: sandbox refuses to start
  --disable-gpu                # no GPU; software rendering only
  --disable-dev-shm-usage      # small /dev/shm in Docker (64 MB) crashes renderers
  --user-data-dir="$profile"   # isolated, throw-away profile
  --enable-logging=stderr      # console lines to stderr (the shell does it anyway,
                               # full `chromium --headless` only with this flag)
  --no-first-run --no-default-browser-check --disable-extensions
  --disable-background-networking --disable-component-update --disable-sync
  --hide-scrollbars            # stable screenshots
  --force-device-scale-factor=1
  --window-size="$WINDOW_SIZE"
  --screenshot="$shot"
  --dump-dom
)
case $(basename "$CHROME") in
  chromium|chromium-browser|google-chrome*) flags=(--headless "${flags[@]}") ;;
esac
[ "$VTIME_BUDGET" -gt 0 ] 2>/dev/null && flags+=(--virtual-time-budget="$VTIME_BUDGET")

start=$(date +%s.%N)
# timeout: TERM the whole process group (browser + zygote + renderers) after
# TIMEOUT s, KILL 5 s later.  stdin from /dev/null: nothing can block on it.
timeout -k 5 "$TIMEOUT" "$CHROME" "${flags[@]}" "$url" \
  >"$dom" 2>"$err" </dev/null
rc=$?
end=$(date +%s.%N)
# After a timeout the TERMed renderers/zygote may need a moment to exit; wait
# for the processes of *this* run (found by its unique profile path), then
# KILL any survivor by pid, before the profile directory is removed.
for _ in $(seq 25); do
  pids=$(pgrep -f -- "--user-data-dir=$profile" || true)
  [ -z "$pids" ] && break
  sleep 0.2
done
[ -n "${pids:-}" ] && kill -KILL $pids 2>/dev/null

# Console records: a Chromium log line starts with "[MMDD/HHMMSS.micro:"
# (headless shell) or "[PID:TID:MMDD/HHMMSS.micro:" (full chromium);
# console lines are ...:INFO:CONSOLE:LINE] "msg", source: URL (LINE)
# (older builds: INFO:CONSOLE(LINE)).  Continuation lines of a multi-line
# message do not start with "[" + timestamp and belong to the record before.
# Chromium's own unprefixed lines ("N bytes written to file ...", "DevTools
# listening on ...") end a record too.
awk '
  /^\[([0-9]+:)*[0-9]+\/[0-9]+\.[0-9]+:[A-Z0-9_]+:/ { incon = ($0 ~ /:CONSOLE[:(][0-9]+[)]?\]/) }
  /^[0-9]+ bytes written to file / || /^DevTools listening on / { incon = 0 }
  incon { print }
' "$err" >"$con"

fail() { echo "$1" >>"$errs"; }

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  fail "browser timed out after ${TIMEOUT}s (a page that calls alert()/confirm()/prompt() blocks headless Chromium forever; or an endless loop)"
elif [ "$rc" -ne 0 ]; then
  fail "browser exited with status $rc (crash? see browser-stderr.log; no fonts installed makes Chromium abort with status 133)"
fi
[ -s "$dom" ] || fail "dom.html is empty"
[ -s "$shot" ] || fail "screenshot.png was not written"

# Uncaught exceptions (incl. SyntaxError and "Uncaught (in promise)").
# Only the first physical line of each record carries the prefix.
grep -E '^\[[^]]*:CONSOLE[:(][0-9]+[)]?\] "Uncaught ' "$con" >"$outdir/.uncaught" 2>/dev/null
if [ -s "$outdir/.uncaught" ]; then
  fail "uncaught JavaScript exception(s):"
  sed 's/^/  /' "$outdir/.uncaught" >>"$errs"
fi
rm -f "$outdir/.uncaught"

if [ -n "$FAIL_REGEX" ] && grep -Eq -- "$FAIL_REGEX" "$con"; then
  fail "console message(s) matching FAIL_REGEX ($FAIL_REGEX):"
  grep -E -- "$FAIL_REGEX" "$con" | sed 's/^/  /' >>"$errs"
fi

if [ -n "$CANARY" ]; then
  if grep -qiF -- "$CANARY" "$con"; then
    fail "injection canary '$CANARY' reached the console: injected script executed"
  fi
  # In the serialized DOM text is escaped (&lt;) and attribute values get
  # quotes; an escaped payload written unquoted (class=xss-canary) only turns
  # into ="xss-canary" or <xss-canary when it became real markup.
  if [ -s "$dom" ] && grep -qiE -- "(<$CANARY[ />]|=\"$CANARY\")" "$dom"; then
    fail "injection canary '$CANARY' is an element/attribute in the rendered DOM: markup was injected"
  fi
fi

# Static check of the rendered DOM for resources that would be fetched from
# the network (the stderr log does not show failed loads).  Heuristic:
# src/href/srcset on resource elements, CSS url() and @import with http(s)://
# or protocol-relative //.  <a href="https://..."> links are allowed.
if [ "$EXTERNAL_CHECK" = 1 ] && [ -s "$dom" ]; then
  grep -oiE "<(script|link|img|iframe|frame|source|video|audio|track|embed|object|input|image|use|feimage)[^>]*[[:space:]](src|href|xlink:href|srcset|data|poster)=\"[[:space:]]*(https?:)?//[^\"]*\"|url\([\"' ]*(https?:)?//[^)]*\)|@import[[:space:]]+[\"']?(url\()?[\"']?(https?:)?//[^;]*" "$dom" >"$outdir/.external" 2>/dev/null
  if [ -s "$outdir/.external" ]; then
    fail "external resource reference(s) in the rendered DOM:"
    cut -c1-300 "$outdir/.external" | sed 's/^/  /' >>"$errs"
  fi
  rm -f "$outdir/.external"
fi

if [ -n "$READY_MARKER" ] && [ -s "$dom" ] && ! grep -qF -- "$READY_MARKER" "$dom"; then
  fail "ready marker '$READY_MARKER' missing from dom.html: the page's script did not finish"
fi

secs=$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.2f", e-s}')
n=$(grep -cE '^\[[^]]*:CONSOLE' "$con")
if [ -s "$errs" ]; then
  echo "check-page: FAIL $page (${secs}s, $n console records)" >&2
  sed 's/^/  /' "$errs" >&2
  if [ "$rc" -ne 0 ]; then exit 3; fi
  exit 1
fi
echo "check-page: OK $page (${secs}s, $n console records)" >&2
exit 0
