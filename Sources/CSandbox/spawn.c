// Starting a worker in fresh namespaces, with limits, and killing it with everything it started.
//
// The child side of a clone() in a multi-threaded parent may only use async-signal-safe calls, so
// everything between clone() and execve() is raw system calls: no malloc, no stdio, no locks.
#define _GNU_SOURCE
#include "CSandbox.h"

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

#define BPG_NOBODY 65534
/// With a user namespace made by root, the worker runs outside as this base plus the reaper's pid: an
/// unprivileged id of its own, unique among live workers, so that RLIMIT_NPROC (counted per user,
/// machine-wide) limits each worker alone and one submission's children cannot stop another's
/// worker from starting.
#define BPG_WORKER_ID_BASE 1000000000u

static pid_t raw_fork(unsigned long flags) {
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static int write_all(int fd, const void *buf, size_t n) {
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

static int read_full(int fd, void *buf, size_t n) {
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

/// Formats "inside outside 1\n" without stdio.
static size_t format_map(char *out, unsigned inside, unsigned outside) {
    char tmp[64];
    size_t len = 0;
    unsigned values[2] = {inside, outside};
    for (int k = 0; k < 2; k++) {
        char digits[16];
        int d = 0;
        unsigned v = values[k];
        do {
            digits[d++] = (char)('0' + v % 10);
            v /= 10;
        } while (v > 0);
        while (d > 0) tmp[len++] = digits[--d];
        tmp[len++] = ' ';
    }
    tmp[len++] = '1';
    tmp[len++] = '\n';
    memcpy(out, tmp, len);
    return len;
}

static int write_proc_file(pid_t pid, const char *name, const char *text, size_t len) {
    char path[64];
    // "/proc/<pid>/<name>" by hand: this runs in the parent, but keep it free of stdio anyway.
    char digits[16];
    int d = 0;
    unsigned v = (unsigned)pid;
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    size_t p = 0;
    memcpy(path, "/proc/", 6);
    p = 6;
    while (d > 0) path[p++] = digits[--d];
    path[p++] = '/';
    size_t nl = strlen(name);
    memcpy(path + p, name, nl);
    p += nl;
    path[p] = 0;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int rc = write_all(fd, text, len) == 0 ? 0 : errno;
    close(fd);
    return rc;
}

/// Messages a child sends up its error pipe: the step that failed and errno.
struct child_report {
    int step;
    int err;
    uint32_t mechanisms;
};

enum {
    STEP_OK = 0,
    STEP_SYNC,
    STEP_MOUNT_PRIVATE,
    STEP_FORK_WORKER,
    STEP_DUP,
    STEP_CHDIR,
    STEP_RLIMIT,
    STEP_CAPS,
    STEP_NO_NEW_PRIVS,
    STEP_EXEC,
};

static const char *step_names[] = {
    "started",        "waiting for the parent", "making mounts private", "forking the worker",
    "redirecting descriptors", "entering the working directory", "setting resource limits",
    "dropping capabilities", "setting no_new_privs", "executing the worker",
};

static void set_limit(int resource, uint64_t value, uint64_t hard_extra, int *failed) {
    if (value == 0) return;
    struct rlimit rl = {.rlim_cur = value, .rlim_max = value + hard_extra};
    if (setrlimit(resource, &rl) != 0) *failed = errno;
}

/// Sets the real, effective and saved user and group ids to `id`, by raw system calls: glibc's
/// setresuid and friends synchronise every thread of the process under a lock, which another thread
/// of the grader may have held at the clone, and then never release it here.
static int set_ids(unsigned id) {
    if (syscall(SYS_setresgid, id, id, id) != 0) return -1;
    return (int)syscall(SYS_setresuid, id, id, id);
}

/// The worker's side, in the final process: descriptors, directory, limits, privileges, exec.
/// `own_ids`: switch to the ids the user namespace maps to 0 (the parent's decision). Only returns
/// by _exit.
static void become_worker(const struct bpg_spawn_request *rq, int report_fd, uint32_t mechanisms,
                          int in_user_ns, int own_ids) {
    struct child_report report = {STEP_OK, 0, mechanisms};
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Move the requested descriptors above every target slot first, then into place.
    int high[16];
    int count = rq->fd_count < 16 ? rq->fd_count : 16;
    int base = 64;
    for (int i = 0; i < count; i++) {
        high[i] = fcntl(rq->fds[i], F_DUPFD_CLOEXEC, base);
        if (high[i] < 0) {
            report.step = STEP_DUP;
            goto fail;
        }
        if (high[i] + 1 > base) base = high[i] + 1;
    }
    if (report_fd < base) {
        int moved = fcntl(report_fd, F_DUPFD_CLOEXEC, base);
        if (moved < 0) {
            report.step = STEP_DUP;
            goto fail;
        }
        report_fd = moved;
        base = moved + 1;
    }
    for (int i = 0; i < count; i++) {
        if (dup2(high[i], i) < 0) {
            report.step = STEP_DUP;
            goto fail;
        }
    }
    // Close everything else except the report pipe (close-on-exec, so it closes by itself on success).
    syscall(SYS_close_range, (unsigned)count, (unsigned)report_fd - 1, 0);
    syscall(SYS_close_range, (unsigned)report_fd + 1, ~0U, 0);

    if (rq->workdir && chdir(rq->workdir) != 0) {
        report.step = STEP_CHDIR;
        goto fail;
    }
    int failed = 0;
    {
        // No core dumps.
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
    }
    set_limit(RLIMIT_CPU, rq->limits.cpu_seconds, 1, &failed);
    set_limit(RLIMIT_NPROC, rq->limits.processes, 0, &failed);
    set_limit(RLIMIT_NOFILE, rq->limits.open_files, 0, &failed);
    set_limit(RLIMIT_FSIZE, rq->limits.file_size_bytes, 0, &failed);
    set_limit(RLIMIT_AS, rq->limits.address_space_bytes, 0, &failed);
    if (failed) {
        report.step = STEP_RLIMIT;
        errno = failed;
        goto fail;
    }
    if (in_user_ns) {
        // Creating a user namespace does not change a process's ids: until it switches to the mapped
        // ids, it still runs as the grader's own user outside (root: no RLIMIT_NPROC, root's file
        // ownership and groups). Become the mapped user (for root, an unprivileged id of its own)
        // and drop the supplementary groups (refused when the grader is not root and had to deny
        // setgroups: then they are the grader's own, which is all it could give anyway).
        if (own_ids) {
            syscall(SYS_setgroups, 0, NULL);
            if (set_ids(0) != 0) {
                report.step = STEP_CAPS;
                goto fail;
            }
        }
        // uid 0 inside the namespace keeps capabilities across exec unless told otherwise: lock that
        // off, then drop every capability, so the worker holds none even inside its namespace.
        if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                                         SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED) != 0) {
            report.step = STEP_CAPS;
            goto fail;
        }
        for (int cap = 0; cap <= 63; cap++) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
        struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        memset(data, 0, sizeof data);
        if (syscall(SYS_capset, &header, data) != 0) {
            report.step = STEP_CAPS;
            goto fail;
        }
        report.mechanisms |= BPG_MECH_NO_CAPS;
    } else if (geteuid() == 0) {
        // No user namespace but root: become nobody so that limits and file permissions bite.
        if (syscall(SYS_setgroups, 0, NULL) != 0 || set_ids(BPG_NOBODY) != 0) {
            report.step = STEP_CAPS;
            goto fail;
        }
        report.mechanisms |= BPG_MECH_UNPRIVILEGED | BPG_MECH_NO_CAPS;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        report.step = STEP_NO_NEW_PRIVS;
        goto fail;
    }
    // Tell the parent which mechanisms are in force; the exec closes the pipe on success.
    report.step = STEP_OK;
    write_all(report_fd, &report, sizeof report);
    execve(rq->path, rq->argv, rq->envp);
    report.step = STEP_EXEC;
fail:
    report.err = errno;
    write_all(report_fd, &report, sizeof report);
    _exit(127);
}

/// PID 1 of the namespace: starts the worker, passes its wait status up, and exits, which makes the
/// kernel kill every process left in the namespace.
static void run_reaper(const struct bpg_spawn_request *rq, int report_fd, int status_fd,
                       uint32_t mechanisms, int own_ids) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    pid_t worker = raw_fork(0);
    if (worker < 0) {
        struct child_report report = {STEP_FORK_WORKER, errno, mechanisms};
        write_all(report_fd, &report, sizeof report);
        _exit(127);
    }
    if (worker == 0) {
        close(status_fd);
        become_worker(rq, report_fd, mechanisms, (mechanisms & BPG_MECH_USER_NS) != 0, own_ids);
    }
    close(report_fd);
    // Close every descriptor but the status pipe: the reaper holds nothing of the parent's.
    for (int fd = 0; fd < 3; fd++)
        if (fd != status_fd) close(fd);
    syscall(SYS_close_range, 3u, (unsigned)status_fd - 1, 0);
    syscall(SYS_close_range, (unsigned)status_fd + 1, ~0U, 0);
    for (;;) {
        int status = 0;
        pid_t done = waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR) continue;
            _exit(126);
        }
        if (done == worker) {
            write_all(status_fd, &status, sizeof status);
            _exit(0);
        }
    }
}

