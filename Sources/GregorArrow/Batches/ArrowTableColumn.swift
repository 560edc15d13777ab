/// One named column of an `ArrowTable`.
public struct ArrowTableColumn: Sendable {
    /// The values of a column, by type; `nil` is null.
    public enum Values: Sendable, Hashable {
        /// UTF-8 strings.
        case utf8([String?])
        /// 32-bit integers.
        case int32([Int32?])
        /// 64-bit integers.
        case int64([Int64?])
        /// Milliseconds since the Unix epoch, as timestamp[ms, tz=UTC].
        case timestampMilliseconds([Int64?])
        /// Booleans.
        case bool([Bool?])
    }

    /// The column name.
    public var name: String
    /// The values.
    public var values: Values
    /// Whether the column's field is nullable.
    public var nullable: Bool

    /// Creates a column.
    public init(name: String, values: Values, nullable: Bool) {
        self.name = name
        self.values = values
        self.nullable = nullable
    }

    /// A utf8 column.
    public static func utf8(_ name: String, _ values: [String?], nullable: Bool = false) -> Self {
        Self(name: name, values: .utf8(values), nullable: nullable)
    }

    /// An int32 column.
    public static func int32(_ name: String, _ values: [Int32?], nullable: Bool = false) -> Self {
        Self(name: name, values: .int32(values), nullable: nullable)
    }

    /// An int64 column.
    public static func int64(_ name: String, _ values: [Int64?], nullable: Bool = false) -> Self {
        Self(name: name, values: .int64(values), nullable: nullable)
    }

    /// A timestamp[ms, tz=UTC] column of milliseconds since the Unix epoch.
    public static func timestampMilliseconds(_ name: String, _ values: [Int64?], nullable: Bool = false) -> Self {
        Self(name: name, values: .timestampMilliseconds(values), nullable: nullable)
    }

    /// A bool column.
    public static func bool(_ name: String, _ values: [Bool?], nullable: Bool = false) -> Self {
        Self(name: name, values: .bool(values), nullable: nullable)
    }

    /// The column's schema field.
    public var field: ArrowField {
        let type: ArrowType = switch values {
        case .utf8: .utf8
        case .int32: .int32
        case .int64: .int64
        case .timestampMilliseconds: .timestampMilliseconds(timezone: "UTC")
        case .bool: .bool
        }
        return ArrowField(name: name, type: type, nullable: nullable)
    }

    /// Number of values.
    public var count: Int {
        switch values {
        case .utf8(let values): values.count
        case .int32(let values): values.count
        case .int64(let values), .timestampMilliseconds(let values): values.count
        case .bool(let values): values.count
        }
    }

    /// Null flags, one per row.
    private var nullFlags: [Bool] {
        switch values {
        case .utf8(let values): values.map { $0 == nil }
        case .int32(let values): values.map { $0 == nil }
        case .int64(let values), .timestampMilliseconds(let values): values.map { $0 == nil }
        case .bool(let values): values.map { $0 == nil }
        }
    }

    /// The first null row, if any.
    var firstNullRow: Int? {
        nullFlags.firstIndex(of: true)
    }

    /// The column's Arrow buffers as bytes (validity first; `nil`: absent) and its null count.
    func encodedBuffers() throws(ArrowError) -> (nullCount: Int, buffers: [[UInt8]?]) {
        let flags = nullFlags
        let nullCount = flags.count { $0 }
        let validity = nullCount == 0 ? nil : Self.bitmap(flags.map { !$0 })
        switch values {
        case .utf8(let strings):
            var offsets: [UInt8] = []
            var data: [UInt8] = []
            Self.appendLittleEndian(Int32(0), to: &offsets)
            for string in strings {
                data.append(contentsOf: string?.utf8 ?? "".utf8)
                guard data.count <= Int(Int32.max) else { throw .columnTooLarge(column: name, byteCount: data.count) }
                Self.appendLittleEndian(Int32(truncatingIfNeeded: data.count), to: &offsets)
            }
            return (nullCount, [validity, offsets, data])
        case .int32(let numbers):
            var data: [UInt8] = []
            for number in numbers { Self.appendLittleEndian(number ?? 0, to: &data) }
            return (nullCount, [validity, data])
        case .int64(let numbers), .timestampMilliseconds(let numbers):
            var data: [UInt8] = []
            for number in numbers { Self.appendLittleEndian(number ?? 0, to: &data) }
            return (nullCount, [validity, data])
        case .bool(let flags):
            return (nullCount, [validity, Self.bitmap(flags.map { $0 ?? false })])
        }
    }

    /// Packs bits LSB first, as Arrow's validity and boolean buffers are.
    private static func bitmap(_ bits: [Bool]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (index, bit) in bits.enumerated() where bit {
            bytes[index >> 3] |= UInt8(1) << UInt8(index & 7)
        }
        return bytes
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
