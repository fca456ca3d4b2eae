// CSandbox: what the grader's sandbox needs from Linux that Glibc's Swift module lacks.
//
// Version 2 of this boundary. Every function here is plain C and returns 0 or an errno value (or
// says otherwise in its comment); nothing here prints or allocates after a clone. The Swift side
// (GraderCore's Sandbox folder) decides the policy (which paths, which ids, which limits) and
// turns statuses into values and messages; this file only carries the policy out.
#ifndef BPG_CSANDBOX_H
#define BPG_CSANDBOX_H

#include <stdint.h>
#include <sys/types.h>

/// Which isolation mechanisms a spawned process got. A bit is set only when the mechanism is in force.
enum bpg_mechanism {
    BPG_MECH_USER_NS = 1 << 0,      ///< new user namespace
    BPG_MECH_PID_NS = 1 << 1,       ///< new PID namespace: it cannot see or signal the grader
    BPG_MECH_NET_NS = 1 << 2,       ///< new network namespace: no network at all
    BPG_MECH_MOUNT_NS = 1 << 3,     ///< new mount namespace
    BPG_MECH_PRIVATE_PROC = 1 << 4, ///< a /proc of its own PID namespace, other users' processes hidden
    BPG_MECH_IPC_NS = 1 << 5,       ///< new IPC namespace
    BPG_MECH_UNPRIVILEGED = 1 << 6, ///< runs as an unprivileged user id (RLIMIT_NPROC is enforced)
    BPG_MECH_NO_CAPS = 1 << 7,      ///< every capability dropped, no_new_privs set
    BPG_MECH_LANDLOCK_FS = 1 << 8,  ///< Landlock: files outside the allowed paths cannot be opened
    BPG_MECH_LANDLOCK_NET = 1 << 9, ///< Landlock: no TCP bind or connect
    BPG_MECH_LANDLOCK_SCOPE = 1 << 10, ///< Landlock: no signals or abstract sockets outside the sandbox
    BPG_MECH_SECCOMP = 1 << 11,     ///< seccomp filter: sockets, ptrace, mount, namespaces... refused
    BPG_MECH_MINIMAL_ROOT = 1 << 12,///< its root is a new, read-only tree holding only what it needs
    BPG_MECH_PRIVATE_TMP = 1 << 13, ///< its writable folder is a size-capped tmpfs that vanishes with it
};

/// Namespaces to ask for (BPG_NS_ALL); the spawn falls back to fewer when the kernel refuses.
enum bpg_namespaces {
    BPG_NS_NONE = 0,
    BPG_NS_ALL = 1,
};

/// Seccomp profiles.
enum bpg_seccomp_profile {
    BPG_SECCOMP_NONE = 0,
    /// A trusted tool on hostile input (the compiler): no sockets, ptrace, mounts, namespaces...
    BPG_SECCOMP_TOOL = 1,
    /// Student code: the tool profile, and no new sessions or process groups (so that every
    /// process it starts stays where the grader kills it), and reading another process's memory
    /// only for its own crash reporter.
    BPG_SECCOMP_WORKER = 2,
    /// The worker's own process, which runs no student code but forks a process for each graded
    /// class: the worker profile without its memory rule, which each class's process adds for its
    /// own pid before it loads anything of the submission (`bpg_enter_class`).
    BPG_SECCOMP_WORKER_SERVER = 3,
};

/// Resource limits applied just before exec (setrlimit). Zero means "leave as is".
struct bpg_limits {
    uint64_t address_space_bytes;  ///< RLIMIT_AS
    uint64_t cpu_seconds;          ///< RLIMIT_CPU (soft; the hard limit is one second more)
    /// RLIMIT_NPROC (enforced only for an unprivileged uid): the process's own tasks; with the
    /// grader's own user id (no user namespace, no id of its own), on top of the tasks that id has
    /// at the spawn, which RLIMIT_NPROC counts too.
    uint64_t processes;
    uint64_t open_files;           ///< RLIMIT_NOFILE
    uint64_t file_size_bytes;      ///< RLIMIT_FSIZE
};

/// The kinds of step that build a sandbox root (see `bpg_mount`).
enum bpg_mount_kind {
    BPG_MOUNT_TMPFS = 1,    ///< a tmpfs at `target`, with `options` (e.g. "size=16m,mode=0700")
    BPG_MOUNT_BIND = 2,     ///< `source` (a directory or a file) at `target`, read-only unless writable
    BPG_MOUNT_PROC = 3,     ///< the PID namespace's own /proc at `target`, other users hidden
    BPG_MOUNT_SYMLINK = 4,  ///< a symbolic link at `target` pointing to `source`
    BPG_MOUNT_DIR = 5,      ///< an empty directory at `target`
    BPG_MOUNT_OVERLAY = 6,  ///< `source` seen through a writable overlay (`options` names upper and work
                            ///< directories); a read-only bind of `source` where overlays are refused
};

