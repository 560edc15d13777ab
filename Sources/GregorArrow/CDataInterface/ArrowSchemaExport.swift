import CArrowDataInterface

extension ArrowRecordSchema {
    /// Exports the schema through the Arrow C Data Interface into `out`: a struct (`+s`)
    /// with one child per field, each with its format string (`z`, `u`, `b`, `i`, `l`,
    /// `tsm:UTC`, `+l`, `+s`), name and `ARROW_FLAG_NULLABLE` when nullable; no metadata.
    ///
    /// Children live in one allocation owned by the export, referenced by every struct, so
    /// children may be moved out; `release` follows the same rules as an exported array.
    public func export(to out: UnsafeMutablePointer<ArrowSchema>) {
        let root = ArrowField(name: "", type: .structure(fields: fields), nullable: false)
        let storage = ExportedSchemaStorage(root: root)
        var nextChild = 0
        var nextString = 0
        func fill(_ field: ArrowField, isRoot: Bool, into target: UnsafeMutablePointer<ArrowSchema>) {
            let format = storage.strings[nextString]
            let name = storage.strings[nextString + 1]
            nextString += 2
            let children = field.type.children
            let firstChild = nextChild
            nextChild += children.count
            for index in children.indices {
                storage.childPointers[firstChild + index] = storage.children + firstChild + index
            }
            target.pointee = ArrowSchema(
                format: format,
                name: name,
                metadata: nil,
                flags: field.nullable && !isRoot ? Int64(ARROW_FLAG_NULLABLE) : 0,
                n_children: Int64(children.count),
                children: children.isEmpty ? nil : storage.childPointers + firstChild,
                dictionary: nil,
                release: releaseExportedSchema,
                private_data: Unmanaged.passRetained(storage).toOpaque())
            for (index, child) in children.enumerated() {
                fill(child, isRoot: false, into: storage.children + firstChild + index)
            }
        }
        fill(root, isRoot: true, into: out)
    }
}

/// The memory behind one exported schema: child structs, child-pointer slots and the
/// NUL-terminated format and name strings, in the same depth-first order `export` fills them.
private final class ExportedSchemaStorage {
    let children: UnsafeMutablePointer<ArrowSchema>
    let childPointers: UnsafeMutablePointer<UnsafeMutablePointer<ArrowSchema>?>
    /// Format then name for every field, depth first, parent before children.
    let strings: [UnsafePointer<CChar>]
    private let stringMemory: UnsafeMutablePointer<CChar>

    init(root: ArrowField) {
        var texts: [String] = []
        var childCount = 0
        func collect(_ field: ArrowField) {
            texts.append(field.type.formatString)
            texts.append(field.name)
            childCount += field.type.children.count
            field.type.children.forEach(collect)
        }
        collect(root)
        // Each string's UTF-8 bytes, cut at an embedded NUL (names are checked where they come from).
        let encoded = texts.map { Array($0.utf8.prefix { $0 != 0 }) }
        let total = encoded.reduce(0) { $0 + $1.count + 1 }
        stringMemory = .allocate(capacity: total)
        var pointers: [UnsafePointer<CChar>] = []
        var position = 0
        for bytes in encoded {
            let start = stringMemory + position
            for (index, byte) in bytes.enumerated() {
                start[index] = CChar(bitPattern: byte)
            }
            start[bytes.count] = 0
            pointers.append(UnsafePointer(start))
            position += bytes.count + 1
        }
        strings = pointers
        children = .allocate(capacity: max(childCount, 1))
        childPointers = .allocate(capacity: max(childCount, 1))
        childPointers.initialize(repeating: nil, count: max(childCount, 1))
    }

    deinit {
        children.deallocate()
        childPointers.deallocate()
        stringMemory.deallocate()
    }
}

/// The `release` callback of every exported `ArrowSchema` (parent and children).
private func releaseExportedSchema(_ schema: UnsafeMutablePointer<ArrowSchema>?) {
    guard let schema, schema.pointee.release != nil else { return }
    if let children = schema.pointee.children {
        for index in 0..<Int(schema.pointee.n_children) {
            if let child = children[index], let release = child.pointee.release {
                release(child)
            }
        }
    }
    let storage = schema.pointee.private_data
    schema.pointee.release = nil
    schema.pointee.private_data = nil
    if let storage {
        Unmanaged<ExportedSchemaStorage>.fromOpaque(storage).release()
    }
}
