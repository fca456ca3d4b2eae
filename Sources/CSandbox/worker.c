// The worker's side of its classes: what it checks between two classes, so that a class runs in a
// copy of a worker that nothing of an earlier class has touched (see CSandbox.h).
#define _GNU_SOURCE
#include "internal.h"
#include "restrict.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BPG_IOPRIO_WHO_PROCESS 1

int bpg_worker_begin(void) {
    int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return dumpable > 0 ? dumpable : 0;
}

int bpg_worker_state_read(struct bpg_worker_state *state) {
    memset(state, 0, sizeof *state);
    for (int resource = 0; resource < 16; resource++) {
        struct rlimit limit = {0, 0};
        if (getrlimit(resource, &limit) == 0) {
            state->limits[resource][0] = (uint64_t)limit.rlim_cur;
            state->limits[resource][1] = (uint64_t)limit.rlim_max;
        }
    }
    errno = 0;
    state->priority = getpriority(PRIO_PROCESS, 0);
    state->policy = sched_getscheduler(0);
    struct sched_param param;
    memset(&param, 0, sizeof param);
    state->sched_priority = sched_getparam(0, &param) == 0 ? param.sched_priority : -1;
    state->io_priority = (int32_t)syscall(SYS_ioprio_get, BPG_IOPRIO_WHO_PROCESS, 0);
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
        memcpy(state->affinity, &cpus, sizeof cpus < sizeof state->affinity ? sizeof cpus : sizeof state->affinity);
    for (int fd = 0; fd < 5; fd++) {
        state->flags[fd] = fcntl(fd, F_GETFL);
        state->pipe_sizes[fd] = fcntl(fd, F_GETPIPE_SZ);
    }
    struct stat folder;
    if (stat(".", &folder) != 0) return errno;
    state->folder_mode = (uint32_t)folder.st_mode;
    state->folder_uid = (uint32_t)folder.st_uid;
    state->folder_gid = (uint32_t)folder.st_gid;
    state->folder_xattrs = (int64_t)listxattr(".", NULL, 0);
    return 0;
}

/// Whether the working folder holds anything.
static int folder_has_entries(void) {
    DIR *dir = opendir(".");
    if (!dir) return 1;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) found = 1;
    }
    closedir(dir);
    return found;
}

/// Whether a System V IPC object exists in the worker's IPC namespace.
static int ipc_objects_exist(void) {
    struct shm_info shm;
    memset(&shm, 0, sizeof shm);
    if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&shm) >= 0 && shm.used_ids > 0) return 1;
    struct seminfo sem;
    memset(&sem, 0, sizeof sem);
    if (semctl(0, 0, SEM_INFO, &sem) >= 0 && sem.semusz > 0) return 1;
    struct msginfo msg;
    memset(&msg, 0, sizeof msg);
    if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&msg) >= 0 && msg.msgpool > 0) return 1;
    return 0;
}

uint32_t bpg_class_residue(const struct bpg_worker_state *initial) {
    uint32_t residue = 0;
    // As a subreaper, the worker is the parent of everything the class left running: reap what
    // has ended; anything else still runs.
    int status = 0;
    pid_t pid;
    do {
        pid = waitpid(-1, &status, WNOHANG);
    } while (pid > 0 || (pid < 0 && errno == EINTR));
    if (pid == 0) residue |= BPG_RESIDUE_PROCESSES;
    if (folder_has_entries()) residue |= BPG_RESIDUE_FILES;
    if (ipc_objects_exist()) residue |= BPG_RESIDUE_IPC;
    struct bpg_worker_state now;
    if (bpg_worker_state_read(&now) != 0) return residue | BPG_RESIDUE_FILES | BPG_RESIDUE_WORKER;
    if (now.folder_mode != initial->folder_mode || now.folder_uid != initial->folder_uid ||
        now.folder_gid != initial->folder_gid || now.folder_xattrs != initial->folder_xattrs)
        residue |= BPG_RESIDUE_FILES;
    now.folder_mode = initial->folder_mode;
    now.folder_uid = initial->folder_uid;
    now.folder_gid = initial->folder_gid;
    now.folder_xattrs = initial->folder_xattrs;
    if (memcmp(&now, initial, sizeof now) != 0) residue |= BPG_RESIDUE_WORKER;
    return residue;
}

// ---- a class's process ----

int bpg_enter_class(int dumpable, int forked, int single_threaded) {
    close(3);
    int rc = bpg_close_from(5);
    if (rc) return rc;
    if (prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0) != 0) return errno;
    if (!forked) {
        if (prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0) != 0) return errno;
        // The worker was started with a process more than a class may have, for itself while it
        // forks its classes: a class that runs in the worker itself gives it back.
        struct rlimit processes;
        if (getrlimit(RLIMIT_NPROC, &processes) == 0 && processes.rlim_max != RLIM_INFINITY && processes.rlim_max > 1) {
            processes.rlim_max -= 1;
            if (processes.rlim_cur > processes.rlim_max) processes.rlim_cur = processes.rlim_max;
            if (setrlimit(RLIMIT_NPROC, &processes) != 0) return errno;
        }
    }
    // A Landlock domain of its own that handles no access (the worker's rules still hold) but
    // scopes signals and abstract sockets to itself: the worker, outside it, is out of reach.
    if (bpg_landlock_abi() >= 6) {
        struct bpg_landlock_ruleset_attr attr = {0, 0, LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL};
        int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
        if (ruleset < 0) return errno;
        rc = syscall(__NR_landlock_restrict_self, ruleset, 0) == 0 ? 0 : errno;
        close(ruleset);
        if (rc) return rc;
    }
#ifndef BPG_AUDIT_ARCH
    return ENOSYS;
#else
    pid_t own_pid = (pid_t)syscall(SYS_getpid);
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BPG_AUDIT_ARCH, 1, 0),
        RET(SECCOMP_RET_KILL_PROCESS),
        LOAD_NR,
        // A POSIX message queue outlives its process, and no class may leave anything behind.
        DENY_NR(__NR_mq_open),
        // Another process's memory: only its own, which its crash reporter reads.
        OWN_PID_ONLY(__NR_process_vm_readv, own_pid),
        // A plugin compiled for one thread (non-atomic reference counting) stays on one: a clone
        // that shares this memory and gives the child a thread-local area of its own is a thread,
        // as every pthread_create makes (glibc's and musl's; Foundation's and Dispatch's threads
        // are theirs), unless it is a vfork, which suspends this process until the child execs
        // or exits (posix_spawn's). The process is killed with SIGSYS, which its grader reads as
        // "grade this class again with atomic counting". clone3 is already refused (ENOSYS) by
        // the worker's filter, so pthread_create comes here. A clone without a TLS of its own is
        // let through: the Swift runtime's crash handler starts its memory server that way, once
        // the process is crashing, and such a task cannot run Swift code beside its parent.
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
        LOAD_ARG0,
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, CLONE_VM | CLONE_VFORK | CLONE_SETTLS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CLONE_VM | CLONE_SETTLS, 0, 1),
        RET(SECCOMP_RET_KILL_PROCESS),
        ALLOW,
    };
    enum { THREAD_RULE = 5 };
    unsigned short length = (unsigned short)(sizeof filter / sizeof filter[0]);
    if (!single_threaded) {
        // Without the thread rule: its five instructions give way to the final ALLOW.
        filter[length - 1 - THREAD_RULE] = filter[length - 1];
        length -= THREAD_RULE;
    }
    struct sock_fprog program = {.len = length, .filter = filter};
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) return errno;
    return 0;
#endif
}
