/// An address range such as `10.0.0.0/8` or `2001:db8::/32`, for `clients[].source_ips` and
/// `listen.trusted_proxies`.
///
/// A bare address is a single host (`/32` or `/128`). Host bits below the prefix are ignored
/// (`10.1.2.3/8` is `10.0.0.0/8`). An IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) is the IPv4 range.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address, host bits cleared.
    public let network: IPAddressBytes
    /// Leading bits that must match: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// What problems say a CIDR must look like.
    static let expectation = "expected an IPv4 or IPv6 address or CIDR like 10.0.0.0/8 or 2001:db8::/32"

    /// Parses `address[/prefix]`; `nil` when the address or the prefix length is invalid.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first, !addressText.contains("%") else { return nil }
        guard let parsed = IPAddressBytes(addressText) else { return nil }
        var raw = parsed.bytes
        // An IPv4-mapped IPv6 range arrives folded to 4 bytes, but its prefix length counts 128 bits.
        let foldedMapped = addressText.contains(":") && raw.count == 4
        let width = foldedMapped ? 128 : raw.count * 8
        var prefix = width
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.utf8.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(digits), value <= width
            else { return nil }
            prefix = value
        }
        if foldedMapped {
            guard prefix >= 96 else { return nil }
            prefix -= 96
        }
        for bit in prefix..<(raw.count * 8) {
            raw[bit / 8] &= ~(UInt8(0x80) >> UInt8(bit % 8))
        }
        self.network = IPAddressBytes(rawBytes: raw)
        self.prefixLength = prefix
    }

    /// Whether `address` lies in this range; IPv4 never matches an IPv6 range and vice versa.
    public func contains(_ address: IPAddressBytes) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        var index = 0
        while remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(UInt8(0xFF) >> UInt8(remaining))
            if address.bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= 8
            index += 1
        }
        return true
    }

    public var description: String {
        "\(network)/\(prefixLength)"
    }
}
