import Foundation
import _CryptoExtras

/// Reads and checks the JWTs the stand-in issues, so tests can assert claims and the JWKS ↔ signature link
/// without their own crypto dependency.
public enum StandInJWT {
    /// The payload of a compact JWT as a Foundation JSON object (no signature check), or nil when malformed.
    public static func claims(of token: String) -> [String: Any]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
    }

    /// True when `token` is RS256 and signed by the JWKS key whose `kid` its header names.
    public static func verify(_ token: String, jwks: [UInt8]) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let signature = Base64URL.decode(parts[2]),
              let header = try? JSONParser.parse(headerBytes), header.member("alg")?.stringValue == "RS256",
              let document = try? JSONParser.parse(jwks), case .array(let keys)? = document.member("keys") else {
            return false
        }
        let kid = header.member("kid")?.stringValue
        for key in keys where kid == nil || key.member("kid")?.stringValue == kid {
            guard let modulus = key.member("n")?.stringValue.flatMap(Base64URL.decode),
                  let exponent = key.member("e")?.stringValue.flatMap(Base64URL.decode),
                  let publicKey = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else { continue }
            if publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Array("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5
            ) {
                return true
            }
        }
        return false
    }
}
