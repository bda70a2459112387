import Crypto
import Foundation
import _CryptoExtras

/// Builds SuperOffice's `SignedSystemToken`: `<token>.<UTC yyyyMMddHHmm>.<base64 RSA-SHA256 PKCS#1 v1.5 signature>`.
struct SystemUserTokenSigner: Sendable {
    let key: _RSA.Signing.PrivateKey

    func signedToken(_ systemUserToken: String, at date: Date) throws -> String {
        let payload = systemUserToken + "." + UTCMinuteStamp.string(for: date)
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try key.signature(for: Data(payload.utf8), padding: .insecurePKCS1v1_5)
        } catch {
            throw CredentialError("the gateway could not sign the system user token with its private key")
        }
        return payload + "." + signature.rawRepresentation.base64EncodedString()
    }
}
