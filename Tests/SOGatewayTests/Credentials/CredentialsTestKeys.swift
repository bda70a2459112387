import Foundation
import _CryptoExtras

/// RSA keys for the credential tests, generated once per test process (key generation is slow), and the same
/// private key written in each form the gateway accepts.
enum CredentialsTestKeys {
    /// The partner application's key (signs system-user tokens).
    static let partner: _RSA.Signing.PrivateKey? = try? _RSA.Signing.PrivateKey(keySize: .bits2048)

    /// SuperOffice's RSA XML form of `key`, built from the PKCS#1 DER integers.
    static func xml(for key: _RSA.Signing.PrivateKey) -> String? {
        guard let integers = DERIntegers.read(sequence: Array(key.derRepresentation)), integers.count == 9 else { return nil }
        let names = ["Modulus", "Exponent", "D", "P", "Q", "DP", "DQ", "InverseQ"]
        var xml = "<RSAKeyValue>\n"
        // .NET writes the elements in this order: Modulus, Exponent, P, Q, DP, DQ, InverseQ, D.
        for index in [0, 1, 3, 4, 5, 6, 7, 2] {
            let bytes = integers[index + 1].drop { $0 == 0 }
            xml += "  <\(names[index])>\(Data(bytes).base64EncodedString())</\(names[index])>\n"
        }
        return xml + "</RSAKeyValue>\n"
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func file(_ text: String, suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("so-gw-key-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Just enough DER reading to list the INTEGERs of one SEQUENCE (a PKCS#1 private key).
enum DERIntegers {
    static func read(sequence bytes: [UInt8]) -> [[UInt8]]? {
        var index = 0
        guard bytes.first == 0x30, let (_, afterLength) = length(bytes, at: 1) else { return nil }
        index = afterLength
        var integers: [[UInt8]] = []
        while index < bytes.count {
            guard bytes[index] == 0x02, let (count, start) = length(bytes, at: index + 1), start + count <= bytes.count else { return nil }
            integers.append(Array(bytes[start..<(start + count)]))
            index = start + count
        }
        return integers
    }

    private static func length(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
        guard index < bytes.count else { return nil }
        let first = Int(bytes[index])
        if first < 0x80 { return (first, index + 1) }
        let octets = first & 0x7F
        guard index + octets < bytes.count else { return nil }
        var value = 0
        for offset in 1...octets { value = value << 8 | Int(bytes[index + offset]) }
        return (value, index + 1 + octets)
    }
}
