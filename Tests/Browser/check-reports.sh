#!/usr/bin/env bash
# check-reports.sh GRADER REPORTS OUTDIR [SCREENSHOT.png]
#
# The HTML reports in a real browser (Debian's chromium-headless-shell): opens the class page of
# REPORTS (a `grader batch` of the sample class, Examples/submissions) and one student's page, and
# from the DOM the browser rendered (after the page's own script ran) checks that the histograms,
# the pass rates, the verdicts, the mistakes and the students' table are there with summary.json's
# and grades.csv's numbers, that sorting and filtering work, that no script error occurred; then
# grades a class holding a student whose folder is named `<img src=x onerror=alert(1)>` and whose
# submission prints (and fails to compile on) markup meant to run a script, and checks that
# nothing of it runs or becomes markup; a deliberately unescaped copy of that page must fail the
# same check. GRADER is the grader binary, run from the package root. SCREENSHOT, when given,
# receives the class page's screenshot (the README's). Exit 0 when every check passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 GRADER REPORTS OUTDIR [SCREENSHOT.png]" >&2; exit 2; }
grader=$(realpath "$1") reports=$(realpath "$2") out=$3 shot=${4:-}
mkdir -p "$out" && out=$(realpath "$out")
export READY_MARKER='data-report-ready="1"'
check() { "$here/check-page.sh" "$@"; }
assert() { python3 "$here/assert-dom.py" "$@"; }

echo "-- the class page"
WINDOW_SIZE=1280,1600 check "$reports/index.html" "$out/class"
assert class "$out/class/dom.html" "$reports"
PAGE_FRAGMENT='#sort=total&order=descending' check "$reports/index.html" "$out/sorted"
assert sorted "$out/sorted/dom.html" total descending
PAGE_FRAGMENT='#filter=crashed' check "$reports/index.html" "$out/filtered"
assert filtered "$out/filtered/dom.html" crashed
# A malformed address must not stop the script (the ready marker is its last statement).
PAGE_FRAGMENT='#filter=%E0%A4%A&sort=nothing' check "$reports/index.html" "$out/malformed"

echo "-- a student's page"
check "$reports/carol/index.html" "$out/carol"
assert student "$out/carol/dom.html" "$reports/carol" carol

echo "-- a hostile student"
name='<img src=x onerror=alert(1)>'
class=$out/hostile-class hostile=$out/hostile-reports
rm -rf "$class" "$hostile" && mkdir -p "$class"
cp -R "$root/Tests/Fixtures/hostile-html" "$class/$name"
cp -R "$root/Examples/submissions/carol" "$class/carol"
(cd "$root" && "$grader" batch "$class" --out "$hostile" --jobs 2 >"$out/hostile-batch.log" 2>&1) \
  || { cat "$out/hostile-batch.log" >&2; exit 1; }
page=$hostile/$name/index.html
[ -f "$page" ] || { echo "check-reports: no page for the hostile student" >&2; exit 1; }
check "$hostile/index.html" "$out/hostile-class-page"
assert inert "$out/hostile-class-page/dom.html" "$name"
check "$page" "$out/hostile-page"
assert inert "$out/hostile-page/dom.html" "$name" \
  "</pre></td></tr></table><script>console.log('xss-canary script');document.title='pwned'</script>" \
  "<img src=x onerror=\"console.log('xss-canary img');document.title='pwned'\"><b class=xss-canary>b</b>" \
  "<script>console.log('xss-canary diagnostics')</script>"
for dom in "$out/hostile-class-page/dom.html" "$out/hostile-page/dom.html"; do
  if grep -qF 'onerror="alert(1)"' "$dom"; then echo "check-reports: the folder name became markup in $dom" >&2; exit 1; fi
done

echo "-- control: the same page unescaped must fail"
sed "s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&#39;/'/g" "$page" >"$out/unescaped.html"
if TIMEOUT=20 check "$out/unescaped.html" "$out/unescaped" 2>"$out/unescaped.stderr"; then
  echo "check-reports: an unescaped page passed the check: the check cannot see an injection" >&2
  exit 1
fi
sed 's/^/   (expected) /' "$out/unescaped.stderr"

if [ -n "$shot" ]; then cp "$out/class/screenshot.png" "$shot"; echo "screenshot of the class page: $shot"; fi
echo "check-reports: every page passed in $(chromium-headless-shell --version 2>/dev/null || echo chromium)"
