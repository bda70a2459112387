import NIOCore
import Yams

/// Typed getters: each reads one key, reports what is wrong at the key's path, and falls back to the default
/// so the walk goes on and every problem in the file is found in one pass.
extension MappingReader {
    /// An optional string; `nil` when absent, null or invalid (reported).
    func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        return context.scalar(node, at: path(key))
    }

    /// A string that must be present and non-empty.
    func requiredString(_ key: String) -> String? {
        guard let node = requiredNode(key), let value = context.scalar(node, at: path(key)) else { return nil }
        guard !value.isEmpty else {
            context.report(path(key), "must not be empty")
            return nil
        }
        return value
    }

    /// An optional string that, when present, must be non-empty and safe to put into an HTTP header.
    func headerString(_ key: String, required: Bool = false) -> String? {
        let value = required ? requiredString(key) : string(key)
        guard let value else { return nil }
        guard !value.isEmpty else {
            context.report(path(key), "must not be empty")
            return nil
        }
        guard Self.isHeaderSafe(value) else {
            context.report(path(key), "must not contain control characters or line breaks")
            return nil
        }
        return value
    }

    /// `true`/`false` (YAML 1.1 spellings `yes`/`no`/`on`/`off` too).
    func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let node = node(key), let text = context.scalar(node, at: path(key), expecting: "expected true or false") else {
            return defaultValue
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            context.report(path(key), "expected true or false")
            return defaultValue
        }
    }

    /// An optional whole number within `range`.
    func optionalInt(_ key: String, in range: ClosedRange<Int>) -> Int? {
        let expectation = Self.integerExpectation(range)
        guard let node = node(key), let text = context.scalar(node, at: path(key), expecting: expectation) else {
            return nil
        }
        guard let value = ConfigNumber.parseInteger(text), range.contains(value) else {
            context.report(path(key), expectation)
            return nil
        }
        return value
    }

    /// A whole number within `range`, or the default when absent.
    func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        optionalInt(key, in: range) ?? defaultValue
    }

    /// An optional decimal number greater than zero.
    func optionalPositiveNumber(_ key: String) -> Double? {
        let expectation = "expected a number greater than 0"
        guard let node = node(key), let text = context.scalar(node, at: path(key), expecting: expectation) else {
            return nil
        }
        guard let value = ConfigNumber.parseDecimal(text), value > 0 else {
            context.report(path(key), expectation)
            return nil
        }
        return value
    }

    /// A duration like `30s`, or the default when absent; `positive` rejects `0s`.
    func duration(_ key: String, default defaultValue: TimeAmount, positive: Bool = false) -> TimeAmount {
        guard let node = node(key),
              let text = context.scalar(node, at: path(key), expecting: ConfigDuration.expectation)
        else { return defaultValue }
        guard let value = ConfigDuration.parse(text) else {
            context.report(path(key), ConfigDuration.expectation)
            return defaultValue
        }
        if positive, value.nanoseconds == 0 {
            context.report(path(key), "must be greater than 0s")
            return defaultValue
        }
        return value
    }

    /// A byte size like `64MiB`, or the default when absent; at least `minimum` bytes.
    func size(_ key: String, default defaultValue: Int, minimum: Int = 1) -> Int {
        optionalSize(key, minimum: minimum) ?? defaultValue
    }

    /// An optional byte size like `64MiB` of at least `minimum` bytes; `nil` when absent or invalid (reported).
    func optionalSize(_ key: String, minimum: Int = 1) -> Int? {
        guard let node = node(key), let text = context.scalar(node, at: path(key), expecting: ConfigSize.expectation) else {
            return nil
        }
        guard let value = ConfigSize.parse(text) else {
            context.report(path(key), ConfigSize.expectation)
            return nil
        }
        guard value >= minimum else {
            context.report(path(key), "must be at least \(ConfigSize.format(minimum))")
            return nil
        }
        return value
    }

    /// One of a fixed set of words, or the default when absent.
    func choice<Value>(_ key: String, default defaultValue: Value, from choices: KeyValuePairs<String, Value>) -> Value {
        let expectation = "expected one of " + choices.map(\.key).joined(separator: ", ")
        guard let node = node(key), let text = context.scalar(node, at: path(key), expecting: expectation) else {
            return defaultValue
        }
        guard let match = choices.first(where: { $0.key == text }) else {
            context.report(path(key), expectation)
            return defaultValue
        }
        return match.value
    }

    /// An optional nested mapping.
    func mapping(_ key: String) -> MappingReader? {
        node(key).flatMap { context.mapping($0, at: path(key)) }
    }

    /// A nested mapping that must be present.
    func requiredMapping(_ key: String) -> MappingReader? {
        requiredNode(key).flatMap { context.mapping($0, at: path(key)) }
    }

    /// An optional list, each element with its path.
    func list(_ key: String) -> [(node: Node, path: ConfigPath)]? {
        node(key).flatMap { context.sequence($0, at: path(key)) }
    }

    /// An optional file path, resolved against the config's directory; the file must exist and be readable.
    func file(_ key: String, required: Bool = false, pem: Bool = true) -> String? {
        let value = required ? requiredString(key) : string(key)
        guard let value else { return nil }
        guard !value.isEmpty else {
            context.report(path(key), "must not be empty")
            return nil
        }
        return context.readableFile(value, at: path(key), pem: pem)
    }

    /// How integer range problems read: `expected an integer in 1...9` or `expected an integer of at least 1`.
    static func integerExpectation(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max
            ? "expected an integer of at least \(range.lowerBound)"
            : "expected an integer in \(range.lowerBound)...\(range.upperBound)"
    }

    /// No control characters (tab allowed): such values end up in HTTP headers, where CR/LF would split them.
    static func isHeaderSafe(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }
    }
}
