import ArgumentParser
import SOGateway

/// `so-gateway hash-key`: the SHA-256 a key is stored as in `api_keys_sha256`.
struct HashKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-key",
        abstract: "Read a key on stdin and print its lowercase hex SHA-256 (as `printf %s KEY | sha256sum`)."
    )

    func run() throws {
        var bytes = [UInt8]()
        while let line = readLine(strippingNewline: false) {
            bytes.append(contentsOf: line.utf8)
        }
        // `echo KEY | so-gateway hash-key` adds one newline that is not part of the key.
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else {
            throw ValidationError("no key on stdin")
        }
        print(KeyDigest(hashing: bytes).hex)
    }
}
