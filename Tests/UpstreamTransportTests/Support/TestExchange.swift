/// An exchange as the state machines see it: only its identity, and a name for readable expectations.
final class TestExchange {
    let name: String

    init(_ name: String) {
        self.name = name
    }
}
