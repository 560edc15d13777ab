/// What the SASL exchange does next, as decided by `SASLAuthenticator`.
enum SASLStep: Sendable, Hashable {
    /// Send these bytes to the broker in a SaslAuthenticate request and feed its answer back.
    case send([UInt8])
    /// Authentication succeeded; nothing more to send.
    case done
}
