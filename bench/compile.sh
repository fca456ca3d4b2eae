#!/usr/bin/env bash
# The compile stage of a cold `grader run` and the cost of loop-style code (issue 15), in one run:
#   1. a cold `grader run` fc-backward (alice) with the direct compile (swift-frontend and ld.lld
#      run by the grader), the same grader with GRADER_COMPILE=driver (the swiftc driver, as before
#      issue 15), and a bare `swiftc -emit-library` of the same file: wall times and compileSeconds
#   2. the compile's steps on their own: the grader's swiftc command, and what it runs
#      (swift-frontend, swift-autolink-extract, clang with ld.gold), the recipe's ld.lld
#   3. loop-style (bob) vs Tensor-style (alice) fc-backward: compile + run of a cold `grader run`
#   4. bob with `largeCase` on: the whole run against a quarter of the time limit
# Compared commands run in alternating rounds (benchlib.py interleave), pieces with hyperfine;
# values are medians, ratios are within this run. Prints a markdown section (nothing is appended).
#
# usage: bench/compile.sh [ROUNDS]     (default 10 rounds after 1 warm-up)
# Needs the Swift toolchain, python3 and hyperfine (as bench/run.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
RUNS="${1:-10}"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
LIB="$here/benchlib.py"
lib() { "$PY" "$LIB" "$@"; }
log() { printf '[compile-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v hyperfine >/dev/null || { log "hyperfine is needed (apt-get install hyperfine)"; exit 1; }
SWIFTC="${SWIFTC:-$(command -v swiftc)}"

log "swift build -c release"
swift build -c release >/tmp/compile-bench-build.$$.log 2>&1 || { cat /tmp/compile-bench-build.$$.log >&2; exit 1; }
rm -f /tmp/compile-bench-build.$$.log
GRADER="$root/.build/release/grader"

WORK="$(mktemp -d /tmp/bpg-compile-bench.XXXXXX)"
chmod 755 "$WORK"
trap '[ "${BENCH_KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"' EXIT
CACHE="$WORK/cache"
mkdir -p "$CACHE" && chmod 755 "$CACHE"
ALICE="$root/Examples/submissions/alice/FullyConnected.swift"
BOB="$root/Examples/submissions/bob/FullyConnected.swift"

log "building the kit and the compile recipe in a fresh cache"
GRADER_CACHE_DIR="$CACHE" "$GRADER" run --exercise fc-backward --submission Examples/submissions/alice --format json \
    >/dev/null
KIT="$(find "$CACHE/kits" -mindepth 1 -maxdepth 1 -type d ! -name '*-module-cache' ! -name '*.staging-*' | sed -n 1p)"
RECIPE="$(find "$CACHE/recipes" -name '*.json' | sed -n 1p)"

# run NAME CACHE [ENV...] -- SUBMISSION_DIR: a cold grader run whose report is kept for its timings
reports="$WORK/reports"
mkdir -p "$reports"
cold() { # cold NAME SOURCE ENV CONFIG -> an interleave spec
    local name="$1" source="$2" env="$3" config="${4:-}"
    local sub="$WORK/sub-$name"
    mkdir -p "$sub" "$reports/$name"
    echo "$name:::$PY $LIB unique $source $sub/FullyConnected.swift:::env GRADER_CACHE_DIR=$CACHE $env $GRADER run --exercise fc-backward --submission $sub --format json ${config:+--config $config} >$reports/$name/\$(date +%s%N).json"
}
timing() { # timing NAME KEY -> the median of the reports' timings[KEY]
    "$PY" - "$reports/$1" "$2" <<'EOF'
import json, os, statistics, sys
values = []
for name in os.listdir(sys.argv[1]):
    with open(os.path.join(sys.argv[1], name)) as handle:
        values.append(json.load(handle)["timings"][sys.argv[2]])
print("%.6f" % statistics.median(values[1:] if len(values) > 1 else values))
EOF
}
ms() { awk -v v="$1" 'BEGIN { printf "%.1f ms", v * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---------------------------------------------------------------- 1
log "1: cold grader run (direct, driver) vs bare swiftc, $RUNS rounds"
mkdir -p "$WORK/bare"
lib interleave "$RUNS" 1 "$WORK/one.json" \
    "$(cold direct "$ALICE" "")" \
    "$(cold driver "$ALICE" GRADER_COMPILE=driver)" \
    "bare:::$PY $LIB unique $ALICE $WORK/bare/FullyConnected.swift:::$SWIFTC -emit-library -parse-as-library -I $KIT -L $KIT -lExerciseKit $WORK/bare/FullyConnected.swift -o $WORK/bare.so"
direct=$(lib median "$WORK/one.json" direct)
driver=$(lib median "$WORK/one.json" driver)
bare=$(lib median "$WORK/one.json" bare)
direct_compile=$(timing direct compileSeconds)
driver_compile=$(timing driver compileSeconds)

# ---------------------------------------------------------------- 2
log "2: the steps on their own (hyperfine, $RUNS runs each)"
# The sandboxed compiler can write only its own folders: without namespaces (where the paths are the
# host's), a wrapper swiftc copies the command line and the sources into the throwaway cache's module
# cache, one of them.
capture="$WORK/capture"
mkdir -p "$capture/usr/bin" "$WORK/capture-cache"
chmod 755 "$capture" "$WORK/capture-cache"
usr="$(cd "$(dirname "$SWIFTC")/.." && pwd)"
ln -s "$usr/lib" "$capture/usr/lib"
ln -s "$usr/bin/swift-frontend" "$capture/usr/bin/swift-frontend"
[ -d "$usr/libexec" ] && ln -s "$usr/libexec" "$capture/usr/libexec"
cat >"$capture/usr/bin/swiftc" <<EOF
#!/bin/sh
cache=""
previous=""
for a in "\$@"; do [ "\$previous" = -module-cache-path ] && cache="\$a"; previous="\$a"; done
case " \$* " in *" -### "*) ;; *" -module-name Submission "*)
    mkdir -p "\$cache/bench-capture" && printf "%s\n" "\$@" >"\$cache/bench-capture/args"
    for a in "\$@"; do case "\$a" in *.swift) cp "\$a" "\$cache/bench-capture/" ;; esac; done ;;
