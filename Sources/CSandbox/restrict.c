// Landlock and seccomp, applied by the sandboxed process to itself just before it execs, so that
// they hold from its first instruction on (both survive execve).
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "restrict.h"

// ---- Landlock ----
int bpg_landlock_abi(void) {
    int version = (int)syscall(__NR_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return version < 0 ? -errno : version;
}

/// Allows `access` beneath `path`. A path that does not exist is not allowed, which is no error.
static int add_rule(int ruleset, const char *path, uint64_t access, uint64_t handled) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT || errno == ENOTDIR ? 0 : errno;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return err;
    }
    // Directory-only rights are refused on a file.
    if (!S_ISDIR(st.st_mode)) access &= LL_FS_FILE_ONLY;
    struct bpg_landlock_path_beneath_attr rule = {.allowed_access = access & handled, .parent_fd = fd};
    int rc = (int)syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    int err = rc == 0 ? 0 : errno;
    close(fd);
    return err;
}

int bpg_apply_landlock(const struct bpg_spawn_request *rq, uint32_t *mechanisms) {
    if (!rq->landlock) return 0;
    int version = bpg_landlock_abi();
    if (version < 1) return 0;  // no Landlock here: the mechanism is simply not in force

    struct bpg_landlock_ruleset_attr attr = {0, 0, 0};
    attr.handled_access_fs = LL_FS_ABI1_ALL;
    if (version >= 2) attr.handled_access_fs |= LL_FS_REFER;
    if (version >= 3) attr.handled_access_fs |= LL_FS_TRUNCATE;
    if (version >= 5) attr.handled_access_fs |= LL_FS_IOCTL_DEV;
    if (version >= 4) attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
    if (version >= 6) attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
    size_t size = version >= 6   ? sizeof attr
                  : version >= 4 ? offsetof(struct bpg_landlock_ruleset_attr, scoped)
                                 : sizeof(uint64_t);
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) return errno;

    uint64_t handled = attr.handled_access_fs;
    uint64_t read = LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_EXECUTE;
    uint64_t exec = LL_FS_READ_FILE | LL_FS_EXECUTE;
    int err = 0;
    for (int i = 0; i < rq->read_count && !err; i++) err = add_rule(ruleset, rq->read_paths[i], read, handled);
    for (int i = 0; i < rq->exec_count && !err; i++) err = add_rule(ruleset, rq->exec_paths[i], exec, handled);
    for (int i = 0; i < rq->write_count && !err; i++) err = add_rule(ruleset, rq->write_paths[i], handled, handled);
    if (!err && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) err = errno;
    if (!err && syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) err = errno;
    close(ruleset);
    if (err) return err;
    *mechanisms |= BPG_MECH_LANDLOCK_FS;
    if (attr.handled_access_net) *mechanisms |= BPG_MECH_LANDLOCK_NET;
    if (attr.scoped) *mechanisms |= BPG_MECH_LANDLOCK_SCOPE;
    return 0;
}

