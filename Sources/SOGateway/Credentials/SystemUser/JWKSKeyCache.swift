import _CryptoExtras
import GatewayConfig
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import UpstreamTransport
import ExtrasBase64

/// The environment's token-signing keys from `{base}/login/.well-known/jwks`, cached by `kid`; an unknown `kid`
/// triggers one refetch (SuperOffice rotates keys), after which it is an error.
final class JWKSKeyCache: Sendable {
    static let path = "/login/.well-known/jwks"

    private let client: SuperOfficeServiceClient
    private let environment: UpstreamURL
    private let keys = NIOLockedValueBox([String: _RSA.Signing.PublicKey]())

    init(client: SuperOfficeServiceClient, environment: UpstreamURL) {
        self.client = client
        self.environment = environment
    }

    /// The key for `kid` (or the only key when the token names none).
    func key(for kid: String?, on eventLoop: any EventLoop) -> EventLoopFuture<_RSA.Signing.PublicKey> {
        if let cached = keys.withLockedValue({ Self.pick(kid, from: $0) }) {
            return eventLoop.makeSucceededFuture(cached)
        }
        return fetch(on: eventLoop).flatMapThrowing { fetched in
            self.keys.withLockedValue { $0 = fetched }
            guard let key = Self.pick(kid, from: fetched) else {
                throw CredentialError("the system user token is signed with a key (kid \(kid ?? "none")) that SuperOffice's JWKS does not list")
            }
            return key
        }
    }

    private static func pick(_ kid: String?, from keys: [String: _RSA.Signing.PublicKey]) -> _RSA.Signing.PublicKey? {
        if let kid { return keys[kid] }
        return keys.count == 1 ? keys.values.first : nil
    }

    private func fetch(on eventLoop: any EventLoop) -> EventLoopFuture<[String: _RSA.Signing.PublicKey]> {
        client.send(.GET, to: environment, path: Self.path, service: "SuperOffice's JWKS endpoint", on: eventLoop).flatMapThrowing { response in
            guard response.status == .ok, let document = JSONBody.object(response.body), let entries = document["keys"] as? [[String: Any]] else {
                throw CredentialError("SuperOffice's JWKS endpoint answered HTTP \(response.status.code) without a key set")
            }
            return Self.parse(entries)
        }
    }

    /// RSA keys of a JWKS `keys` array by `kid` (a key without `kid` is stored under the empty string).
    static func parse(_ entries: [[String: Any]]) -> [String: _RSA.Signing.PublicKey] {
        var result: [String: _RSA.Signing.PublicKey] = [:]
        for entry in entries where (entry["kty"] as? String) == "RSA" {
            guard let n = (entry["n"] as? String).flatMap({ try? Base64.decode(string: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }), let e = (entry["e"] as? String).flatMap({ try? Base64.decode(string: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }),
                let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: DER.rsaPublicKey(modulus: n, exponent: e))
            else { continue }
            result[entry["kid"] as? String ?? ""] = key
        }
        return result
    }
}
