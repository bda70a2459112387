import ArgumentParser
import SOGateway

/// `so-gateway new-key`: a fresh random partner key and the hash to put in gateway.yml.
struct NewKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-key",
        abstract: "Print a fresh random key (32 random bytes, base64url) and its SHA-256 for api_keys_sha256."
    )

    func run() throws {
        let key = PartnerKey.generate()
        print("key:    \(key)")
        print("sha256: \(KeyDigest(hashing: key.utf8).hex)")
    }
}
