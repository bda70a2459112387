import NIOCore

/// The cached task request as partners send it (20 associates, the shape of `../shared/bench/task.lua`),
/// in the three body syntaxes the parser accepts, so each parser is measured on the same question.
enum TaskBodyFixture {
    /// The associates of `task.lua`, in its (unsorted) order.
    static let associates: [Int32] = [120] + Array(101...119)

    /// `{"AssociateIds":[120,101,...]}`.
    static var json: ByteBuffer {
        ByteBuffer(string: #"{"AssociateIds":["# + list(separator: ",") + "]}")
    }

    /// `<GetBatchTaskInfosByAssociates><AssociateIds><int>120</int>...</AssociateIds></...>`.
    static var xml: ByteBuffer {
        let items = associates.map { "<int>\($0)</int>" }.joined()
        return ByteBuffer(
            string: #"<?xml version="1.0" encoding="utf-8"?>"#
                + #"<GetBatchTaskInfosByAssociates xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">"#
                + "<AssociateIds>\(items)</AssociateIds></GetBatchTaskInfosByAssociates>"
        )
    }

    /// `AssociateIds=120&AssociateIds=101&...`.
    static var form: ByteBuffer {
        ByteBuffer(string: associates.map { "AssociateIds=\($0)" }.joined(separator: "&"))
    }

    /// Hex SHA-256 standing in for the upstream identity (the key holds a digest, never a secret).
    static let identity = String(repeating: "5e", count: 32)

    private static func list(separator: String) -> String {
        associates.map(String.init).joined(separator: separator)
    }
}
