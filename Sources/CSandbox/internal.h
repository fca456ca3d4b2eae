// Shared by the C files of CSandbox; not part of the Swift-visible boundary.
//
// Everything declared here may run in the child of a clone() made by a multi-threaded process, so
// it uses raw system calls and stack buffers only: no malloc, no stdio, no locks.
#ifndef BPG_CSANDBOX_INTERNAL_H
#define BPG_CSANDBOX_INTERNAL_H

#include "CSandbox.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Applies the request's Landlock rules to the calling process. Returns 0 (adding the
/// bpg_mechanism bits in force to `*mechanisms`, none when the kernel has no Landlock) or an errno
/// value when the kernel has Landlock but refused the rules.
int bpg_apply_landlock(const struct bpg_spawn_request *request, uint32_t *mechanisms);

/// Installs the seccomp filter of `profile` (a bpg_seccomp_profile) on the calling process;
/// `own_pid` is the pid whose memory the process may read (its own, for its crash reporter).
/// Returns 0 or an errno value.
int bpg_apply_seccomp(int profile, pid_t own_pid);

/// Builds a new root on `request->root` from `request->mounts` and makes it the calling process's
/// root (pivot_root), read-only but for the writable steps. `owner` is the uid and gid, as seen in
/// the calling process's user namespace, that owns the tmpfs steps. Returns 0 or an errno value,
/// with the failing step's index in `*failed_index` (-1 for the root itself or the pivot).
int bpg_build_root(const struct bpg_spawn_request *request, unsigned owner, int *failed_index);

/// Writes all of `buf` (retrying on EINTR). Returns 0 or -1.
int bpg_write_all(int fd, const void *buf, size_t n);

/// Reads up to `n` bytes, until end of file (retrying on EINTR). Returns the count, or -1.
int bpg_read_full(int fd, void *buf, size_t n);

/// Formats `value` in decimal into `out` (at least 11 bytes); returns the length.
size_t bpg_format_unsigned(char *out, unsigned value);

/// Processes' uid and gid when no id of their own is given (nobody).
#define BPG_NOBODY 65534u

/// A child's report up the report pipe: the step reached (BPG_STEP_NONE: about to exec) and errno.
struct child_report {
    int step;
    int err;
    int index;
    uint32_t mechanisms;
};

static inline void bpg_report_failure(int fd, int step, int err, int index, uint32_t mechanisms) {
    struct child_report report = {step, err, index, mechanisms};
    bpg_write_all(fd, &report, sizeof report);
}

/// What the grader tells the reaper once its id maps are written.
struct go_message {
    char go;           ///< 'g'
    char own_ids;      ///< 1: switch to `id`
    unsigned id;       ///< the process's uid outside every namespace
    /// Tasks its user id already has, which RLIMIT_NPROC counts with the process's own: nonzero only
    /// when it shares the grader's id (no user namespace, no id of its own), 0 otherwise.
    unsigned shared_tasks;
};

/// fork() by raw clone with extra `flags` (namespaces): safe in a multi-threaded parent's child.
pid_t bpg_raw_fork(unsigned long flags);

/// Closes every descriptor from `first` up but `keep` (-1 for none). Returns 0 or an errno value.
int bpg_close_all_but(int first, int keep);

/// Restores every signal's default action and unblocks them all.
void bpg_reset_signals(void);

/// Becomes the process proper (reaper.c forks it): descriptors, limits, ids, capabilities,
/// Landlock, seccomp, then execve. Never returns; failures go up `report_fd`.
void bpg_become_process(const struct bpg_spawn_request *rq, int report_fd, uint32_t mechanisms,
                        const struct go_message *go, int in_user_ns);

/// Runs the reaper (the clone's child in spawn.c). Never returns.
void bpg_run_reaper(const struct bpg_spawn_request *rq, unsigned long flags, int report_fd, int sync_fd,
                    int status_fd);

#endif
