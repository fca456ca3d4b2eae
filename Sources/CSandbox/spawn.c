// Starting a sandboxed process in fresh namespaces, with limits, and killing it with everything it
// started.
//
// The shape of a spawn: the grader clones a reaper (pid 1 of new namespaces where the kernel allows
// them; a process-group leader otherwise), writes its id maps, and lets it go. The reaper builds the
// sandbox root, forks the process proper, and passes its wait status up a pipe when it ends. The
// process sets its descriptors, directory, limits, ids and capabilities, applies Landlock and
// seccomp to itself, reports, and execs. Each step is a function that returns 0 or an errno value.
//
// The child side of a clone() in a multi-threaded parent may only use async-signal-safe calls, so
// everything between clone() and execve() is raw system calls on stack buffers: no malloc, no stdio,
// no locks.
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

#define BPG_NOBODY 65534u

// ---- small helpers ----

int bpg_write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int bpg_read_full(int fd, void *buf, size_t n) {
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return (int)got;
}

size_t bpg_format_unsigned(char *out, unsigned value) {
    char digits[12];
    size_t d = 0;
    do {
        digits[d++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    size_t length = 0;
    while (d > 0) out[length++] = digits[--d];
    out[length] = 0;
    return length;
}

static pid_t raw_fork(unsigned long flags) { return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0); }

/// Closes every descriptor from `first` up but `keep` (-1 for none).
static int close_all_but(int first, int keep) {
    if (keep >= first) {
        int rc = 0;
        if (keep > first) rc = (int)syscall(SYS_close_range, (unsigned)first, (unsigned)keep - 1, 0);
        if (rc == 0) rc = (int)syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0);
        if (rc == 0) return 0;
    } else if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) {
        return 0;
    }
    if (errno != ENOSYS && errno != EINVAL) return errno;
    // No close_range (kernels before 5.9): close what /proc/self/fd lists, else everything below
    // the descriptor limit.
    int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        char buffer[4096];
        for (;;) {
            long count = syscall(SYS_getdents64, dir, buffer, sizeof buffer);
            if (count <= 0) break;
            for (long offset = 0; offset < count;) {
                struct dirent64 *entry = (struct dirent64 *)(buffer + offset);
                offset += entry->d_reclen;
                int fd = 0, digits = 0;
                for (const char *c = entry->d_name; *c >= '0' && *c <= '9'; c++, digits++) fd = fd * 10 + (*c - '0');
                if (digits > 0 && fd >= first && fd != keep && fd != dir) close(fd);
            }
        }
        close(dir);
        return 0;
    }
    struct rlimit limit;
    int top = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536 ? (int)limit.rlim_cur : 65536;
    for (int fd = first; fd < top; fd++)
        if (fd != keep) close(fd);
    return 0;
}

int bpg_close_from(int first) { return close_all_but(first, -1); }

/// Every signal back to its default action, none blocked: what a new program expects (exec keeps
/// ignored signals and the mask, and the grader ignores SIGPIPE).
static void reset_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < 65; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &action, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

// ---- what the children report ----

/// A child's report up the report pipe: the step reached (BPG_STEP_NONE: about to exec) and errno.
struct child_report {
    int step;
    int err;
    int index;
    uint32_t mechanisms;
};

static void report_failure(int fd, int step, int err, int index, uint32_t mechanisms) {
    struct child_report report = {step, err, index, mechanisms};
    bpg_write_all(fd, &report, sizeof report);
}

/// What the grader tells the reaper once its id maps are written.
struct go_message {
    char go;           ///< 'g'
    char own_ids;      ///< 1: switch to `id`
    unsigned id;       ///< the process's uid outside every namespace
};

// ---- the process proper ----

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
    return close_all_but(count, *report_fd);
}

static int set_limit(int resource, uint64_t value, uint64_t hard_extra) {
    if (value == 0) return 0;
    struct rlimit rl = {.rlim_cur = value, .rlim_max = value + hard_extra};
    return setrlimit(resource, &rl) == 0 ? 0 : errno;
}

