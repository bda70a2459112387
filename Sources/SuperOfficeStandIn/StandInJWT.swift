import Foundation
import _CryptoExtras
import ExtrasBase64

/// Reads and checks the JWTs the stand-in issues, so tests can assert claims and the JWKS ↔ signature link
/// without their own crypto dependency.
public enum StandInJWT {
    /// The payload of a compact JWT as a Foundation JSON object (no signature check), or nil when malformed.
    public static func claims(of token: String) -> [String: Any]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = try? Base64.decode(bytes: parts[1].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
    }

    /// True when `token` is RS256 and signed by the JWKS key whose `kid` its header names.
    public static func verify(_ token: String, jwks: [UInt8]) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerBytes = try? Base64.decode(bytes: parts[0].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]), let signature = try? Base64.decode(bytes: parts[2].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
              let header = try? JSONValue(jsonBytes: headerBytes), header.member("alg")?.stringValue == "RS256",
              let document = try? JSONValue(jsonBytes: jwks), case .array(let keys)? = document.member("keys") else {
            return false
        }
        let kid = header.member("kid")?.stringValue
        for key in keys where kid == nil || key.member("kid")?.stringValue == kid {
            guard let modulus = key.member("n")?.stringValue.flatMap({ try? Base64.decode(string: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }),
                  let exponent = key.member("e")?.stringValue.flatMap({ try? Base64.decode(string: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }),
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
