// The reaper: pid 1 of the sandbox's namespaces (or a subreaper without them). It builds the
// root, forks the process proper, passes its wait status up, and kills everything it started.
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
void bpg_run_reaper(const struct bpg_spawn_request *rq, unsigned long flags, int report_fd, int sync_fd,
                       int status_fd) {
    int in_pid_ns = (flags & CLONE_NEWPID) != 0;
    int in_user_ns = (flags & CLONE_NEWUSER) != 0;
    bpg_reset_signals();
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
        bpg_report_failure(report_fd, BPG_STEP_SYNC, errno ? errno : EPIPE, -1, mechanisms);
        _exit(127);
    }
    close(sync_fd);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    scrub(rq);

    if (rq->root) {
        int index = -1;
        int rc = (flags & CLONE_NEWNS) ? bpg_build_root(rq, in_user_ns ? 0 : (go.own_ids ? go.id : 0), &index) : ENOSYS;
        if (rc) {
            bpg_report_failure(report_fd, BPG_STEP_ROOT, rc, index, mechanisms);
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

    pid_t process = bpg_raw_fork(0);
    if (process < 0) {
        bpg_report_failure(report_fd, BPG_STEP_FORK, errno, -1, mechanisms);
        _exit(127);
    }
    if (process == 0) {
        close(status_fd);
        bpg_become_process(rq, report_fd, mechanisms, &go, in_user_ns);
    }
    close(report_fd);
    // The reaper holds nothing of the grader's but the status pipe.
    for (int fd = 0; fd < 3; fd++)
        if (fd != status_fd) close(fd);
    bpg_close_all_but(3, status_fd);
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
