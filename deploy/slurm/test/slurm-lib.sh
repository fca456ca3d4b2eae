# shellcheck shell=bash
# slurm-lib.sh: a throw-away one-node Slurm cluster (Debian 12, Slurm 22.05, munge 0.5.15)
# whose every file lives under one temporary folder. Source it, then:
#
#   slurm_install                         apt-get the packages (non-interactive, no services started)
#   slurm_start [BASE]                    munged + slurmctld + slurmd under BASE (default: mktemp -d)
#   slurm_submit_array N [sbatch opts] -- CMD [ARGS...]     prints the array job id
#   slurm_submit_after JOBID [sbatch opts] -- CMD [ARGS...] afterok:JOBID, prints the job id
#   slurm_wait JOBID [TIMEOUT_S]          0 when every task COMPLETED with exit 0:0
#   slurm_stop                            cancel jobs, stop the daemons by pid, check none is left
#
# Set `trap slurm_stop EXIT` right after sourcing: slurm_stop is idempotent and safe to call
# when nothing was started. Needs root (Slurm runs with SlurmUser=root; munged runs as `munge`).
#
# Variables (all optional): SLURM_BASE (folder), SLURM_CTLD_PORT / SLURM_SLURMD_PORT (default:
# the first free pair from 6817/6818 up), SLURM_START_TIMEOUT (s, default 60),
# SLURM_PARTITION (default "ci"), SLURM_LIB_QUIET=1 (no progress lines), SLURM_REMOVE_BASE=1
# (slurm_stop deletes the folder; by default it is kept, with the logs, for CI artifacts).
# After slurm_start: SLURM_CONF is exported (every client command reads it), and
# SLURM_LOG_DIR (= $SLURM_BASE/log) holds the daemons' logs; job output goes where --output says
# (default $SLURM_BASE/jobs/%x_%A_%a.out).

SLURM_PACKAGES=(slurmctld slurmd slurm-client munge)

_slurm_now() { date +%s.%N; }
_slurm_elapsed() { awk -v a="$1" -v b="$(_slurm_now)" 'BEGIN { printf "%.2f", b - a }'; }
_slurm_log() { [ "${SLURM_LIB_QUIET:-0}" = 1 ] || echo "[slurm-lib] $*" >&2; }
_slurm_die() { echo "[slurm-lib] ERROR: $*" >&2; return 1; }

# --- install ---------------------------------------------------------------------------------

slurm_install() {
    [ "$(id -u)" = 0 ] || { _slurm_die "slurm_install needs root"; return 1; }
    local missing=() p t0
    for p in "${SLURM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        _slurm_log "packages already installed: ${SLURM_PACKAGES[*]}"
        SLURM_INSTALL_SECONDS=0
        return 0
    fi
    t0=$(_slurm_now)
    # The packages' maintainer scripts would start munge (it ships an init script) and try
    # slurmctld/slurmd: a policy-rc.d answering 101 forbids every service start during the install.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
    fi
    local rc=0
    # Lock::Timeout: another apt (unattended-upgrades, a parallel step) may hold the lock.
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq || rc=$?
    if [ $rc -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
            --no-install-recommends -o Dpkg::Options::=--force-confdef \
            -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null || rc=$?
    fi
    [ $own_policy = 1 ] && rm -f "$policy"
    SLURM_INSTALL_SECONDS=$(_slurm_elapsed "$t0")
    [ $rc -eq 0 ] || { _slurm_die "apt-get failed ($rc)"; return 1; }
    _slurm_log "installed ${missing[*]} in ${SLURM_INSTALL_SECONDS}s"
}

# --- helpers ---------------------------------------------------------------------------------

# Is TCP port $1 free on this host? (a connect to loopback only)
_slurm_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Does pid $1 run a program whose command line contains $2? (guards against a reused pid)
_slurm_pid_matches() {
    local pid=$1 needle=$2
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# Stop pid $1 (if its command line contains $2): SIGTERM, wait up to $3 s, then SIGKILL.
_slurm_kill_pid() {
    local pid=$1 needle=$2 wait_s=${3:-10} name=${4:-process} i
    _slurm_pid_matches "$pid" "$needle" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait_s * 10; i++)); do
        _slurm_pid_matches "$pid" "$needle" || { _slurm_log "stopped $name (pid $pid)"; return 0; }
        sleep 0.1
    done
    _slurm_log "$name (pid $pid) ignored SIGTERM for ${wait_s}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        _slurm_pid_matches "$pid" "$needle" || return 0
        sleep 0.1
    done
    _slurm_die "$name (pid $pid) survived SIGKILL"
}

