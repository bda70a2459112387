import Foundation

/// SuperOffice issues partner keys as .NET `<RSAKeyValue>` XML; this turns one into the PKCS#1 DER
/// `RSAPrivateKey` that swift-crypto loads, so operators need not convert keys by hand.
struct RSAXMLKey {
    var modulus: [UInt8]
    var exponent: [UInt8]
    var d: [UInt8]
    var p: [UInt8]
    var q: [UInt8]
    var dp: [UInt8]
    var dq: [UInt8]
    var inverseQ: [UInt8]

    /// True when `text` looks like an RSA XML key rather than PEM.
    static func looksLikeXML(_ text: String) -> Bool {
        text.contains("<RSAKeyValue")
    }

    /// Parses the eight base64 elements; the error names the missing or broken element, never key material.
    init(xml: String) throws {
        func element(_ name: String) throws -> [UInt8] {
            guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
            else {
                throw CredentialError("the RSA XML private key has no <\(name)> element")
            }
            let text = xml[open.upperBound..<close.lowerBound].filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: String(text)), !data.isEmpty else {
                throw CredentialError("the RSA XML private key's <\(name)> element is not base64")
            }
            return Array(data)
        }
        modulus = try element("Modulus")
        exponent = try element("Exponent")
        d = try element("D")
        p = try element("P")
        q = try element("Q")
        dp = try element("DP")
        dq = try element("DQ")
        inverseQ = try element("InverseQ")
    }

    /// PKCS#1 `RSAPrivateKey` (version 0, two primes).
    var pkcs1DER: [UInt8] {
        DER.sequence([
            DER.integer([0]), DER.integer(modulus), DER.integer(exponent), DER.integer(d),
            DER.integer(p), DER.integer(q), DER.integer(dp), DER.integer(dq), DER.integer(inverseQ),
        ])
    }
}
