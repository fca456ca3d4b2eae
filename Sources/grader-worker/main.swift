import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

// The grader starts this program, inside its sandbox, to run a submission's classes (see
// WorkerMain); it is of no use by hand. It links neither Foundation nor anything of the grader's
// but the worker's side, so that a worker starts in a fraction of the grader's time.
if fcntl(3, F_GETFD) < 0 {
    let usage = "grader-worker: the grader's sandboxed worker, started by `grader` and of no use by hand\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(64)
}
exit(WorkerMain.run())