# Pids of processes whose initial environment carries SLURM_CI_DAEMON=$SLURM_BASE: the daemons
# and everything slurmd forked (slurmstepd), which inherit slurmd's environment.
_slurm_marked_pids() {
    local f pid
    for f in /proc/[0-9]*/environ; do
        pid=${f#/proc/}; pid=${pid%/environ}
        [ "$pid" = $$ ] || [ "$pid" = "${BASHPID:-$$}" ] && continue
        grep -qzxF "SLURM_CI_DAEMON=$SLURM_BASE" "$f" 2>/dev/null && echo "$pid"
    done
    return 0
}

_slurm_wait_for() { # TIMEOUT_S DESCRIPTION COMMAND...
    local timeout=$1 what=$2 i; shift 2
    for ((i = 0; i < timeout * 5; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    _slurm_die "timed out after ${timeout}s waiting for $what"
}

_slurm_node_ready() {
    local st
    st=$(sinfo -h -N -n "$SLURM_NODENAME" -o '%T' 2>/dev/null) || return 1
    case "$st" in idle* | mixed* | allocated*) return 0 ;; *) return 1 ;; esac
}

_slurm_dump_logs() {
    local f
    for f in "$SLURM_BASE"/log/*.log "$SLURM_BASE"/log/*.out "$SLURM_BASE"/munge/log/*; do
        [ -s "$f" ] || continue
        echo "----- tail of $f" >&2
        tail -n 25 "$f" >&2
    done
}

# --- start -----------------------------------------------------------------------------------

slurm_start() {
    [ "$(id -u)" = 0 ] || { _slurm_die "slurm_start needs root"; return 1; }
    local t0 b
    t0=$(_slurm_now)
    for b in slurmctld slurmd munged mungekey scontrol sbatch sinfo; do
        command -v "$b" >/dev/null || { _slurm_die "$b not found: run slurm_install"; return 1; }
    done
    getent passwd munge >/dev/null || { _slurm_die "no munge user (munge package missing?)"; return 1; }

    SLURM_BASE=${1:-${SLURM_BASE:-}}
    if [ -z "$SLURM_BASE" ]; then
        SLURM_BASE=$(mktemp -d /tmp/slurm-ci.XXXXXX) || return 1
    fi
    mkdir -p "$SLURM_BASE" && SLURM_BASE=$(cd "$SLURM_BASE" && pwd -P) || return 1
    export SLURM_BASE
    # A reused folder: stop whatever a previous run left there, then start from clean state.
    if [ -e "$SLURM_BASE/run/pids" ]; then
        _slurm_log "reusing $SLURM_BASE: stopping what an earlier run left"
        slurm_stop || return 1
    fi
    rm -rf "${SLURM_BASE:?}"/{etc,munge,state,spool,log,run,jobs}
    # munged runs as `munge` and must traverse the folder: mktemp -d made it 0700.
    chmod 0755 "$SLURM_BASE"
    mkdir -p "$SLURM_BASE"/{etc,state,spool,log,run,jobs} "$SLURM_BASE"/munge/{etc,run,log,lib}
    chmod 0755 "$SLURM_BASE"/{etc,state,spool,log,run,jobs}
    : >"$SLURM_BASE/run/pids"

    # munge: a key of its own (0400, owned by munge, in a 0700 dir owned by munge), its own socket.
    local M=$SLURM_BASE/munge
    mungekey --create --keyfile="$M/etc/munge.key" 2>/dev/null ||
        dd if=/dev/urandom of="$M/etc/munge.key" bs=1024 count=1 status=none || return 1
    chown -R munge:munge "$M"
    chmod 0700 "$M/etc" "$M/log" "$M/lib"
    chmod 0755 "$M/run"
    chmod 0400 "$M/etc/munge.key"
    SLURM_MUNGE_SOCKET=$M/run/munge.socket.2
    export SLURM_MUNGE_SOCKET
    # setpriv execs (no fork, unlike runuser/su), so $! is munged itself.
    env SLURM_CI_DAEMON="$SLURM_BASE" setpriv --reuid=munge --regid=munge --init-groups -- \
        munged --foreground --key-file="$M/etc/munge.key" --socket="$SLURM_MUNGE_SOCKET" \
        --pid-file="$M/run/munged.pid" \
        --seed-file="$M/lib/munged.seed" --num-threads=2 \
        </dev/null >>"$M/log/munged.out" 2>&1 &
    echo "munged $! $SLURM_MUNGE_SOCKET" >>"$SLURM_BASE/run/pids"
    _slurm_wait_for 15 "munged" sh -c "munge -n -S '$SLURM_MUNGE_SOCKET' | unmunge -S '$SLURM_MUNGE_SOCKET'" ||
        { _slurm_dump_logs; return 1; }

    # slurm.conf
    SLURM_NODENAME=$(hostname -s)
    export SLURM_NODENAME
    local hw ctld_port=${SLURM_CTLD_PORT:-} slurmd_port=${SLURM_SLURMD_PORT:-} p
    if [ -z "$ctld_port" ]; then
        for ((p = 6817; p < 6917; p += 2)); do
            _slurm_port_free $p && _slurm_port_free $((p + 1)) && { ctld_port=$p; slurmd_port=$((p + 1)); break; }
        done
        [ -n "$ctld_port" ] || { _slurm_die "no free port pair in 6817-6917"; return 1; }
    fi
    # slurmd -C prints the node's real CPUs/sockets/cores/threads/RealMemory (MiB).
    hw=$(slurmd -C 2>/dev/null | head -n 1 | sed -E 's/^NodeName=[^ ]+ //')
    case "$hw" in *CPUs=*RealMemory=*) ;; *) hw="CPUs=$(nproc) RealMemory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024))" ;; esac
    SLURM_CONF=$SLURM_BASE/etc/slurm.conf
    export SLURM_CONF
    cat >"$SLURM_CONF" <<EOF
# generated by slurm-lib.sh for a one-node throw-away cluster
ClusterName=ci
SlurmctldHost=$SLURM_NODENAME
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SLURM_MUNGE_SOCKET
StateSaveLocation=$SLURM_BASE/state
SlurmdSpoolDir=$SLURM_BASE/spool
SlurmctldPidFile=$SLURM_BASE/run/slurmctld.pid
SlurmdPidFile=$SLURM_BASE/run/slurmd.pid
SlurmctldLogFile=$SLURM_BASE/log/slurmctld.log
SlurmdLogFile=$SLURM_BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# No slurmdbd: no accounting (sacct answers nothing useful); finished jobs are kept in
# slurmctld for MinJobAge seconds (scontrol show job) and appended to a text file.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$SLURM_BASE/log/jobcomp.txt
MinJobAge=3600
# A job whose dependency can never be met (afterok on a failed job) is cancelled, not left pending.
SchedulerParameters=kill_invalid_depend,batch_sched_delay=0
MaxArraySize=1001
DefMemPerCPU=1024
NodeName=$SLURM_NODENAME $hw State=UNKNOWN
PartitionName=${SLURM_PARTITION:-ci} Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    _slurm_log "slurm.conf: $SLURM_CONF (ports $ctld_port/$slurmd_port; node: $hw)"

    # -D: stay in the foreground, so $! is the daemon; -i: ignore unreadable state (there is none).
    env SLURM_CI_DAEMON="$SLURM_BASE" slurmctld -D -i -f "$SLURM_CONF" \
        </dev/null >>"$SLURM_BASE/log/slurmctld.out" 2>&1 &
    echo "slurmctld $! $SLURM_CONF" >>"$SLURM_BASE/run/pids"
    _slurm_wait_for "${SLURM_START_TIMEOUT:-60}" "slurmctld" sh -c 'scontrol ping | grep -q UP' ||
        { _slurm_dump_logs; return 1; }
    env SLURM_CI_DAEMON="$SLURM_BASE" slurmd -D -f "$SLURM_CONF" -N "$SLURM_NODENAME" \
        </dev/null >>"$SLURM_BASE/log/slurmd.out" 2>&1 &
    echo "slurmd $! $SLURM_CONF" >>"$SLURM_BASE/run/pids"
    _slurm_wait_for "${SLURM_START_TIMEOUT:-60}" "node $SLURM_NODENAME idle" _slurm_node_ready ||
        { sinfo -N -l >&2; _slurm_dump_logs; return 1; }
    SLURM_START_SECONDS=$(_slurm_elapsed "$t0")
    _slurm_log "cluster up in ${SLURM_START_SECONDS}s under $SLURM_BASE"
}

# --- submit ----------------------------------------------------------------------------------

# _slurm_sbatch [sbatch opts] -- CMD [ARGS]: the command runs through --wrap (sh -c), quoted.
_slurm_sbatch() {
    local opts=() cmd=() wrap="" a
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    [ $# -gt 0 ] || { _slurm_die "no command given (use: ... -- CMD ARGS)"; return 1; }
    cmd=("$@")
    for a in "${cmd[@]}"; do wrap+="$(printf '%q' "$a") "; done
    # --wrap runs under /bin/sh; bash's %q quoting is POSIX-safe except for $'..' (control chars),
    # so run the words through bash.
    sbatch --parsable --chdir="$PWD" "${opts[@]}" --wrap="exec bash -c $(printf '%q' "$wrap")"
}

slurm_submit_array() { # N [sbatch opts] -- CMD [ARGS]
    local n=$1 out; shift
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { _slurm_die "slurm_submit_array: N must be >= 1"; return 1; }
    out=$(_slurm_sbatch --array=0-$((n - 1)) --job-name=array \
        --output="$SLURM_BASE/jobs/%x_%A_%a.out" "$@") || return 1
    echo "${out%%;*}"
}

slurm_submit_after() { # JOBID [sbatch opts] -- CMD [ARGS]
    local dep=$1 out; shift
    out=$(_slurm_sbatch --dependency=afterok:"$dep" --kill-on-invalid-dep=yes --job-name=after \
        --output="$SLURM_BASE/jobs/%x_%j.out" "$@") || return 1
    echo "${out%%;*}"
}

# --- wait ------------------------------------------------------------------------------------

# slurm_wait JOBID [TIMEOUT_S]: polls `scontrol show job -o` (one line per array task; no
# slurmdbd needed) until no task is pending/running. Prints one line per task:
#   <JobId> <ArrayTaskId or -> <JobState> <ExitCode>
# Returns 0 if all COMPLETED with ExitCode=0:0, 1 otherwise, 2 on timeout.
slurm_wait() {
    local job=$1 timeout=${2:-600} t0 out states pending st reason
    t0=$(date +%s)
    while :; do
        out=$(scontrol show job -o "$job" 2>&1) || {
            # Purged from slurmctld (older than MinJobAge): fall back to the jobcomp text file.
            if grep -qE "JobId=$job( |_)|ArrayJobId=$job " "$SLURM_BASE/log/jobcomp.txt" 2>/dev/null; then
                grep -E "JobId=$job( |_)" "$SLURM_BASE/log/jobcomp.txt" |
                    sed -E 's/.*JobId=([^ ]+).*JobState=([^ ]+).*ExitCode=([^ ]+).*/\1 - \2 \3/'
                ! grep -E "JobId=$job( |_)" "$SLURM_BASE/log/jobcomp.txt" | grep -vq 'JobState=COMPLETED .*ExitCode=0:0'
                return
            fi
            _slurm_die "scontrol show job $job: $out"; return 1
        }
        states=$(printf '%s\n' "$out" | awk '{
            id = ""; task = "-"; st = ""; ec = ""; reason = ""
            for (i = 1; i <= NF; i++) {
                split($i, kv, "=")
                if (kv[1] == "JobId") id = kv[2]
                else if (kv[1] == "ArrayTaskId") task = kv[2]
                else if (kv[1] == "JobState") st = kv[2]
                else if (kv[1] == "ExitCode") ec = kv[2]
                else if (kv[1] == "Reason") reason = kv[2]
            }
            if (id != "") print id, task, st, ec, reason
        }')
        pending=0
        while read -r _ _ st _ reason; do
            case "$st" in
                PENDING)
                    case "$reason" in
                        DependencyNeverSatisfied) ;; # will never run: treat as final
                        *) pending=1 ;;
                    esac ;;
                RUNNING | CONFIGURING | COMPLETING | SUSPENDED | REQUEUED | REQUEUE_HOLD | \
                    REQUEUE_FED | RESIZING | SIGNALING | STAGE_OUT | RESV_DEL_HOLD | STOPPED) pending=1 ;;
            esac
        done <<<"$states"
        if [ $pending = 0 ]; then
            printf '%s\n' "$states" | awk '{ print $1, $2, $3, $4 }'
            ! printf '%s\n' "$states" | awk '$3 != "COMPLETED" || $4 != "0:0"' | grep -q .
            return
        fi
        if (($(date +%s) - t0 >= timeout)); then
            _slurm_die "job $job not finished after ${timeout}s"
            printf '%s\n' "$states" >&2
            return 2
        fi
        sleep 0.25
    done
}

