/// The rules that span sections: unique client names and key hashes, admin keys apart from client keys,
/// credentials for every client, and distinct listener addresses.
struct CrossChecks {
    let context: ConfigReadContext

    func run(
        clients: [(path: ConfigPath, config: ClientConfig?)]?,
        upstreamHasCredentials: Bool,
        admin: AdminConfig?,
        listen: ListenConfig
    ) {
        var names: [String: ConfigPath] = [:]
        var hashOwners: [String: ConfigPath] = [:]
        for (path, client) in clients ?? [] {
            guard let client else { continue }
            if let first = names[client.name] {
                context.report(path.key("name"), "duplicate client name \(client.name) (also \(first))")
            } else {
                names[client.name] = path
            }
            for (index, hash) in client.apiKeysSHA256.enumerated() {
                let hashPath = path.key("api_keys_sha256").index(index)
                if let first = hashOwners[hash] {
                    context.report(hashPath, "the same key hash is already used at \(first)")
                } else {
                    hashOwners[hash] = hashPath
                }
            }
            if client.credentials == nil, !upstreamHasCredentials {
                context.report(path.key("credentials"), "no credentials here and no upstream.credentials default")
            }
        }
        guard let admin else { return }
        var adminHashes: [String: ConfigPath] = [:]
        for (index, hash) in admin.apiKeysSHA256.enumerated() {
            let hashPath = ConfigPath.root.key("admin").key("api_keys_sha256").index(index)
            if let owner = hashOwners[hash] {
                context.report(hashPath, "an admin key hash may not be a client key hash (also \(owner))")
            } else if let first = adminHashes[hash] {
                context.report(hashPath, "the same key hash is already used at \(first)")
            } else {
                adminHashes[hash] = hashPath
            }
        }
        if admin.listen.port != 0, admin.listen.port == listen.port, admin.listen.host == listen.host {
            context.report(ConfigPath.root.key("admin").key("listen").key("port"), "the admin listener needs its own address, not the one in listen")
        }
    }
}