static int step_limits(const struct bpg_spawn_request *rq) {
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) return errno;
    int rc = set_limit(RLIMIT_CPU, rq->limits.cpu_seconds, 1);
    if (!rc) rc = set_limit(RLIMIT_NPROC, rq->limits.processes, 0);
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
static void become_process(const struct bpg_spawn_request *rq, int report_fd, uint32_t mechanisms,
                           const struct go_message *go, int in_user_ns) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    reset_signals();
    int step = BPG_STEP_DESCRIPTORS;
    int rc = step_descriptors(rq, &report_fd);
    if (!rc && rq->workdir) {
        step = BPG_STEP_WORKDIR;
        rc = chdir(rq->workdir) == 0 ? 0 : errno;
    }
    if (!rc) {
        step = BPG_STEP_LIMITS;
        rc = step_limits(rq);
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
        report_failure(report_fd, step, rc, -1, mechanisms);
        _exit(127);
    }
    if (go->id != 0) mechanisms |= BPG_MECH_UNPRIVILEGED;
    // All is in place: say which mechanisms hold; the exec closes the pipe on success.
    report_failure(report_fd, BPG_STEP_NONE, 0, -1, mechanisms);
    execve(rq->path, rq->argv, rq->envp);
    report_failure(report_fd, BPG_STEP_EXEC, errno, -1, mechanisms);
    _exit(127);
}

// ---- the reaper ----

/// Without a PID namespace, what the reaper kills when it is told to go: its process group and,
/// as a subreaper, every descendant it can find, through the children of every thread of each
/// process (a multi-threaded parent, such as the compiler's driver, starts them from any thread).
static void kill_children_of_task(const char *children_path, int depth);

static void kill_descendants(pid_t pid, int depth) {
    if (depth > 16) return;
    char path[96] = "/proc/";
    size_t length = 6;
    length += bpg_format_unsigned(path + length, (unsigned)pid);
    memcpy(path + length, "/task", 6);
    length += 5;
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    char buffer[2048];
    for (;;) {
        long count = syscall(SYS_getdents64, dir, buffer, sizeof buffer);
        if (count <= 0) break;
        for (long offset = 0; offset < count;) {
            struct dirent64 *entry = (struct dirent64 *)(buffer + offset);
            offset += entry->d_reclen;
            if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
            char children[96];
            size_t at = length;
            memcpy(children, path, at);
            children[at++] = '/';
            size_t name = strlen(entry->d_name);
            if (at + name + 10 >= sizeof children) continue;
            memcpy(children + at, entry->d_name, name);
            at += name;
            memcpy(children + at, "/children", 10);
            kill_children_of_task(children, depth);
        }
    }
    close(dir);
}

