import Crypto
import Foundation
import _CryptoExtras
import ExtrasBase64

/// The stand-in's own RSA key: it signs the system-user JWT and id_tokens (RS256) and is published as a JWK,
/// like SuperOffice's environment keys (reference §1.3-1.4).
struct StandInSigningKey: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    /// Key id: base64url of the first 12 bytes of SHA-256 over the public key's DER.
    let kid: String

    init(pem: String?) throws {
        privateKey = try pem.map { try _RSA.Signing.PrivateKey(pemRepresentation: $0) } ?? _RSA.Signing.PrivateKey(keySize: .bits2048)
        kid = Self.base64url(Array(SHA256.hash(data: privateKey.publicKey.derRepresentation)).prefix(12))
    }

    /// The public key as a JWK (`kty`, `use`, `kid`, `alg`, `n`, `e`).
    func jwk() throws -> JSONValue {
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        return .object([
            JSONMember("kty", .string("RSA")),
            JSONMember("use", .string("sig")),
            JSONMember("kid", .string(kid)),
            JSONMember("alg", .string("RS256")),
            JSONMember("n", .string(Self.base64url(Self.stripLeadingZeros(Array(primitives.modulus))))),
            JSONMember("e", .string(Self.base64url(Self.stripLeadingZeros(Array(primitives.publicExponent))))),
        ])
    }

    /// A compact RS256 JWT over `claims`.
    func jwt(claims: JSONValue) throws -> String {
        let header = JSONValue.object([
            JSONMember("alg", .string("RS256")), JSONMember("typ", .string("JWT")), JSONMember("kid", .string(kid)),
        ])
        let signingInput = Self.base64url(try header.jsonBytes()) + "." + Self.base64url(try claims.jsonBytes())
        let signature = try privateKey.signature(for: Array(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Self.base64url(signature.rawRepresentation)
    }

    /// base64url without padding (RFC 7515 §2), as JWT segments and JWK members are written.
    static func base64url(_ bytes: some Collection<UInt8>) -> String {
        Base64.encodeToString(bytes: bytes, options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    private static func stripLeadingZeros(_ bytes: [UInt8]) -> [UInt8] {
        let trimmed = bytes.drop { $0 == 0 }
        return trimmed.isEmpty ? [0] : Array(trimmed)
    }
}
