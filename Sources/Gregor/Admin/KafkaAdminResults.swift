/// Per-resource outcomes of one admin call (one topic, one config resource, one partition each).
///
/// A broker answers admin requests resource by resource: creating three topics can succeed for two
/// and fail for the third. The admin methods throw only for whole-request failures (no connection,
/// a timeout, an unsupported API); per-resource failures land here as `KafkaError` values that name
/// the resource. `get()` turns the whole set into "all or the first error" when that is what the
/// caller wants.
public struct KafkaAdminResults<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The outcome of every resource of the call.
    public let results: [Key: Result<Value, KafkaError>]
    /// The resources in the order the caller named them.
    public let order: [Key]

    /// Creates results; `order` lists the keys in the caller's order (keys missing from it are
    /// appended by `results`' iteration order).
    public init(results: [Key: Result<Value, KafkaError>], order: [Key]) {
        self.results = results
        var seen = Set<Key>()
        var ordered: [Key] = []
        for key in order where results[key] != nil && seen.insert(key).inserted {
            ordered.append(key)
        }
        for key in results.keys where !seen.contains(key) {
            ordered.append(key)
        }
        self.order = ordered
    }

    /// The outcome for `key`, or `nil` when the call did not concern it.
    public subscript(key: Key) -> Result<Value, KafkaError>? {
        results[key]
    }

    /// The value for `key`; throws the resource's error, or `.invalidArgument` when the call did not
    /// concern `key`.
    public func value(for key: Key) throws(KafkaError) -> Value {
        guard let result = results[key] else {
            throw KafkaError(.invalidArgument, "no result for \(key): it was not part of the request")
        }
        return try result.get()
    }

    /// Every value, or the first failure in the caller's order.
    public func get() throws(KafkaError) -> [Key: Value] {
        var values: [Key: Value] = [:]
        for key in order {
            guard let result = results[key] else { continue }
            values[key] = try result.get()
        }
        return values
    }

    /// The successful resources and their values.
    public var successes: [Key: Value] {
        results.compactMapValues { try? $0.get() }
    }

    /// The failed resources and their errors.
    public var failures: [Key: KafkaError] {
        results.compactMapValues { result in
            if case .failure(let error) = result { return error }
            return nil
        }
    }

    /// Whether every resource succeeded.
    public var allSucceeded: Bool {
        failures.isEmpty
    }
}
