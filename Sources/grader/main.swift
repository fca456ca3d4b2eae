import Foundation
import GraderCore
import WorkerRuntime

#if canImport(Glibc)
    import Glibc
#endif

// The hidden worker mode comes first: nothing else of the command line runs in a worker.
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == WorkerMain.argument {
    exit(WorkerMain.run())
}
signal(SIGPIPE, SIG_IGN)
Interrupt.install()
exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), console: Console()))