int bpg_spawn(const struct bpg_spawn_request *rq, struct bpg_child *child, const char **failed_step) {
    static const char *none = "";
    *failed_step = none;
    child->pid = -1;
    child->status_fd = -1;
    child->mechanisms = 0;

    int report_pipe[2], sync_pipe[2], status_pipe[2] = {-1, -1};
    if (pipe2(report_pipe, O_CLOEXEC) != 0) return errno;
    if (pipe2(sync_pipe, O_CLOEXEC) != 0) {
        int e = errno;
        close(report_pipe[0]);
        close(report_pipe[1]);
        return e;
    }

    // The namespace sets to try, strongest first. Root can make namespaces without a user namespace.
    unsigned long attempts[3] = {
        CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC,
        CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC,
        0,
    };
    int first = rq->use_namespaces ? 0 : 2;
    if (first == 0 && geteuid() != 0) attempts[1] = 0;
    pid_t pid = -1;
    unsigned long flags = 0;
    int clone_errno = 0;
    for (int a = first; a < 3; a++) {
        flags = attempts[a];
        if (flags & CLONE_NEWPID) {
            if (status_pipe[0] < 0 && pipe2(status_pipe, O_CLOEXEC) != 0) {
                clone_errno = errno;
                break;
            }
        }
        pid = raw_fork(flags);
        if (pid >= 0 || pid == 0) break;
        clone_errno = errno;
        if (a == 2) break;
    }

    if (pid == 0) {
        // ---- child ----
        close(report_pipe[0]);
        close(sync_pipe[1]);
        uint32_t mech = 0;
        if (flags & CLONE_NEWUSER) mech |= BPG_MECH_USER_NS;
        if (flags & CLONE_NEWPID) mech |= BPG_MECH_PID_NS;
        if (flags & CLONE_NEWNET) mech |= BPG_MECH_NET_NS;
        if (flags & CLONE_NEWNS) mech |= BPG_MECH_MOUNT_NS;
        if (flags & CLONE_NEWIPC) mech |= BPG_MECH_IPC_NS;
        // 'g' to go on with the ids it has, 'o' to go on with its own (see BPG_WORKER_ID_BASE).
        char go = 0;
        if (read_full(sync_pipe[0], &go, 1) != 1 || (go != 'g' && go != 'o')) {
            struct child_report report = {STEP_SYNC, errno, mech};
            write_all(report_pipe[1], &report, sizeof report);
            _exit(127);
        }
        close(sync_pipe[0]);
        if (flags & CLONE_NEWNS) {
            if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 && (flags & CLONE_NEWPID)) {
                // hidepid=2: the worker sees only its own processes, not the reaper, whose memory
                // (and so /proc/1/cmdline) is a copy of the grader's. Without it if refused.
                unsigned long proc_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
                if (mount("proc", "/proc", "proc", proc_flags, "hidepid=2") == 0 ||
                    mount("proc", "/proc", "proc", proc_flags, NULL) == 0)
                    mech |= BPG_MECH_PRIVATE_PROC;
            }
        }
        setsid();
        if (flags & CLONE_NEWPID) {
            close(status_pipe[0]);
            run_reaper(rq, report_pipe[1], status_pipe[1], mech, go == 'o');
        }
        become_worker(rq, report_pipe[1], mech, 0, 0);
    }

    // ---- parent ----
    close(report_pipe[1]);
    close(sync_pipe[0]);
    if (pid < 0) {
        close(report_pipe[0]);
        close(sync_pipe[1]);
        if (status_pipe[0] >= 0) {
            close(status_pipe[0]);
            close(status_pipe[1]);
        }
        *failed_step = "creating the worker process";
        return clone_errno ? clone_errno : EAGAIN;
    }
    if (status_pipe[1] >= 0) close(status_pipe[1]);
    if (!(flags & CLONE_NEWPID) && status_pipe[0] >= 0) {
        close(status_pipe[0]);
        status_pipe[0] = -1;
    }
    uint32_t unprivileged = 0;
    int own = 0;
    if (flags & CLONE_NEWUSER) {
        char line[64];
        int root = geteuid() == 0;
        unsigned own_id = BPG_WORKER_ID_BASE + (unsigned)pid;
        unsigned outside_uid = root ? BPG_NOBODY : (unsigned)geteuid();
        unsigned outside_gid = root ? BPG_NOBODY : (unsigned)getegid();
        // Only an unprivileged creator must deny setgroups before mapping gids; root leaves it
        // allowed so that the worker can drop the supplementary groups it inherits.
        int rc = root ? 0 : write_proc_file(pid, "setgroups", "deny", 4);
        // Root first maps an id of the worker's own; where that id does not exist (root of a
        // container with fewer ids) the map says nobody and the worker keeps root's ids.
        if (rc == 0 && root && rq->own_ids &&
            write_proc_file(pid, "uid_map", line, format_map(line, 0, own_id)) == 0) {
            own = 1;
            outside_uid = own_id;
            if (write_proc_file(pid, "gid_map", line, format_map(line, 0, own_id)) == 0) outside_gid = own_id;
            else rc = write_proc_file(pid, "gid_map", line, format_map(line, 0, outside_gid));
        } else {
            if (rc == 0) rc = write_proc_file(pid, "uid_map", line, format_map(line, 0, outside_uid));
            if (rc == 0) rc = write_proc_file(pid, "gid_map", line, format_map(line, 0, outside_gid));
        }
        // The working directory becomes the worker's own: its own ids', or root's when it keeps them.
        if (rc == 0 && root && rq->workdir && chown(rq->workdir, own ? outside_uid : 0, own ? outside_gid : 0) != 0)
            rc = errno;
        if (rc != 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(report_pipe[0]);
            close(sync_pipe[1]);
            if (status_pipe[0] >= 0) close(status_pipe[0]);
            *failed_step = "mapping the worker's user id";
            return rc;
        }
        if (own || !root) unprivileged = BPG_MECH_UNPRIVILEGED;
    }
    write_all(sync_pipe[1], own ? "o" : "g", 1);
    close(sync_pipe[1]);

    // The worker reports once right before exec (mechanisms), and again only if something failed.
    struct child_report report;
    int got = read_full(report_pipe[0], &report, sizeof report);
    struct child_report failure;
    int got_failure = got == (int)sizeof report && report.step == STEP_OK
                          ? read_full(report_pipe[0], &failure, sizeof failure)
                          : 0;
    close(report_pipe[0]);
    if (got != (int)sizeof report || report.step != STEP_OK || got_failure == (int)sizeof failure) {
        struct child_report *bad = got == (int)sizeof report && report.step != STEP_OK ? &report : &failure;
        int err = bad->err ? bad->err : ECHILD;
        int step = (got == (int)sizeof report && report.step != STEP_OK) || got_failure == (int)sizeof failure
                       ? bad->step
                       : STEP_SYNC;
        *failed_step = step_names[step < 10 ? step : 0];
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        if (status_pipe[0] >= 0) close(status_pipe[0]);
        return err;
    }
    child->pid = pid;
    child->status_fd = status_pipe[0];
    child->mechanisms = report.mechanisms | unprivileged;
    return 0;
}

int bpg_wait(struct bpg_child *child, int *wait_status, int nohang) {
    int status = 0;
    pid_t done;
    do {
        done = waitpid(child->pid, &status, nohang ? WNOHANG : 0);
    } while (done < 0 && errno == EINTR);
    if (done < 0) return errno;
    if (done == 0) return EAGAIN;
    if (child->status_fd >= 0) {
        // The reaper passes up the worker's own status; if the reaper was killed, use its status.
        int inner = 0;
        if (read_full(child->status_fd, &inner, sizeof inner) == (int)sizeof inner) status = inner;
        close(child->status_fd);
        child->status_fd = -1;
    }
    *wait_status = status;
    return 0;
}

void bpg_kill(const struct bpg_child *child) {
    if (child->pid <= 0) return;
    // The process group first (covers the no-namespace case), then the reaper, whose death empties
    // its PID namespace.
    kill(-child->pid, SIGKILL);
    kill(child->pid, SIGKILL);
}

int bpg_status_signal(int wait_status) { return WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0; }

int bpg_status_exit_code(int wait_status) { return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1; }

int bpg_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno; }

void bpg_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
