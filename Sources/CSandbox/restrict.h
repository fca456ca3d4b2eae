// Definitions shared by the files that restrict a process (restrict.c, worker.c): Landlock's ABI
// beyond what the system headers know, and the seccomp filter's building blocks.
#ifndef BPG_RESTRICT_H
#define BPG_RESTRICT_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

// ---- Landlock ----
// The system headers here know only ABI 1; these are the kernel's stable values for later ABIs.
struct bpg_landlock_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};
struct bpg_landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_ABI1_ALL ((1ULL << 13) - 1)
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_FS_FILE_ONLY (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

// ---- seccomp ----

#if defined(__x86_64__)
#define BPG_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define BPG_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define LOAD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LOAD_ARG0 BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define RET(value) BPF_STMT(BPF_RET | BPF_K, (value))
#define DENY(err) RET(SECCOMP_RET_ERRNO | (err))
#define ALLOW RET(SECCOMP_RET_ALLOW)
/// Refuses system call `nr` with EPERM (two instructions).
#define DENY_NR(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), DENY(EPERM)
/// Allows system call `nr` only with `pid` as its first argument (its own), refusing it with EPERM
/// otherwise; any other call goes on to the next rule (five instructions, the number loaded).
#define OWN_PID_ONLY(nr, pid)                                                        \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 4), LOAD_ARG0,                      \
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(pid), 0, 1), ALLOW, DENY(EPERM)

#endif
