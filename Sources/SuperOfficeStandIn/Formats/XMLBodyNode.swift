import Foundation

/// A parsed XML element reduced to what request binding needs: local name (namespace prefix dropped), text, children.
struct XMLBodyNode: Sendable, Equatable {
    var name: String
    var text: String
    var children: [XMLBodyNode]

    /// The first child whose local name matches case-insensitively (ASP.NET binds leniently; so does the stand-in).
    func child(_ name: String) -> XMLBodyNode? {
        let wanted = name.lowercased()
        return children.first { $0.name.lowercased() == wanted }
    }

    var trimmedText: String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
