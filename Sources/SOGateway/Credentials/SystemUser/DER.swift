/// The few DER encodings needed to turn SuperOffice's RSA XML keys and JWKS entries into keys swift-crypto
/// can load (`RSAPrivateKey` and `RSAPublicKey` of RFC 8017, appendix A.1).
enum DER {
    /// An INTEGER from an unsigned big-endian magnitude.
    static func integer(_ magnitude: [UInt8]) -> [UInt8] {
        var bytes = Array(magnitude.drop { $0 == 0 })
        if bytes.isEmpty { bytes = [0] }
        if let first = bytes.first, first & 0x80 != 0 {
            bytes.insert(0, at: 0)
        }
        return [0x02] + length(bytes.count) + bytes
    }

    /// A SEQUENCE of already encoded elements.
    static func sequence(_ elements: [[UInt8]]) -> [UInt8] {
        let body = elements.flatMap { $0 }
        return [0x30] + length(body.count) + body
    }

    /// A definite length: short form below 128, else long form.
    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var octets: [UInt8] = []
        var rest = count
        while rest > 0 {
            octets.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(octets.count)] + octets
    }

    /// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus, publicExponent }`.
    static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        sequence([integer(modulus), integer(exponent)])
    }
}
