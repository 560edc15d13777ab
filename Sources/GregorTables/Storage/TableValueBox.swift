/// A decoded value held by a `TableEntry`, for tables keyed by bytes whose value codec is not a
/// byte preset (`.json(_:)`, a custom pair): the entry stays non-generic, the box carries the type.
final class TableValueBox<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
