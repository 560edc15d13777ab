#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from building, exporting or writing Arrow data.
public enum ArrowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A table column has a different number of rows than the table's first column.
    case columnLengthMismatch(column: String, expected: Int, actual: Int)
    /// A column declared not nullable holds a null at `row`.
    case nullInNonNullableColumn(column: String, row: Int)
    /// A field name contains a NUL character, which the C Data Interface cannot carry.
    case invalidFieldName(String)
    /// A variable-length column's data outgrew Arrow's `Int32` offsets.
    case columnTooLarge(column: String, byteCount: Int)
    /// A record batch's schema differs from the schema the writer was opened with.
    case schemaMismatch(expected: String, actual: String)
    /// The writer was used after `finish()` (or after a failed write).
    case writerClosed
    /// A system call failed; `path` names the file (or the descriptor when there is no path).
    case io(operation: String, path: String, errno: Int32)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .columnLengthMismatch(column, expected, actual):
            return "Arrow table column '\(column)' has \(actual) rows, but the table has \(expected)"
        case let .nullInNonNullableColumn(column, row):
            return "Arrow table column '\(column)' is not nullable but row \(row) is null"
        case let .invalidFieldName(name):
            return "Arrow field name \(name.debugDescription) contains a NUL character"
        case let .columnTooLarge(column, byteCount):
            return "Arrow column '\(column)' needs \(byteCount) data bytes, more than Int32 offsets can address"
        case let .schemaMismatch(expected, actual):
            return "record batch schema \(actual) differs from the writer's schema \(expected)"
        case .writerClosed:
            return "the Arrow IPC writer is already finished or failed"
        case let .io(operation, path, code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
