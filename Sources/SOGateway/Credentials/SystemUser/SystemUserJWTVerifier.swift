import Crypto
import Foundation
import NIOCore
import _CryptoExtras

/// Checks the JWT SuperOffice returned for a system user before its ticket is used (`verify: true`): RS256
/// signature against the environment's JWKS, issuer, and expiry.
struct SystemUserJWTVerifier: Sendable {
    /// The issuer SuperOffice puts in system-user tokens.
    static let issuer = "SuperOffice AS"
    /// Tolerated difference between SuperOffice's clock and the gateway's.
    static let clockSkew: Double = 60

    let keys: JWKSKeyCache

    func verify(_ token: JSONWebToken, now: Date, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard token.algorithm == "RS256" else {
            return eventLoop.makeFailedFuture(
                CredentialError("the system user token is signed with \(token.algorithm ?? "no algorithm"), expected RS256")
            )
        }
        return keys.key(for: token.keyId, on: eventLoop).flatMapThrowing { key in
            try Self.check(token, key: key, now: now)
        }
    }

    /// The synchronous part: signature, issuer, expiry.
    static func check(_ token: JSONWebToken, key: _RSA.Signing.PublicKey, now: Date) throws {
        let signature = _RSA.Signing.RSASignature(rawRepresentation: token.signature)
        guard key.isValidSignature(signature, for: Data(token.signingInput.utf8), padding: .insecurePKCS1v1_5) else {
            throw CredentialError("the system user token's signature does not match SuperOffice's published keys")
        }
        guard token.string("iss") == issuer else {
            throw CredentialError("the system user token was not issued by \(issuer)")
        }
        if let expiry = token.seconds("exp"), expiry + clockSkew < now.timeIntervalSince1970 {
            throw CredentialError("the system user token SuperOffice returned has already expired")
        }
    }
}