static void kill_children_of_task(const char *children_path, int depth) {
    int fd = open(children_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char buffer[1024];
    int count = bpg_read_full(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (count <= 0) return;
    buffer[count] = 0;
    pid_t child = 0;
    for (int i = 0; i <= count; i++) {
        if (buffer[i] >= '0' && buffer[i] <= '9') {
            child = child * 10 + (buffer[i] - '0');
        } else if (child > 0) {
            kill(child, SIGSTOP);
            kill_descendants(child, depth + 1);
            kill(child, SIGKILL);
            child = 0;
        }
    }
}

static void reaper_stop(int sig) {
    (void)sig;
    kill_descendants((pid_t)syscall(SYS_getpid), 0);
    kill(0, SIGKILL);
    _exit(137);
}

/// Overwrites the grader's command line and environment in this copy of its memory.
static void scrub(const struct bpg_spawn_request *rq) {
    for (int i = 0; i < 2; i++) {
        if (rq->scrub_start[i] && rq->scrub_end[i] > rq->scrub_start[i])
            memset((void *)rq->scrub_start[i], 0, rq->scrub_end[i] - rq->scrub_start[i]);
    }
}

/// pid 1 of the namespaces (or the group leader without them): builds the root, starts the process,
/// passes its wait status up, and exits, which makes the kernel kill everything left in a PID
/// namespace. Only returns by _exit.
static void run_reaper(const struct bpg_spawn_request *rq, unsigned long flags, int report_fd, int sync_fd,
                       int status_fd) {
    int in_pid_ns = (flags & CLONE_NEWPID) != 0;
    int in_user_ns = (flags & CLONE_NEWUSER) != 0;
    reset_signals();
    if (!in_pid_ns) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = reaper_stop;
        sigaction(SIGTERM, &action, NULL);
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
    prctl(PR_SET_PDEATHSIG, in_pid_ns ? SIGKILL : SIGTERM);
    // Dumpable until the grader has written the id maps (an ordinary user can only write those of
    // a dumpable process), then not: nothing of this copy of the grader is readable from the sandbox.
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    setsid();

    uint32_t mechanisms = 0;
    if (flags & CLONE_NEWUSER) mechanisms |= BPG_MECH_USER_NS;
    if (flags & CLONE_NEWPID) mechanisms |= BPG_MECH_PID_NS;
    if (flags & CLONE_NEWNET) mechanisms |= BPG_MECH_NET_NS;
    if (flags & CLONE_NEWNS) mechanisms |= BPG_MECH_MOUNT_NS;
    if (flags & CLONE_NEWIPC) mechanisms |= BPG_MECH_IPC_NS;

    struct go_message go;
    if (bpg_read_full(sync_fd, &go, sizeof go) != (int)sizeof go || go.go != 'g') {
        report_failure(report_fd, BPG_STEP_SYNC, errno ? errno : EPIPE, -1, mechanisms);
        _exit(127);
    }
    close(sync_fd);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    scrub(rq);

    if (rq->root) {
        int index = -1;
        int rc = (flags & CLONE_NEWNS) ? bpg_build_root(rq, in_user_ns ? 0 : (go.own_ids ? go.id : 0), &index) : ENOSYS;
        if (rc) {
            report_failure(report_fd, BPG_STEP_ROOT, rc, index, mechanisms);
            _exit(127);
        }
        mechanisms |= BPG_MECH_MINIMAL_ROOT;
        for (int i = 0; i < rq->mount_count; i++)
            if (rq->mounts[i].kind == BPG_MOUNT_PROC) mechanisms |= BPG_MECH_PRIVATE_PROC;
    } else if ((flags & CLONE_NEWNS) && in_pid_ns) {
        // The host's root, with a /proc of the new PID namespace over the host's.
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
            (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") == 0 ||
             mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0))
            mechanisms |= BPG_MECH_PRIVATE_PROC;
    }

    pid_t process = raw_fork(0);
    if (process < 0) {
        report_failure(report_fd, BPG_STEP_FORK, errno, -1, mechanisms);
        _exit(127);
    }
    if (process == 0) {
        close(status_fd);
        become_process(rq, report_fd, mechanisms, &go, in_user_ns);
    }
    close(report_fd);
    // The reaper holds nothing of the grader's but the status pipe.
    for (int fd = 0; fd < 3; fd++)
        if (fd != status_fd) close(fd);
    close_all_but(3, status_fd);
    for (;;) {
        int status = 0;
        pid_t done = waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR) continue;
            _exit(126);
        }
        if (done == process) {
            bpg_write_all(status_fd, &status, sizeof status);
            if (!in_pid_ns) reaper_stop(0);
            _exit(0);
        }
    }
}

// ---- the grader's side ----

static int write_proc_file(pid_t pid, const char *name, const char *text, size_t len) {
    char path[64] = "/proc/";
    size_t p = 6 + bpg_format_unsigned(path + 6, (unsigned)pid);
    path[p++] = '/';
    size_t nl = strlen(name);
    memcpy(path + p, name, nl + 1);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int rc = bpg_write_all(fd, text, len) == 0 ? 0 : errno;
    close(fd);
    return rc;
}

/// "inside outside 1\n".
static size_t format_map(char *out, unsigned inside, unsigned outside) {
    size_t length = bpg_format_unsigned(out, inside);
    out[length++] = ' ';
    length += bpg_format_unsigned(out + length, outside);
    memcpy(out + length, " 1\n", 4);
    return length + 3;
}

