// The process proper: its descriptors, limits, ids and capabilities, then Landlock and seccomp,
// then the exec. Runs in the reaper's fork: raw system calls and stack buffers only.
#define _GNU_SOURCE
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int step_descriptors(const struct bpg_spawn_request *rq, int *report_fd) {
    // Move the requested descriptors above every target slot first, then into place.
    int high[16];
    int count = rq->fd_count < 16 ? rq->fd_count : 16;
    int base = 64;
    for (int i = 0; i < count; i++) {
        high[i] = fcntl(rq->fds[i], F_DUPFD_CLOEXEC, base);
        if (high[i] < 0) return errno;
        if (high[i] + 1 > base) base = high[i] + 1;
    }
    if (*report_fd < base) {
        int moved = fcntl(*report_fd, F_DUPFD_CLOEXEC, base);
        if (moved < 0) return errno;
        *report_fd = moved;
    }
    for (int i = 0; i < count; i++)
        if (dup2(high[i], i) < 0) return errno;
    // Everything else goes but the report pipe, which is close-on-exec: it closes by itself on success.
    return bpg_close_all_but(count, *report_fd);
}

static int set_limit(int resource, uint64_t value, uint64_t hard_extra) {
    if (value == 0) return 0;
    struct rlimit rl = {.rlim_cur = value, .rlim_max = value + hard_extra};
    return setrlimit(resource, &rl) == 0 ? 0 : errno;
}

static int step_limits(const struct bpg_spawn_request *rq, unsigned shared_tasks) {
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) return errno;
    int rc = set_limit(RLIMIT_CPU, rq->limits.cpu_seconds, 1);
    // RLIMIT_NPROC counts every task of the process's user id: with the grader's own id, the tasks
    // the user already had at the spawn come on top of the process's own.
    uint64_t processes = rq->limits.processes ? rq->limits.processes + shared_tasks : 0;
    if (!rc) rc = set_limit(RLIMIT_NPROC, processes, 0);
    if (!rc) rc = set_limit(RLIMIT_NOFILE, rq->limits.open_files, 0);
    if (!rc) rc = set_limit(RLIMIT_FSIZE, rq->limits.file_size_bytes, 0);
    if (!rc) rc = set_limit(RLIMIT_AS, rq->limits.address_space_bytes, 0);
    return rc;
}

/// Sets the real, effective and saved user and group ids to `id`, by raw system calls: glibc's
/// setresuid and friends synchronise every thread of the process under a lock, which another thread
/// of the grader may have held at the clone, and then never release it here.
static int set_ids(unsigned id) {
    if (syscall(SYS_setgroups, 0, NULL) != 0 && errno != EPERM) return errno;
    if (syscall(SYS_setresgid, id, id, id) != 0) return errno;
    if (syscall(SYS_setresuid, id, id, id) != 0) return errno;
    return 0;
}

/// Prepares dropping every capability, now and after exec, even for uid 0 inside a user namespace:
/// locks the "root has capabilities" rules off and empties the bounding set. Needs CAP_SETPCAP, so
/// it runs before the ids change; `drop_capabilities` then empties the sets.
static int step_lock_capabilities(void) {
    if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                                     SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED) != 0)
        return errno;
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) return errno;
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    return 0;
}

static int step_drop_capabilities(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return syscall(SYS_capset, &header, data) == 0 ? 0 : errno;
}

/// The process's side, in its final process: only returns by _exit.
void bpg_become_process(const struct bpg_spawn_request *rq, int report_fd, uint32_t mechanisms,
                           const struct go_message *go, int in_user_ns) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    bpg_reset_signals();
    int step = BPG_STEP_DESCRIPTORS;
    int rc = step_descriptors(rq, &report_fd);
    if (!rc && rq->workdir) {
        step = BPG_STEP_WORKDIR;
        rc = chdir(rq->workdir) == 0 ? 0 : errno;
    }
    if (!rc) {
        step = BPG_STEP_LIMITS;
        rc = step_limits(rq, go->shared_tasks);
    }
    // Root, and anyone inside a user namespace, holds capabilities: lock them away before the ids
    // change (which needs them), then empty every set.
    int privileged = in_user_ns || geteuid() == 0;
    if (!rc && privileged) {
        step = BPG_STEP_CAPABILITIES;
        rc = step_lock_capabilities();
    }
    if (!rc && go->own_ids) {
        // In a user namespace, its own ids are the ones mapped to 0; without one (root only), the id
        // itself.
        step = BPG_STEP_IDS;
        rc = set_ids(in_user_ns ? 0 : go->id);
    }
    if (!rc && privileged) {
        step = BPG_STEP_CAPABILITIES;
        rc = step_drop_capabilities();
    }
    if (!rc) {
        step = BPG_STEP_NO_NEW_PRIVS;
        rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : errno;
        if (!rc) mechanisms |= BPG_MECH_NO_CAPS;
    }
    if (!rc) {
        step = BPG_STEP_LANDLOCK;
        rc = bpg_apply_landlock(rq, &mechanisms);
    }
    if (!rc && rq->seccomp != BPG_SECCOMP_NONE) {
        step = BPG_STEP_SECCOMP;
        rc = bpg_apply_seccomp(rq->seccomp, (pid_t)syscall(SYS_getpid));
        if (!rc) mechanisms |= BPG_MECH_SECCOMP;
    }
    if (rc) {
        bpg_report_failure(report_fd, step, rc, -1, mechanisms);
        _exit(127);
    }
    if (go->id != 0) mechanisms |= BPG_MECH_UNPRIVILEGED;
    // All is in place: say which mechanisms hold; the exec closes the pipe on success.
    bpg_report_failure(report_fd, BPG_STEP_NONE, 0, -1, mechanisms);
    execve(rq->path, rq->argv, rq->envp);
    bpg_report_failure(report_fd, BPG_STEP_EXEC, errno, -1, mechanisms);
    _exit(127);
}