esac
exec "$SWIFTC" "\$@"
EOF
chmod +x "$capture/usr/bin/swiftc"
mkdir -p "$WORK/cap-sub"
lib unique "$ALICE" "$WORK/cap-sub/FullyConnected.swift"
SWIFTC="$capture/usr/bin/swiftc" GRADER_COMPILE=driver GRADER_NAMESPACES=0 GRADER_CACHE_DIR="$WORK/capture-cache" \
    "$GRADER" run --exercise fc-backward --submission "$WORK/cap-sub" --format json >/dev/null 2>&1 || true
# (the wrapper is another toolchain's path: the capture cache has a kit of its own)
calls="$(echo "$WORK"/capture-cache/kits/*-module-cache/bench-capture)"
[ -f "$calls/args" ] || { log "the plugin compile was not captured"; exit 1; }
cp -r "$calls" "$capture/calls"
# The captured driver command on the captured files, outside the sandbox; its plan (-###) gives the steps.
"$PY" - "$capture/calls" "$SWIFTC" "$WORK/steps" "$RECIPE" "$KIT" <<'EOF'
import json, os, shlex, subprocess, sys
capture, swiftc, out, recipe_path, kit = sys.argv[1:]
os.makedirs(out, exist_ok=True)
args = open(os.path.join(capture, "args")).read().split("\n")[:-1]
files, driver, skip = [], [], False
for index, arg in enumerate(args):
    if skip:
        skip = False
        continue
    if arg == "-o":
        driver += ["-o", os.path.join(out, "driver.so")]
        skip = True
    elif arg.endswith(".swift"):
        files.append(os.path.join(capture, os.path.basename(arg)))
        driver.append(files[-1])
    else:
        driver.append(arg)
write = lambda name, words: open(os.path.join(out, name), "w").write(" ".join(shlex.quote(w) for w in words) + "\n")
write("driver.sh", [swiftc] + driver)
plan = subprocess.run([swiftc] + driver + ["-###"], capture_output=True, text=True, cwd=out).stdout.splitlines()
frontend, autolink, clang = (shlex.split(line) for line in plan[:3])
obj, table = os.path.join(out, "step.o"), os.path.join(out, "step.autolink")
def drop_map(words):
    if "-supplementary-output-file-map" in words:
        i = words.index("-supplementary-output-file-map")
        return words[:i] + words[i + 2:]
    return words
frontend = [obj if (w.endswith(".o") and "TemporaryDirectory" in w) else w for w in drop_map(frontend)]
autolink = [obj if w.endswith(".o") else table if w.endswith(".autolink") else w for w in autolink]
clang = [obj if (w.endswith(".o") and "TemporaryDirectory" in w) else ("@" + table if w.startswith("@") else w) for w in clang]
clang = [os.path.join(out, "clang.so") if (i > 0 and clang[i - 1] == "-o") else w for i, w in enumerate(clang)]
write("frontend.sh", frontend)
write("autolink.sh", autolink)
write("clang.sh", clang)
subprocess.run(frontend, check=True)
subprocess.run(autolink, check=True)
recipe = json.load(open(recipe_path))["recipe"]
entries = open(table).read().split()
linker = []
for w in recipe["linker"]:
    if w == "{object}": linker.append(obj)
    elif w == "{autolink}": linker += entries
    elif w == "{output}": linker.append(os.path.join(out, "lld.so"))
    else: linker.append(w.replace("{kit}", kit).replace("{work}", out))
