import Foundation

/// Reads a list of CIDRs (`clients[].source_ips`, `listen.trusted_proxies`), reporting each bad entry at its path.
enum CIDRList {
    /// `ranges` is nil when the key is absent; `valid` is false when anything was reported.
    static func read(_ key: String, from block: MappingReader) -> (ranges: [CIDR]?, valid: Bool) {
        guard let elements = block.list(key) else {
            return (nil, !block.has(key))
        }
        var ranges: [CIDR] = []
        var valid = true
        for element in elements {
            guard let text = block.context.scalar(element.node, at: element.path, expecting: CIDR.expectation) else {
                valid = false
                continue
            }
            guard let range = CIDR(text.trimmingCharacters(in: .whitespaces)) else {
                block.context.report(element.path, CIDR.expectation + " (prefix at most 32 for IPv4, 128 for IPv6)")
                valid = false
                continue
            }
            ranges.append(range)
        }
        return (ranges, valid)
    }
}
