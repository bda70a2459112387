#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address in network order, so CIDR matching is byte arithmetic.
///
/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a dual-stack socket reports for an IPv4 peer) are
/// stored as the IPv4 address, so they match IPv4 CIDRs.
public struct IPAddressBytes: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Wraps raw bytes; an IPv4-mapped IPv6 address becomes its IPv4 address.
    init(rawBytes: [UInt8]) {
        if rawBytes.count == 16, rawBytes[0..<10].allSatisfy({ $0 == 0 }), rawBytes[10] == 0xFF, rawBytes[11] == 0xFF {
            self.bytes = Array(rawBytes[12..<16])
        } else {
            self.bytes = rawBytes
        }
    }

    /// Parses a textual IPv4 or IPv6 address (brackets and an IPv6 zone such as `%eth0` are accepted and dropped).
    public init?(_ input: some StringProtocol) {
        let whole = String(input)
        var text = whole[...]
        if text.first == "[", text.last == "]" {
            text = text.dropFirst().dropLast()
        }
        if let zone = text.firstIndex(of: "%") {
            text = text[..<zone]
        }
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        let string = String(text)
        if string.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, string, &address) == 1 else { return nil }
            self.init(rawBytes: withUnsafeBytes(of: &address) { Array($0) })
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, string, &address) == 1 else { return nil }
            self.init(rawBytes: withUnsafeBytes(of: &address) { Array($0) })
        }
    }

    /// Whether this is an IPv4 address (including one that arrived IPv4-mapped).
    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        if isIPv4 {
            return bytes.map(String.init).joined(separator: ".")
        }
        var groups: [String] = []
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
}
