/// Callers waiting for the reader to reach offsets (barriers, catch-up, `wait(for:)`).
///
/// Pure bookkeeping: the reader adds a wait, reports position changes, and resumes whatever this
/// returns, outside its lock.
struct TableWaits<Waiter: Sendable>: Sendable {
    private var pending: [UInt64: (targets: OffsetTargets, waiter: Waiter)] = [:]
    private var nextId: UInt64 = 1

    /// No waits.
    init() {}

    /// How many callers wait.
    var count: Int { pending.count }

    /// Registers a wait; returns its id.
    mutating func add(_ targets: OffsetTargets, waiter: Waiter) -> UInt64 {
        let id = nextId
        nextId &+= 1
        pending[id] = (targets, waiter)
        return id
    }

    /// Changes the waiter of `id` while it is pending (to attach its timeout task).
    mutating func update(_ id: UInt64, _ body: (inout Waiter) -> Void) {
        guard var entry = pending[id] else { return }
        body(&entry.waiter)
        pending[id] = entry
    }

    /// Removes the wait `id` (its timeout fired); returns its waiter if it was still pending.
    mutating func remove(_ id: UInt64) -> Waiter? {
        pending.removeValue(forKey: id)?.waiter
    }

    /// Removes and returns the waits that `positions` satisfy.
    mutating func reached(by positions: [Int32: Int64]) -> [Waiter] {
        let done = pending.filter { $0.value.targets.areReached(by: positions) }
        for id in done.keys { pending.removeValue(forKey: id) }
        return done.sorted { $0.key < $1.key }.map(\.value.waiter)
    }

    /// Removes and returns every wait (the reader failed or stopped).
    mutating func removeAll() -> [Waiter] {
        let all = pending.sorted { $0.key < $1.key }.map(\.value.waiter)
        pending.removeAll()
        return all
    }
}
