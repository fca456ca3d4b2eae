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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// The tasks (processes and threads) whose real user id is `uid`: what RLIMIT_NPROC counts for a
/// process of that id. Runs in the grader, not in a clone's child, so it may use opendir and stdio.
/// A process it cannot read (gone meanwhile, or another user's) is not counted.
static unsigned count_user_tasks(uid_t uid) {
    DIR *proc = opendir("/proc");
    if (!proc) return 0;
    unsigned total = 0;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
        struct stat st;
        // The folder's owner is the process's effective id: a quick filter before its status.
        if (fstatat(dirfd(proc), entry->d_name, &st, 0) != 0 || st.st_uid != uid) continue;
        char path[300];
        snprintf(path, sizeof path, "/proc/%s/status", entry->d_name);
        FILE *status = fopen(path, "re");
        if (!status) continue;
        char line[256];
        unsigned real = (unsigned)-1, threads = 0;
        while (fgets(line, sizeof line, status)) {
            if (sscanf(line, "Uid: %u", &real) == 1) continue;
            if (sscanf(line, "Threads: %u", &threads) == 1) break;
        }
        fclose(status);
        if (real == (unsigned)uid) total += threads;
    }
    closedir(proc);
    return total;
}

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
        pid_t pid = bpg_raw_fork(*flags);
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
        bpg_run_reaper(rq, flags, report_pipe[1], sync_pipe[0], status_pipe[1]);
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
    // Sharing the grader's user id, the process's RLIMIT_NPROC counts every task of that user (this
    // grader's threads, its other workers, the user's shell): its limit is what they hold now plus
    // its own. Without this a busy user's worker could not fork at all, and a quiet one's more.
    unsigned shared = 0;
    if (!(flags & CLONE_NEWUSER) && !own && geteuid() != 0) shared = count_user_tasks(getuid());
    struct go_message go = {'g', (char)own, id, shared};
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
