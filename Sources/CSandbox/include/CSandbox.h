// CSandbox: what the grader's worker sandbox needs from Linux that Glibc's Swift module lacks.
//
// Every function here is plain C and returns a status; nothing here prints. The Swift side
// (GraderCore's Sandbox folder) turns statuses into values and messages.
#ifndef BPG_CSANDBOX_H
#define BPG_CSANDBOX_H

#include <stdint.h>
#include <sys/types.h>

/// Which isolation mechanisms a spawned worker got. A bit is set only when the mechanism is in force.
enum bpg_mechanism {
    BPG_MECH_USER_NS = 1 << 0,     ///< new user namespace (uid mapped to an unprivileged user)
    BPG_MECH_PID_NS = 1 << 1,      ///< new PID namespace: the worker cannot see or signal the grader
    BPG_MECH_NET_NS = 1 << 2,      ///< new network namespace: no network at all
    BPG_MECH_MOUNT_NS = 1 << 3,    ///< new mount namespace
    BPG_MECH_PRIVATE_PROC = 1 << 4,///< /proc remounted inside: it shows only the sandbox's processes
                                   ///< (only the worker's own where hidepid is supported)
    BPG_MECH_IPC_NS = 1 << 5,      ///< new IPC namespace
    BPG_MECH_UNPRIVILEGED = 1 << 6,///< runs as an unprivileged uid (RLIMIT_NPROC is enforced)
    BPG_MECH_NO_CAPS = 1 << 7,     ///< every capability dropped, no_new_privs set
    BPG_MECH_LANDLOCK_FS = 1 << 8, ///< Landlock: files outside the allowed paths cannot be opened
    BPG_MECH_LANDLOCK_NET = 1 << 9,///< Landlock: no TCP bind or connect
    BPG_MECH_LANDLOCK_SCOPE = 1 << 10, ///< Landlock: no signals or abstract sockets outside the sandbox
    BPG_MECH_SECCOMP = 1 << 11,    ///< seccomp filter: ptrace, mount, namespaces, kernel keyrings... refused
};

/// Resource limits applied to the worker just before it starts (setrlimit). Zero means "leave as is".
struct bpg_limits {
    uint64_t address_space_bytes;  ///< RLIMIT_AS
    uint64_t cpu_seconds;          ///< RLIMIT_CPU (soft; the hard limit is one second more)
    uint64_t processes;            ///< RLIMIT_NPROC (enforced only for an unprivileged uid)
    uint64_t open_files;           ///< RLIMIT_NOFILE
    uint64_t file_size_bytes;      ///< RLIMIT_FSIZE
};

/// What to start. `fds[i]` becomes descriptor i in the worker (0 = stdin, 1 = stdout, 2 = stderr, 3...);
/// every other descriptor is closed. `workdir` becomes the working directory.
struct bpg_spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *workdir;
    const int *fds;
    int fd_count;
    int use_namespaces;            ///< 0: plain process group only (for kernels without namespaces)
    int own_ids;                   ///< 1: with a user namespace made by root, run the worker as an
                                   ///< unprivileged id of its own where that id exists (ask only if
                                   ///< any user can reach every file the worker needs); 0: the
                                   ///< worker keeps the grader's ids
    struct bpg_limits limits;
};

/// A started worker. With a PID namespace, `pid` is a tiny init process (the reaper) whose death kills
/// everything in the namespace; `status_fd` then delivers the worker's own wait status.
struct bpg_child {
    pid_t pid;
    int status_fd;                 ///< -1 without a reaper
    uint32_t mechanisms;           ///< bpg_mechanism bits in force
};

/// Starts a sandboxed worker. Returns 0, or an errno value; `failed_step` then names the step that failed.
int bpg_spawn(const struct bpg_spawn_request *request, struct bpg_child *child, const char **failed_step);

/// Waits for the worker. Returns 0 and its wait status, or an errno value. With `nohang`, returns EAGAIN
/// while it still runs.
int bpg_wait(struct bpg_child *child, int *wait_status, int nohang);

/// Kills the worker and everything it started (its namespace or its process group).
void bpg_kill(const struct bpg_child *child);

/// Restricts this process with Landlock: after it, only the given paths can be opened, as given.
/// Paths that do not exist are skipped. Returns the bpg_mechanism bits in force (0 when Landlock is
/// missing) and the kernel's Landlock ABI version in `abi` (0 or negative when unavailable).
uint32_t bpg_landlock_restrict(const char *const *read_paths, int read_count,
                               const char *const *exec_paths, int exec_count,
                               const char *const *write_paths, int write_count, int *abi);

/// Installs a seccomp filter that refuses (EPERM) the system calls a submission never needs: ptrace,
/// mount, namespaces, module loading, keyrings, bpf, perf, io_uring, reboot... Returns 0 or an errno value.
int bpg_seccomp_restrict(void);

/// Whether a wait status means "killed by a signal", and which (wrappers for the W* macros).
int bpg_status_signal(int wait_status);
/// The exit code of a wait status, or -1 when the process did not exit normally.
int bpg_status_exit_code(int wait_status);

/// pipe2(fds, O_CLOEXEC): Glibc's Swift module does not declare pipe2. Returns 0 or an errno value.
int bpg_pipe_cloexec(int fds[2]);

/// Makes the calling process's standard output line-buffered (setvbuf), so that a worker's prints
/// reach its pipe before a crash or a timeout; Swift 6 refuses to touch Glibc's `stdout` global.
void bpg_line_buffer_stdout(void);

#endif