/// Flags of a `bpg_mount`.
enum bpg_mount_flags {
    BPG_MOUNT_WRITABLE = 1 << 0, ///< a bind that stays writable
    BPG_MOUNT_FILE = 1 << 1,     ///< the bind's source is a file (its target is made as a file)
    BPG_MOUNT_DEVICE = 1 << 2,   ///< the bind's source is a device node (keep device access)
    BPG_MOUNT_OPTIONAL = 1 << 3, ///< skip the step when its source does not exist
    BPG_MOUNT_OWNED = 1 << 4,    ///< a writable bind whose source the grader first gives to the
                                 ///< process's own id (so that it, and only it, can write there)
};

/// One step of building a sandbox root. Targets are absolute paths as the sandboxed process will
/// see them; they are made (with their parents) inside the new root. Steps run in order.
struct bpg_mount {
    int kind;
    int flags;
    const char *source;
    const char *target;
    const char *options;
};

/// What to start. `fds[i]` becomes descriptor i (0 = stdin, 1 = stdout, 2 = stderr, 3...); every
/// other descriptor is closed.
struct bpg_spawn_request {
    const char *path;              ///< the executable, as seen inside the sandbox
    char *const *argv;
    char *const *envp;
    const char *workdir;           ///< the working directory, as seen inside the sandbox
    const int *fds;
    int fd_count;
    int namespaces;                ///< BPG_NS_ALL or BPG_NS_NONE
    int own_ids;                   ///< 1: as root, run as an unprivileged id of its own (BPG_OWN_ID_BASE
                                   ///< + the reaper's pid); 0: keep the grader's ids (an ordinary user
                                   ///< always keeps its own: it has no other id to give)
    struct bpg_limits limits;
    /// A host directory on which to build a new root from `mounts` (needs a mount namespace);
    /// NULL keeps the host's root. Building it is all or nothing: a failed step fails the spawn.
    const char *root;
    const struct bpg_mount *mounts;
    int mount_count;
    /// Landlock rules, as paths inside the sandbox; applied just before exec, with TCP and
    /// out-of-sandbox signals and abstract sockets refused. `landlock` 0 skips it.
    int landlock;
    const char *const *read_paths;
    int read_count;
    const char *const *exec_paths;
    int exec_count;
    const char *const *write_paths;
    int write_count;
    int seccomp;                   ///< a bpg_seccomp_profile
    /// Memory of the grader that the reaper (a copy of it) overwrites with zeros: its command line
    /// and environment, so that a process of the same user cannot read them from /proc/1.
    uintptr_t scrub_start[2];
    uintptr_t scrub_end[2];
};

/// The base of the unprivileged ids root gives sandboxed processes (plus the reaper's pid, so that
/// RLIMIT_NPROC, counted per user and machine-wide, limits each one alone).
#define BPG_OWN_ID_BASE 1000000000u

/// A started process. `pid` is its reaper: in a PID namespace that namespace's init, whose death
/// kills everything in it; otherwise a process-group leader that kills its group when the grader
/// dies. `status_fd` becomes readable when the process ends: it delivers its wait status.
struct bpg_child {
    pid_t pid;
    int status_fd;
    uint32_t mechanisms;           ///< bpg_mechanism bits in force
    uint32_t id;                   ///< the uid it runs as, outside every namespace
};

/// The steps of a spawn, for messages (`bpg_spawn`'s `failed_step`).
enum bpg_step {
    BPG_STEP_NONE = 0,
    BPG_STEP_PIPES,
    BPG_STEP_CLONE,
    BPG_STEP_ID_MAP,
    BPG_STEP_SYNC,
    BPG_STEP_ROOT,
    BPG_STEP_FORK,
    BPG_STEP_DESCRIPTORS,
    BPG_STEP_WORKDIR,
    BPG_STEP_LIMITS,
    BPG_STEP_IDS,
    BPG_STEP_CAPABILITIES,
    BPG_STEP_NO_NEW_PRIVS,
    BPG_STEP_LANDLOCK,
    BPG_STEP_SECCOMP,
    BPG_STEP_EXEC,
    BPG_STEP_REPORT,
};

/// Starts a sandboxed process. Returns 0, or an errno value; `failed_step` then holds a bpg_step and
/// `failed_index` the mount step (for BPG_STEP_ROOT) that failed, or -1.
int bpg_spawn(const struct bpg_spawn_request *request, struct bpg_child *child, int *failed_step,
              int *failed_index);

/// Reaps the reaper after `status_fd` became readable (or to collect a killed one) and returns the
/// process's wait status in `wait_status`. Blocks until the reaper has ended. Returns 0 or an errno.
int bpg_reap(struct bpg_child *child, int *wait_status);

/// Kills the process and everything it started. In a PID namespace the reaper's death ends it all;
/// without one the reaper is asked (SIGTERM) to kill its descendants and its process group, and
/// `hard` kills the group and the reaper at once instead (for a reaper that does not answer).
void bpg_kill(const struct bpg_child *child, int hard);