// ---- seccomp ----
int bpg_apply_seccomp(int profile, pid_t own_pid) {
    if (profile == BPG_SECCOMP_NONE) return 0;
#ifndef BPG_AUDIT_ARCH
    (void)own_pid;
    return ENOSYS;
#else
    const uint32_t namespace_flags =
        CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
    // The worker's additions come first (they end in their own returns), then the common rules.
    struct sock_filter worker_rules[] = {
        // No new sessions or process groups: everything it starts stays in the group the grader kills.
        DENY_NR(__NR_setsid),
        DENY_NR(__NR_setpgid),
        // Another process's memory: only its own, which its crash reporter (a child) reads.
        OWN_PID_ONLY(__NR_process_vm_readv, own_pid),
    };
    struct sock_filter common_rules[] = {
        // clone: no new namespaces.
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
        LOAD_ARG0,
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, namespace_flags, 0, 1),
        DENY(EPERM),
        ALLOW,
        // clone3 hides its flags in memory: say it does not exist, so libc falls back to clone.
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
        DENY(ENOSYS),
        // No sockets of any family: no network, no netlink, and no UNIX socket of the host (a
        // pathname socket is not governed by Landlock). socketpair stays: it reaches nobody.
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 1),
        DENY(EAFNOSUPPORT),
        DENY_NR(__NR_ptrace),
        DENY_NR(__NR_process_vm_writev),
        DENY_NR(__NR_mount),
        DENY_NR(__NR_umount2),
        DENY_NR(__NR_pivot_root),
        DENY_NR(__NR_chroot),
        DENY_NR(__NR_unshare),
        DENY_NR(__NR_setns),
        DENY_NR(__NR_swapon),
        DENY_NR(__NR_swapoff),
        DENY_NR(__NR_reboot),
        DENY_NR(__NR_kexec_load),
        DENY_NR(__NR_kexec_file_load),
        DENY_NR(__NR_init_module),
        DENY_NR(__NR_finit_module),
        DENY_NR(__NR_delete_module),
        DENY_NR(__NR_bpf),
        DENY_NR(__NR_perf_event_open),
        DENY_NR(__NR_keyctl),
        DENY_NR(__NR_add_key),
        DENY_NR(__NR_request_key),
        DENY_NR(__NR_userfaultfd),
        DENY_NR(__NR_io_uring_setup),
        DENY_NR(__NR_io_uring_enter),
        DENY_NR(__NR_io_uring_register),
        DENY_NR(__NR_open_tree),
        DENY_NR(__NR_move_mount),
        DENY_NR(__NR_fsopen),
        DENY_NR(__NR_fsconfig),
        DENY_NR(__NR_fsmount),
        DENY_NR(__NR_fspick),
        DENY_NR(__NR_mount_setattr),
        DENY_NR(__NR_pidfd_getfd),
        DENY_NR(__NR_acct),
        DENY_NR(__NR_quotactl),
        DENY_NR(__NR_syslog),
        DENY_NR(__NR_settimeofday),
        DENY_NR(__NR_clock_settime),
        DENY_NR(__NR_clock_adjtime),
        DENY_NR(__NR_adjtimex),
        DENY_NR(__NR_name_to_handle_at),
        DENY_NR(__NR_open_by_handle_at),
#if defined(__x86_64__)
        DENY_NR(__NR_iopl),
        DENY_NR(__NR_ioperm),
#endif
        DENY_NR(__NR_vhangup),
        ALLOW,
    };
    struct sock_filter head[] = {
        // Only this architecture's native calls.
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BPG_AUDIT_ARCH, 1, 0),
        RET(SECCOMP_RET_KILL_PROCESS),
        LOAD_NR,
#if defined(__x86_64__)
        // No x32 calls.
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        DENY(EPERM),
#endif
    };
    enum { HEAD = sizeof head / sizeof head[0], WORKER = sizeof worker_rules / sizeof worker_rules[0] };
    enum { COMMON = sizeof common_rules / sizeof common_rules[0] };
    struct sock_filter filter[HEAD + WORKER + 1 + COMMON];
    size_t count = 0;
    memcpy(filter, head, sizeof head);
    count += HEAD;
    if (profile == BPG_SECCOMP_WORKER) {
        memcpy(filter + count, worker_rules, sizeof worker_rules);
        count += WORKER;
        // The process_vm_readv rule loaded the first argument: load the call's number again.
        filter[count++] = (struct sock_filter)LOAD_NR;
    } else if (profile == BPG_SECCOMP_WORKER_SERVER) {
        // The session and group rules only (four instructions): each class's process adds the
        // memory rule for its own pid (bpg_enter_class).
        memcpy(filter + count, worker_rules, 4 * sizeof worker_rules[0]);
        count += 4;
    }
    memcpy(filter + count, common_rules, sizeof common_rules);
    count += COMMON;
    struct sock_fprog program = {.len = (unsigned short)count, .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) return errno;
    return 0;
#endif
}