/// Writes the reaper's id maps. Inside 0 is the process's id: with own ids (root only) an id of its
/// own, otherwise nobody for root (the process keeps root's kernel id, with no capability) and, for an
/// ordinary user, itself, the only id it has. Root also maps itself as inside 1, so that the reaper,
/// which still runs as root, can build the sandbox root (files cannot be made by an unmapped id); the
/// process proper drops every capability, so the mapping gives it nothing.
static int step_id_map(pid_t pid, int own, unsigned *id) {
    int root = geteuid() == 0;
    char line[128];
    unsigned outside_uid = own ? BPG_OWN_ID_BASE + (unsigned)pid : root ? BPG_NOBODY : (unsigned)geteuid();
    unsigned outside_gid = own ? outside_uid : root ? BPG_NOBODY : (unsigned)getegid();
    // Only an unprivileged creator must deny setgroups before mapping gids; root leaves it allowed
    // so that the process can drop the supplementary groups it inherits.
    int rc = root ? 0 : write_proc_file(pid, "setgroups", "deny", 4);
    size_t length = format_map(line, 0, outside_uid);
    if (root) length += format_map(line + length, 1, 0);
    if (!rc) rc = write_proc_file(pid, "uid_map", line, length);
    length = format_map(line, 0, outside_gid);
    if (root) length += format_map(line + length, 1, 0);
    if (!rc) rc = write_proc_file(pid, "gid_map", line, length);
    *id = own ? outside_uid : (root ? 0 : (unsigned)geteuid());
    return rc;
}

/// Gives the writable binds marked BPG_MOUNT_OWNED to the process's id.
static int step_give_folders(const struct bpg_spawn_request *rq, unsigned id) {
    for (int i = 0; i < rq->mount_count; i++) {
        const struct bpg_mount *m = &rq->mounts[i];
        if (m->kind == BPG_MOUNT_BIND && (m->flags & BPG_MOUNT_OWNED) && chown(m->source, id, id) != 0) return errno;
    }
    if (!rq->root && rq->workdir && chown(rq->workdir, id, id) != 0) return errno;
    return 0;
}

/// Clones the reaper with the strongest set of namespaces the kernel grants.
static pid_t step_clone(const struct bpg_spawn_request *rq, unsigned long *flags) {
    unsigned long attempts[3] = {
        CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC,
        // Root can make namespaces without a user namespace (a container that refuses those).
        CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC,
        0,
    };
    int first = rq->namespaces == BPG_NS_ALL ? 0 : 2;
    int last_errno = 0;
    for (int a = first; a < 3; a++) {
        if (a == 1 && geteuid() != 0) continue;
        *flags = attempts[a];
        pid_t pid = raw_fork(*flags);
        if (pid >= 0) return pid;
        last_errno = errno;
    }
    errno = last_errno ? last_errno : EAGAIN;
    return -1;
}

/// Reads the reports: one right before exec, and a second only if the exec failed.
static int step_await_exec(int report_fd, struct child_report *report) {
    int got = bpg_read_full(report_fd, report, sizeof *report);
    if (got != (int)sizeof *report) {
        report->step = BPG_STEP_REPORT;
        report->err = ECHILD;
        report->index = -1;
        return ECHILD;
    }
    if (report->step != BPG_STEP_NONE) return report->err ? report->err : ECHILD;
    struct child_report second;
    if (bpg_read_full(report_fd, &second, sizeof second) == (int)sizeof second) {
        *report = second;
        return second.err ? second.err : ECHILD;
    }
    return 0;
}

static void close_pair(int pair[2]) {
    for (int i = 0; i < 2; i++) {
        if (pair[i] >= 0) close(pair[i]);
        pair[i] = -1;
    }
}

