/// Splits a `gregor produce` input line into key and value at the first key separator.
public enum KeyValueLine {
    /// `line` split at the first occurrence of `separator`: the bytes before it are the key, the
    /// bytes after it the value (either may be empty). A line without the separator has a null key
    /// and is the value as a whole. `separator` must not be empty.
    public static func split(_ line: ArraySlice<UInt8>, separator: [UInt8]) -> (key: ArraySlice<UInt8>?, value: ArraySlice<UInt8>) {
        guard let first = separator.first, line.count >= separator.count else { return (nil, line) }
        var index = line.startIndex
        let lastStart = line.endIndex - separator.count
        while index <= lastStart {
            if line[index] == first, line[index..<(index + separator.count)].elementsEqual(separator) {
                return (line[line.startIndex..<index], line[(index + separator.count)...])
            }
            index += 1
        }
        return (nil, line)
    }
}