write("lld.sh", linker)
direct = []
for w in recipe["frontend"]:
    if w == "{inputs}": direct += files
    elif w == "{object}": direct.append(os.path.join(out, "direct.o"))
    else: direct.append(w.replace("{kit}", kit).replace("{work}", out))
write("direct-frontend.sh", direct)
EOF
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/steps.json" \
    "sh $WORK/steps/driver.sh" "sh $WORK/steps/frontend.sh" "sh $WORK/steps/direct-frontend.sh" \
    "sh $WORK/steps/autolink.sh" "sh $WORK/steps/clang.sh" "sh $WORK/steps/lld.sh" >/dev/null
step() { "$PY" -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if sys.argv[2] in x["command"]][0]; print(r["median"])' "$WORK/steps.json" "$1"; }

# ---------------------------------------------------------------- 3 and 4
log "3: loop-style (bob) vs Tensor-style (alice) cold runs, $RUNS rounds"
lib interleave "$RUNS" 1 "$WORK/style.json" "$(cold alice "$ALICE" "")" "$(cold bob "$BOB" "")"
alice=$(lib median "$WORK/style.json" alice)
bob=$(lib median "$WORK/style.json" bob)

log "4: bob with largeCase on (3 rounds)"
"$PY" - "$root/grader.json" "$WORK/large.json" "$root" <<'EOF'
import json, os, sys
config = json.load(open(sys.argv[1]))
for exercise in config["exercises"]:
    exercise["largeCase"] = True
    for key in ("template", "reference"):
        exercise[key] = os.path.join(sys.argv[3], exercise[key])
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF
limit=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["timeLimitSeconds"])' "$WORK/large.json")
GRADER_CACHE_DIR="$CACHE" "$GRADER" run --exercise fc-backward --submission Examples/submissions/alice \
    --config "$WORK/large.json" --format json >/dev/null
lib interleave 3 0 "$WORK/large-runs.json" "$(cold large "$BOB" "" "$WORK/large.json")"
large=$(lib median "$WORK/large-runs.json" large)
large_score=$("$PY" -c 'import json,os,sys; d=sys.argv[1]; f=sorted(os.listdir(d))[-1]; r=json.load(open(os.path.join(d,f))); print("%g/%g" % (r["score"], r["maxScore"]))' "$reports/large")

# ---------------------------------------------------------------- the section
cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/compile.sh, commit $(git rev-parse --short HEAD) ($(git status --porcelain | grep -vc '^??' || true) modified files)

- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $("$SWIFTC" --version 2>&1 | sed -n 1p)
- load average (1 min) during the rounds: $(lib loads "$WORK/one.json") (1), $(lib loads "$WORK/style.json") (3); medians of $RUNS rounds after a warm-up

| # | what | median | ratio |
|---|---|---|---|
| 1a | cold \`grader run\` fc-backward (alice), direct compile | $(ms "$direct") | $(ratio "$direct" "$bare") of bare swiftc |
| 1b | … its compileSeconds | $(ms "$direct_compile") | $(ratio "$direct_compile" "$bare") of bare swiftc |
| 1c | the same grader with GRADER_COMPILE=driver (the swiftc driver) | $(ms "$driver") | $(ratio "$driver" "$bare") of bare swiftc |
| 1d | … its compileSeconds | $(ms "$driver_compile") | $(ratio "$driver_compile" "$bare") of bare swiftc |
| 1e | bare \`swiftc -emit-library -parse-as-library -I KIT -L KIT -lExerciseKit FullyConnected.swift\` | $(ms "$bare") | 1 |
| 2a | the grader's swiftc command (3 files, the grader's flags), outside the sandbox | $(ms "$(step driver.sh)") | |
| 2b | … its swift-frontend step | $(ms "$(step /frontend.sh)") | |
| 2c | … its swift-autolink-extract step | $(ms "$(step autolink.sh)") | |
| 2d | … its clang step (runs ld.gold) | $(ms "$(step clang.sh)") | |
| 2e | the recipe's swift-frontend (the direct path's first step), outside the sandbox | $(ms "$(step direct-frontend.sh)") | |
| 2f | the recipe's ld.lld (the direct path's second step), outside the sandbox | $(ms "$(step lld.sh)") | |
| 3a | cold \`grader run\` fc-backward, Tensor-style (alice) | $(ms "$alice") (compile $(ms "$(timing alice compileSeconds)"), run $(ms "$(timing alice runSeconds)")) | 1 |
| 3b | cold \`grader run\` fc-backward, loop-style (bob) | $(ms "$bob") (compile $(ms "$(timing bob compileSeconds)"), run $(ms "$(timing bob runSeconds)")) | $(ratio "$bob" "$alice") of alice |
| 4 | bob with largeCase on (score $large_score), median of 3 | $(ms "$large") (compile $(ms "$(timing large compileSeconds)"), run $(ms "$(timing large runSeconds)")) | $(ratio "$large" "$limit") of the ${limit} s time limit |
EOF
