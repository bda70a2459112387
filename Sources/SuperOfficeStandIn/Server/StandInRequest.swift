import Foundation
import NIOHTTP1

/// A complete request (head + collected body) as the router sees it.
struct StandInRequest: Sendable {
    var method: HTTPMethod
    /// The raw path without query.
    var path: String
    var query: String?
    var headers: HTTPHeaders
    var body: [UInt8]
    var version: HTTPVersion

    /// Percent-decoded, non-empty path segments.
    var segments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { FormDecoder.percentDecode(String($0)) }
    }

    var queryPairs: [(name: String, value: String)] {
        query.map(FormDecoder.pairs) ?? []
    }

    /// A query parameter by name, case-insensitive (`$select`, `$Select`).
    func queryValue(_ name: String) -> String? {
        FormDecoder.value(name, in: queryPairs)
    }

    func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    /// Cookie values by name from every `Cookie` header.
    func cookie(_ name: String) -> String? {
        for line in headers[canonicalForm: "Cookie"] {
            for part in line.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                if String(pair[0]).trimmingCharacters(in: .whitespacesAndNewlines) == name {
                    return String(pair[1]).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
        }
        return nil
    }

    /// The media type of the body, lowercased, without parameters.
    var contentType: String? {
        header("Content-Type").map { value in
            (value.split(separator: ";").first.map(String.init) ?? value).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        }
    }
}