/// Whether a wait status means "killed by a signal", and which (wrappers for the W* macros).
int bpg_status_signal(int wait_status);
/// The exit code of a wait status, or -1 when the process did not exit normally.
int bpg_status_exit_code(int wait_status);

/// pipe2(fds, O_CLOEXEC): Glibc's Swift module does not declare pipe2. Returns 0 or an errno value.
int bpg_pipe_cloexec(int fds[2]);

/// Closes every descriptor from `first` up, with close_range where the kernel has it and a loop
/// over the open descriptors where it does not. Returns 0 or an errno value.
int bpg_close_from(int first);

/// Makes the calling process's standard output line-buffered (setvbuf), so that a worker's prints
/// reach its pipe before a crash or a timeout; Swift 6 refuses to touch Glibc's `stdout` global.
void bpg_line_buffer_stdout(void);

/// Makes this process non-dumpable: no core dumps, and no process of the same user can read its
/// memory or its environment through /proc or ptrace. Returns 0 or an errno value.
int bpg_make_undumpable(void);

/// The Landlock ABI version the kernel offers (0 or less when it has none).
int bpg_landlock_abi(void);

// ---- the worker's classes ----
//
// A worker (started under BPG_SECCOMP_WORKER_SERVER) runs each graded class in a process it forks,
// a copy of itself that has run no student code, and gives the next class to a new copy only when
// the last one left nothing behind (`bpg_class_residue`).

/// What a class left behind in its worker (bits of `bpg_class_residue`).
enum bpg_residue {
    BPG_RESIDUE_PROCESSES = 1 << 0, ///< a process it started still runs
    BPG_RESIDUE_FILES = 1 << 1,     ///< the worker's folder holds a file, or its mode, owner or xattrs changed
    BPG_RESIDUE_IPC = 1 << 2,       ///< a System V shared memory segment, semaphore set or message queue exists
    BPG_RESIDUE_WORKER = 1 << 3,    ///< a limit, the priority, scheduling or CPU affinity of the worker, or a
                                    ///< descriptor it shares with its classes' processes, changed
};

/// What of the worker process another process of the same user could change: compared before and
/// after each class (`bpg_class_residue`).
struct bpg_worker_state {
    uint64_t limits[16][2];   ///< every rlimit, soft and hard
    int32_t priority;         ///< getpriority(PRIO_PROCESS, 0)
    int32_t policy;           ///< sched_getscheduler(0)
    int32_t sched_priority;   ///< sched_getparam(0)
    int32_t io_priority;      ///< ioprio_get(IOPRIO_WHO_PROCESS, 0)
    uint64_t affinity[16];    ///< sched_getaffinity(0)
    int32_t flags[5];         ///< F_GETFL of descriptors 0 to 4 (-1 when closed)
    int32_t pipe_sizes[5];    ///< F_GETPIPE_SZ of descriptors 0 to 4 (-1 when not a pipe)
    uint32_t folder_mode;     ///< the working folder's mode, owner and group
    uint32_t folder_uid;
    uint32_t folder_gid;
    int64_t folder_xattrs;    ///< the size of its extended attribute names
};

/// Prepares the calling process to be a worker that forks its classes: a subreaper (whatever a
/// class starts stays its descendant), and not dumpable (no process of the same user reads or
/// opens anything of it through /proc). Returns the dumpable setting it had, for its classes.
int bpg_worker_begin(void);

/// Reads the calling process's state. Returns 0 or an errno value.
int bpg_worker_state_read(struct bpg_worker_state *state);

/// In the worker, once a class's process has been reaped: reaps what else has ended, and says what
/// the class left behind (bpg_residue bits) compared with `initial`, the worker's state before its
/// first class.
uint32_t bpg_class_residue(const struct bpg_worker_state *initial);

/// In a class's process, before it loads anything of the submission: closes every descriptor but
/// 0, 1, 2 and 4, makes the process `dumpable` again (as it was after exec) and, when the class runs
/// in the worker itself (`forked` 0), no subreaper and one process fewer in its RLIMIT_NPROC (the
/// slot a worker that forks keeps for itself: a worker is started with one more), enters a Landlock
/// domain of its own that scopes signals and abstract sockets (where the kernel has scoping: so
/// that nothing it runs can signal the worker), and adds the worker's memory rule for its own pid
/// and a refusal of POSIX message queues (which would outlive it) to its seccomp filter. With
/// `single_threaded` (a plugin compiled with non-atomic reference counting) the filter also kills
/// the process with SIGSYS when it starts a thread: a clone that shares its memory and sets a TLS
/// of its own (what every pthread_create does), a vfork's child excepted. Returns 0 or an errno
/// value.
int bpg_enter_class(int dumpable, int forked, int single_threaded);

#endif
