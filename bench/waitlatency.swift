// Used by bench/run.sh: what waiting for a subprocess costs with Foundation's Process (as the
// grader's Subprocess.run waits for swiftc) against posix_spawn + waitpid. Prints both medians.
import Foundation

func viaProcess() -> Double {
    let start = Date()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try! process.run()
    _ = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Date().timeIntervalSince(start)
}

func viaSpawn() -> Double {
    let start = Date()
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
    _ = posix_spawn(&pid, "/bin/true", nil, nil, argv, environ)
    var status: Int32 = 0
    _ = waitpid(pid, &status, 0)
    return Date().timeIntervalSince(start)
}

var process: [Double] = []
var spawn: [Double] = []
for _ in 0..<21 {
    process.append(viaProcess())
    spawn.append(viaSpawn())
}
print(String(format: "%.1f ms\t%.1f ms", process.sorted()[10] * 1000, spawn.sorted()[10] * 1000))
