@testable import Gregor
import Testing

@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine<String>

    private func writtenId(_ action: Machine.SendAction) -> Int32? {
        if case .write(let write) = action { return write.correlationId }
        return nil
    }

    @Test func correlationIdsAreDistinctAndIncreasing() {
        var machine = Machine(maxInFlight: 10)
        let ids = (0..<5).compactMap { writtenId(machine.send("r\($0)", expectsResponse: true)) }
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
        #expect(ids == ids.sorted())
        #expect(machine.inFlightCount == 5)
    }

    @Test func requestsBeyondTheInFlightBoundWaitAndGoOutInOrderAsSlotsFree() throws {
        var machine = Machine(maxInFlight: 2)
        let first = try #require(writtenId(machine.send("a", expectsResponse: true)))
        #expect(writtenId(machine.send("b", expectsResponse: true)) != nil)
        guard case .queued = machine.send("c", expectsResponse: true) else { Issue.record("c should wait"); return }
        guard case .queued = machine.send("d", expectsResponse: true) else { Issue.record("d should wait"); return }
        #expect(machine.inFlightCount == 2)
        #expect(machine.waitingCount == 2)

        guard case .deliver(let request, let next) = machine.responseReceived(correlationId: first) else {
            Issue.record("expected delivery"); return
        }
        #expect(request == "a")
        #expect(next.map(\.request) == ["c"])
        #expect(machine.inFlightCount == 2)
        #expect(machine.waitingCount == 1)
    }

    @Test func aResponseNobodyAskedForClosesTheConnection() {
        var machine = Machine(maxInFlight: 4)
        _ = machine.send("a", expectsResponse: true)
        guard case .closeConnection(let error) = machine.responseReceived(correlationId: 999) else {
            Issue.record("expected close"); return
        }
        #expect(error.kind == .protocolViolation)
        guard case .fail(_, let later) = machine.send("b", expectsResponse: true) else {
            Issue.record("sends after a protocol violation must fail"); return
        }
        #expect(later.kind == .protocolViolation)
    }

    @Test func responsesToRequestsSentWithoutExpectingOneAreDiscarded() throws {
        var machine = Machine(maxInFlight: 1)
        let acksZero = try #require(writtenId(machine.send("produce acks=0", expectsResponse: false)))
        #expect(machine.inFlightCount == 0)
        // A response-less request does not take the only slot.
        let next = try #require(writtenId(machine.send("metadata", expectsResponse: true)))
        guard case .discard = machine.responseReceived(correlationId: acksZero) else { Issue.record("expected discard"); return }
        guard case .deliver(let request, _) = machine.responseReceived(correlationId: next) else { Issue.record("expected delivery"); return }
        #expect(request == "metadata")
        // The same id again is no longer expected.
        guard case .closeConnection = machine.responseReceived(correlationId: acksZero) else { Issue.record("expected close"); return }
    }

    @Test func aResponseLessRequestWaitsBehindQueuedRequestsToKeepOrder() throws {
        var machine = Machine(maxInFlight: 1)
        let first = try #require(writtenId(machine.send("a", expectsResponse: true)))
        guard case .queued = machine.send("b", expectsResponse: true) else { Issue.record("b should wait"); return }
        guard case .queued = machine.send("acks0", expectsResponse: false) else { Issue.record("acks0 should wait behind b"); return }
        guard case .deliver(_, let next) = machine.responseReceived(correlationId: first) else { Issue.record("expected delivery"); return }
        #expect(next.map(\.request) == ["b", "acks0"])
        #expect(next.map(\.expectsResponse) == [true, false])
    }

    @Test func aTimeoutFailsTheRequestAndClosesTheConnection() throws {
        var machine = Machine(maxInFlight: 4)
        let id = try #require(writtenId(machine.send("fetch", expectsResponse: true)))
        _ = machine.send("metadata", expectsResponse: true)
        guard case .failAndClose(let request, let error) = machine.requestTimedOut(correlationId: id, timeout: .seconds(1), apiName: "Fetch") else {
            Issue.record("expected failAndClose"); return
        }
        #expect(request == "fetch")
        #expect(error.kind == .timedOut)
        #expect(error.message.contains("Fetch"))
        #expect(!machine.isActive)
        let closed = machine.channelClosed(defaultError: KafkaError(.connectionClosed, "closed"))
        #expect(closed.requests == ["metadata"])
        #expect(closed.error.kind == .connectionClosed)
    }

    @Test func aTimerForAnAnsweredRequestDoesNothing() throws {
        var machine = Machine(maxInFlight: 4)
        let id = try #require(writtenId(machine.send("a", expectsResponse: true)))
        _ = machine.responseReceived(correlationId: id)
        guard case .none = machine.requestTimedOut(correlationId: id, timeout: .seconds(1), apiName: "Metadata") else {
            Issue.record("expected none"); return
        }
        #expect(machine.isActive)
    }

    @Test func closingFailsInFlightThenWaitingRequestsInOrder() {
        var machine = Machine(maxInFlight: 2)
        for name in ["a", "b", "c", "d"] { _ = machine.send(name, expectsResponse: true) }
        let closed = machine.channelClosed(defaultError: KafkaError(.connectionClosed, "the broker closed the connection"))
        #expect(closed.requests == ["a", "b", "c", "d"])
        #expect(closed.error.kind == .connectionClosed)
        #expect(machine.inFlightCount == 0 && machine.waitingCount == 0)
        guard case .fail(let request, _) = machine.send("e", expectsResponse: true) else { Issue.record("expected fail"); return }
        #expect(request == "e")
    }

    @Test func aClientCloseKeepsItsReasonForTheFailures() {
        var machine = Machine(maxInFlight: 2)
        _ = machine.send("a", expectsResponse: true)
        machine.closeRequested(KafkaError(.shutDown, "bye"))
        let closed = machine.channelClosed(defaultError: KafkaError(.connectionClosed, "closed"))
        #expect(closed.error.kind == .shutDown)
        #expect(closed.requests == ["a"])
    }
}
