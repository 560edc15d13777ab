extension KafkaSASLConfiguration: CustomDebugStringConvertible, CustomReflectable {
    /// Same as `description`: the password is hidden.
    public var debugDescription: String { description }

    /// A mirror without the password, so `dump` and reflection-based printers cannot reveal it.
    public var customMirror: Mirror {
        Mirror(self, children: ["mechanism": mechanism, "username": username, "password": "<hidden>"], displayStyle: .struct)
    }
}
