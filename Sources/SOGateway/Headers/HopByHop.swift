import NIOHTTP1

/// Hop-by-hop headers (RFC 9110 §7.6.1) never cross the gateway in either direction.
public enum HopByHop {
    /// Removes the fixed hop-by-hop headers, every `Proxy-*` header, and each header `Connection` names.
    public static func strip(_ headers: inout HTTPHeaders) {
        // Most messages carry none of these: check first, without allocating, and leave them untouched.
        guard headers.contains(where: { isHopByHop($0.name) }) else { return }
        // Upstream answers usually carry `Connection: keep-alive`, which names nothing to remove: only other
        // tokens cost a lowercased copy.
        var named: [String] = []
        for (name, value) in headers where HeaderName.equals(name, "connection") {
            for token in value.utf8.split(separator: UInt8(ascii: ",")) {
                let trimmed = Substring(token).trimmingSpaces()
                if trimmed.isEmpty || HeaderName.equals(String(trimmed), "keep-alive") || HeaderName.equals(String(trimmed), "close") {
                    continue
                }
                named.append(trimmed.lowercased())
            }
        }
        // Removed in place, one name at a time: rebuilding the list would retain every header string again.
        var doomed: [String] = []
        for (name, _) in headers where isHopByHop(name) || (!named.isEmpty && named.contains(name.lowercased())) {
            doomed.append(name)
        }
        for name in doomed {
            headers.remove(name: name)
        }
    }
}

extension HopByHop {
    /// Always hop-by-hop, whatever `Connection` says (`connection`, `keep-alive`, `te`, `trailer`,
    /// `transfer-encoding`, `upgrade`), and `Proxy-*`; compared without allocation.
    static func isHopByHop(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: return HeaderName.equals(name, "te")
        case 7: return HeaderName.equals(name, "trailer") || HeaderName.equals(name, "upgrade")
        case 10: return HeaderName.equals(name, "connection") || HeaderName.equals(name, "keep-alive") || HeaderName.hasPrefix(name, "proxy-")
        case 17: return HeaderName.equals(name, "transfer-encoding") || HeaderName.hasPrefix(name, "proxy-")
        default: return HeaderName.hasPrefix(name, "proxy-")
        }
    }
}