int bpg_spawn(const struct bpg_spawn_request *rq, struct bpg_child *child, int *failed_step, int *failed_index) {
    *failed_step = BPG_STEP_NONE;
    *failed_index = -1;
    child->pid = -1;
    child->status_fd = -1;
    child->mechanisms = 0;
    child->id = 0;

    int report_pipe[2] = {-1, -1}, sync_pipe[2] = {-1, -1}, status_pipe[2] = {-1, -1};
    if (pipe2(report_pipe, O_CLOEXEC) != 0 || pipe2(sync_pipe, O_CLOEXEC) != 0 || pipe2(status_pipe, O_CLOEXEC) != 0) {
        int err = errno;
        close_pair(report_pipe);
        close_pair(sync_pipe);
        close_pair(status_pipe);
        *failed_step = BPG_STEP_PIPES;
        return err;
    }

    unsigned long flags = 0;
    pid_t pid = step_clone(rq, &flags);
    if (pid == 0) {
        close(report_pipe[0]);
        close(sync_pipe[1]);
        close(status_pipe[0]);
        run_reaper(rq, flags, report_pipe[1], sync_pipe[0], status_pipe[1]);
    }
    int err = pid < 0 ? errno : 0;
    close(report_pipe[1]);
    close(sync_pipe[0]);
    close(status_pipe[1]);
    report_pipe[1] = sync_pipe[0] = status_pipe[1] = -1;
    if (pid < 0) {
        close_pair(report_pipe);
        close_pair(sync_pipe);
        close_pair(status_pipe);
        *failed_step = BPG_STEP_CLONE;
        return err ? err : EAGAIN;
    }

    int own = rq->own_ids && geteuid() == 0;
    unsigned id = own ? BPG_OWN_ID_BASE + (unsigned)pid : (unsigned)geteuid();
    int rc = 0;
    if (flags & CLONE_NEWUSER) {
        rc = step_id_map(pid, own, &id);
        if (rc) *failed_step = BPG_STEP_ID_MAP;
    }
    if (!rc && own) {
        rc = step_give_folders(rq, id);
        if (rc) *failed_step = BPG_STEP_ID_MAP;
    }
    struct go_message go = {'g', (char)own, id};
    if (!rc && bpg_write_all(sync_pipe[1], &go, sizeof go) != 0) {
        rc = errno;
        *failed_step = BPG_STEP_SYNC;
    }
    close_pair(sync_pipe);
    struct child_report report = {BPG_STEP_NONE, 0, -1, 0};
    if (!rc) {
        rc = step_await_exec(report_pipe[0], &report);
        if (rc) {
            *failed_step = report.step;
            *failed_index = report.index;
        }
    }
    close_pair(report_pipe);
    if (rc) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        close_pair(status_pipe);
        return rc;
    }
    child->pid = pid;
    child->status_fd = status_pipe[0];
    child->mechanisms = report.mechanisms;
    child->id = id;
    return 0;
}

int bpg_reap(struct bpg_child *child, int *wait_status) {
    if (child->pid <= 0) return ECHILD;
    int status = 0;
    pid_t done;
    do {
        done = waitpid(child->pid, &status, 0);
    } while (done < 0 && errno == EINTR);
    if (done < 0) return errno;
    if (child->status_fd >= 0) {
        // The reaper passes up the process's own status; if the reaper was killed first, use its own.
        int inner = 0;
        if (bpg_read_full(child->status_fd, &inner, sizeof inner) == (int)sizeof inner) status = inner;
        close(child->status_fd);
        child->status_fd = -1;
    }
    child->pid = -1;
    *wait_status = status;
    return 0;
}

void bpg_kill(const struct bpg_child *child, int hard) {
    if (child->pid <= 0) return;
    if (hard || (child->mechanisms & BPG_MECH_PID_NS)) {
        // The reaper's death empties its PID namespace.
        kill(child->pid, SIGKILL);
        kill(-child->pid, SIGKILL);
    } else {
        // The reaper kills its descendants and its group, then itself.
        kill(child->pid, SIGCONT);
        kill(child->pid, SIGTERM);
    }
}

int bpg_status_signal(int wait_status) { return WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0; }

int bpg_status_exit_code(int wait_status) { return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1; }

int bpg_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno; }

void bpg_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

int bpg_make_undumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : errno; }