# --- stop ------------------------------------------------------------------------------------

slurm_stop() {
    local rc=0 name pid needle ids i
    [ -n "${SLURM_BASE:-}" ] && [ -e "$SLURM_BASE/run/pids" ] || return 0
    local conf=$SLURM_BASE/etc/slurm.conf
    # 1. cancel our jobs while slurmctld still answers, so slurmstepd ends them cleanly.
    if grep -q '^slurmctld ' "$SLURM_BASE/run/pids" && SLURM_CONF=$conf timeout 5 scontrol ping 2>/dev/null | grep -q UP; then
        ids=$(SLURM_CONF=$conf squeue -h -o '%A' 2>/dev/null | sort -u)
        if [ -n "$ids" ]; then
            _slurm_log "cancelling jobs: ${ids//$'\n'/ }"
            # shellcheck disable=SC2086
            SLURM_CONF=$conf scancel $ids 2>/dev/null || true
            for ((i = 0; i < 100; i++)); do
                [ -z "$(SLURM_CONF=$conf squeue -h -o '%A' 2>/dev/null)" ] && break
                sleep 0.1
            done
        fi
    fi
    # 2. the daemons by their pids, in reverse start order (slurmd, slurmctld, munged).
    while read -r name pid needle; do
        _slurm_kill_pid "$pid" "$needle" 15 "$name" || rc=1
    done < <(tac "$SLURM_BASE/run/pids")
    # 3. anything slurmd forked that outlived it (slurmstepd of a job still running).
    for pid in $(_slurm_marked_pids); do
        _slurm_log "leftover pid $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null)): SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    done
    sleep 0.1
    if [ -n "$(_slurm_marked_pids)" ]; then
        _slurm_die "processes of $SLURM_BASE still running: $(_slurm_marked_pids | tr '\n' ' ')"
        rc=1
    fi
    [ $rc = 0 ] && rm -f "$SLURM_BASE/run/pids"
    # SLURM_REMOVE_BASE=1: also delete the folder (logs included), if it is one slurm_start made.
    if [ $rc = 0 ] && [ "${SLURM_REMOVE_BASE:-0}" = 1 ] && [ -f "$SLURM_BASE/etc/slurm.conf" ] &&
        grep -q '^# generated by slurm-lib.sh' "$SLURM_BASE/etc/slurm.conf"; then
        rm -rf "${SLURM_BASE:?}"
        _slurm_log "removed $SLURM_BASE"
    fi
    return $rc
}
