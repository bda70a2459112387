import Foundation
import _CryptoExtras

/// Loads the partner application's RSA private key that signs system-user tokens: PEM (PKCS#1 or PKCS#8) or
/// SuperOffice's RSA XML form. Errors name the file, never its content.
enum SystemUserKey {
    /// Reads and parses `path`.
    static func load(path: String) throws -> _RSA.Signing.PrivateKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError("the system user private key file \(path) cannot be read")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch let error as CredentialError {
            throw CredentialError("the system user private key file \(path) is not usable: \(error.partnerMessage)")
        }
    }

    /// Parses key text. Keys of 1024 bits are accepted for compatibility with older partner keys.
    static func parse(_ text: String) throws -> _RSA.Signing.PrivateKey {
        if RSAXMLKey.looksLikeXML(text) {
            let xml = try RSAXMLKey(xml: text)
            do {
                return try _RSA.Signing.PrivateKey(unsafeDERRepresentation: xml.pkcs1DER)
            } catch {
                throw CredentialError("the RSA XML key's numbers do not form an RSA key of at least 1024 bits")
            }
        }
        guard text.contains("-----BEGIN") else {
            throw CredentialError("expected a PEM key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY) or an <RSAKeyValue> XML key")
        }
        do {
            return try _RSA.Signing.PrivateKey(unsafePEMRepresentation: text)
        } catch {
            throw CredentialError("the PEM text is not an unencrypted RSA private key of at least 1024 bits")
        }
    }
}
