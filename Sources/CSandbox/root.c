// Building a sandbox's root: a tmpfs holding only bind mounts of what the sandboxed process needs,
// made its root with pivot_root and remounted read-only. Runs in the reaper, pid 1 of the new
// namespaces, after the grader has written its id maps: raw system calls and stack buffers only.
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BPG_PATH_MAX 4096

/// `root` + `target` into `out`. Returns 0 or ENAMETOOLONG.
static int join(char *out, const char *root, const char *target) {
    size_t a = strlen(root), b = strlen(target);
    if (a + b + 1 > BPG_PATH_MAX) return ENAMETOOLONG;
    memcpy(out, root, a);
    memcpy(out + a, target, b + 1);
    return 0;
}

/// mkdir -p, each new directory with `mode`. Returns 0 or an errno value.
static int make_directories(const char *path, mode_t mode) {
    char buffer[BPG_PATH_MAX];
    size_t length = strlen(path);
    if (length + 1 > sizeof buffer) return ENAMETOOLONG;
    memcpy(buffer, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (buffer[i] != '/' && buffer[i] != 0) continue;
        char saved = buffer[i];
        buffer[i] = 0;
        if (mkdir(buffer, mode) != 0 && errno != EEXIST) return errno;
        buffer[i] = saved;
    }
    return 0;
}

/// mkdir -p of `path`'s parent.
static int make_parent(const char *path) {
    char buffer[BPG_PATH_MAX];
    size_t length = strlen(path);
    if (length + 1 > sizeof buffer) return ENAMETOOLONG;
    memcpy(buffer, path, length + 1);
    char *slash = strrchr(buffer, '/');
    if (slash == NULL || slash == buffer) return 0;
    *slash = 0;
    return make_directories(buffer, 0755);
}

/// The flags a bind's remount must keep: those of its source mount, which a user namespace may
/// not clear (the kernel refuses the remount otherwise).
static unsigned long kept_flags(const char *path) {
    // statvfs is statfs(2) and a flag translation: no allocation.
    struct statvfs info;
    if (statvfs(path, &info) != 0) return 0;
    unsigned long flags = 0;
    if (info.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (info.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (info.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (info.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (info.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (info.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

/// Binds `source` at `path` (made first, as a file or a directory) and remounts it with the
/// step's restrictions.
static int bind(const struct bpg_mount *step, const char *path) {
    struct stat info;
    if (stat(step->source, &info) != 0) return errno;
    int is_file = !S_ISDIR(info.st_mode);
    int rc = is_file ? make_parent(path) : make_directories(path, 0755);
    if (rc) return rc;
    if (is_file) {
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) return errno;
        if (fd >= 0) close(fd);
    }
    if (mount(step->source, path, NULL, MS_BIND, NULL) != 0) return errno;
    unsigned long flags = MS_REMOUNT | MS_BIND | kept_flags(path);
    if (!(step->flags & BPG_MOUNT_WRITABLE)) flags |= MS_RDONLY;
    if (!(step->flags & BPG_MOUNT_DEVICE)) flags |= MS_NOSUID | MS_NODEV;
    if (mount(NULL, path, NULL, flags, NULL) != 0) return errno;
    return 0;
}

static int run_step(const struct bpg_mount *step, const char *root, unsigned owner) {
    char path[BPG_PATH_MAX];
    int rc = join(path, root, step->target);
    if (rc) return rc;
    if ((step->kind == BPG_MOUNT_BIND || step->kind == BPG_MOUNT_OVERLAY) && (step->flags & BPG_MOUNT_OPTIONAL)) {
        struct stat info;
        if (lstat(step->source, &info) != 0) return 0;
    }
    switch (step->kind) {
    case BPG_MOUNT_TMPFS:
        if ((rc = make_directories(path, 0755))) return rc;
        if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, step->options) != 0) return errno;
        if (chown(path, owner, owner) != 0) return errno;
        return 0;
    case BPG_MOUNT_DIR:
        return make_directories(path, 0755);
    case BPG_MOUNT_BIND:
        return bind(step, path);
    case BPG_MOUNT_PROC:
        if ((rc = make_directories(path, 0555))) return rc;
        // hidepid=2: other users' processes are invisible (the reaper, a copy of the grader, is one).
        if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") == 0) return 0;
        if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) return 0;
        return errno;
    case BPG_MOUNT_SYMLINK:
        if ((rc = make_parent(path))) return rc;
        if (symlink(step->source, path) != 0 && errno != EEXIST) return errno;
        return 0;
    case BPG_MOUNT_OVERLAY:
        if ((rc = make_directories(path, 0755))) return rc;
        if (mount("overlay", path, "overlay", MS_NOSUID | MS_NODEV, step->options) == 0) return 0;
        // No overlays here: the source read-only, which is all the process can count on anyway.
        return bind(step, path);
    default:
        return EINVAL;
    }
}

int bpg_build_root(const struct bpg_spawn_request *rq, unsigned owner, int *failed_index) {
    *failed_index = -1;
    const char *root = rq->root;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return errno;
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m,nr_inodes=4096") != 0) return errno;
    for (int i = 0; i < rq->mount_count; i++) {
        int rc = run_step(&rq->mounts[i], root, owner);
        if (rc) {
            *failed_index = i;
            return rc;
        }
    }
    // Make it the root: stack the old root under the new one, then detach the old one.
    if (chdir(root) != 0) return errno;
    if (syscall(SYS_pivot_root, ".", ".") != 0) return errno;
    if (umount2(".", MNT_DETACH) != 0) return errno;
    if (chdir("/") != 0) return errno;
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) return errno;
    return 0;
}
