import Foundation
import GregorProtocol

extension MessageBatch {
    /// The timestamp of message `index` as a `Date`.
    public func date(at index: Int) -> Date {
        Date(timeIntervalSince1970: Double(timestamp(at: index)) / 1000)
    }
}

extension MessageView {
    /// The timestamp as a `Date`.
    public var date: Date { batch.date(at: row) }
}
