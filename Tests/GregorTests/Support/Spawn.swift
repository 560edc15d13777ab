import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes with `posix_spawn`, for test brokers and peer scripts.
///
/// Foundation's `Process` is not used for these because on Linux (a) the child inherits a socket
/// Foundation uses to notice the child's end, so a script that leaves a daemon behind (scripts/tansu.sh)
/// never "ends", and (b) the child inherits the spawning thread's blocked-signal mask, so a broker
/// started from a worker thread ignores SIGTERM. Here the child gets only stdin/stdout/stderr, an
/// empty signal mask and default signal handlers.
enum Spawn {
    /// What a child's stdin, stdout or stderr is connected to.
    enum Stream {
        /// /dev/null.
        case null
        /// A new pipe; the parent's end is returned in `SpawnedProcess`.
        case pipe
    }

    /// Starts `executable` with `arguments` (argv[0] is the executable path) and `environment` on top
    /// of this process's environment.
    static func launch(
        _ executable: String,
        arguments: [String],
        environment: [String: String] = [:],
        stdin: Stream,
        stdout: Stream,
        stderr: Stream
    ) throws -> SpawnedProcess {
        ignoreBrokenPipes
        var parentEnds: [Int32?] = [nil, nil, nil]
        var childEnds: [Int32] = []
        func cleanUp() {
            for fd in childEnds { close(fd) }
            for fd in parentEnds.compactMap({ $0 }) { close(fd) }
        }
        for (index, stream) in [stdin, stdout, stderr].enumerated() {
            switch stream {
            case .null:
                let fd = open("/dev/null", O_RDWR | O_CLOEXEC)
                guard fd >= 0 else { cleanUp(); throw TestSupportError("open /dev/null: errno \(errno)") }
                childEnds.append(fd)
            case .pipe:
                guard let fds = closeOnExecPipe() else { cleanUp(); throw TestSupportError("pipe: errno \(errno)") }
                // stdin: the child reads fds[0]; stdout/stderr: the child writes fds[1].
                childEnds.append(index == 0 ? fds[0] : fds[1])
                parentEnds[index] = index == 0 ? fds[1] : fds[0]
            }
        }
        defer { for fd in childEnds { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, fd) in childEnds.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))  // dup2 clears close-on-exec
        }
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environmentLines = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            for fd in parentEnds.compactMap({ $0 }) { close(fd) }
            throw TestSupportError("could not start \(executable): \(String(cString: strerror(result)))")
        }
        return SpawnedProcess(pid: pid, stdin: parentEnds[0], stdout: parentEnds[1], stderr: parentEnds[2])
    }

    /// Writing to a child that has gone (a mock cluster that crashed) must fail with EPIPE, not kill
    /// the test process with SIGPIPE. Children get default handlers back (POSIX_SPAWN_SETSIGDEF).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// A pipe whose ends are closed on exec, so no other child inherits them (`pipe2` when the C
    /// library has it — Swift's Glibc module does not declare it — else `pipe` + `fcntl`).
    private static func closeOnExecPipe() -> [Int32]? {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        var fds: [Int32] = [-1, -1]
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") {
            let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
            return pipe2(&fds, O_CLOEXEC) == 0 ? fds : nil
        }
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// Closes every descriptor from 3 up in the child (glibc ≥ 2.34 has a file action for it; older
    /// ones get one close action per descriptor open now).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}

/// A child started by `Spawn.launch`: its pid and the parent's ends of its pipes (close-on-exec).
struct SpawnedProcess: Sendable {
    /// Process id.
    let pid: pid_t
    /// Write end of the child's stdin, if piped.
    let stdin: Int32?
    /// Read end of the child's stdout, if piped.
    let stdout: Int32?
    /// Read end of the child's stderr, if piped.
    let stderr: Int32?
}

/// Waits for one child on its own thread and remembers how it ended.
final class ChildExit: Sendable {
    /// How a child ended.
    struct Status: Sendable, Equatable {
        /// Exit status, or the signal number when `signaled`.
        var code: Int32
        /// True if a signal ended the child.
        var signaled: Bool
    }

    /// The child's pid.
    let pid: pid_t
    private let status = Mutex<Status?>(nil)
    private let ended = DispatchSemaphore(value: 0)

    /// Starts waiting for `pid` (which must be this process's child).
    init(pid: pid_t) {
        self.pid = pid
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, 0) } while result == -1 && errno == EINTR
            // -1 (ECHILD): someone else reaped it; report "ended" without a status.
            let ending = result == pid ? Self.decode(raw) : Status(code: -1, signaled: false)
            status.withLock { $0 = ending }
            ended.signal()
        }
    }

    /// The status once the child ended, `nil` while it runs.
    var current: Status? { status.withLock { $0 } }

    /// True while the child runs.
    var isRunning: Bool { current == nil }

    /// Waits up to `seconds` for the end; returns the status, or `nil` if still running.
    @discardableResult
    func wait(seconds: Double) -> Status? {
        if let current { return current }
        if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
        return current
    }

    private static func decode(_ raw: Int32) -> Status {
        let low = raw & 0x7f
        if low == 0 { return Status(code: (raw >> 8) & 0xff, signaled: false) }
        return Status(code: low, signaled: true)
    }
}
