/// Waits until the async `condition` holds (polling every 5 ms), at most `timeout`. The default is
/// generous: the whole suite starts dozens of brokers and child processes at once on 2 cores, and
/// the first seconds of a run can starve any test (a condition that holds returns at once).
public func eventually(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
