/// Reads an `application/x-www-form-urlencoded` task request body the way ASP.NET binds lists:
/// `AssociateIds=1&AssociateIds=2`, `AssociateIds[]=1`, `AssociateIds[0]=1`, and `AssociateIds=1,2`, with
/// percent-decoding and `+` as space. `AssociateIds=` (empty) contributes no id, so an empty list can be sent.
enum FormTaskBodyParser {
    static let malformedEncoding = TaskBodyError(detail: "The form request body has malformed percent-encoding.")

    static func parse(_ bytes: UnsafeRawBufferPointer, endpoint: TaskEndpoint, maxIds: Int) throws(TaskBodyError) -> TaskRequestBody {
        var fields = TaskBodyFields()
        let readsState = TaskBodyFields.readsState(endpoint)
        let readsName = TaskBodyFields.readsName(endpoint)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") {
                end += 1
            }
            if end > start {
                var equals = start
                while equals < end, bytes[equals] != UInt8(ascii: "=") {
                    equals += 1
                }
                let key = try percentDecode(bytes, start, equals)
                let value = equals < end ? try percentDecode(bytes, equals + 1, end) : []
                if isIdsKey(key) {
                    var ids = fields.ids ?? []
                    try appendIds(value, to: &ids, maxIds: maxIds)
                    fields.ids = ids
                } else if readsState, ASCIIBytes.equalsIgnoringCase(key[...], "State") {
                    guard fields.state == nil else { throw .stateDuplicated }
                    guard let state = BatchTaskState(name: ASCIIBytes.trimmingWhitespace(value[...])) else { throw .stateInvalid }
                    fields.state = state
                } else if readsName, ASCIIBytes.equalsIgnoringCase(key[...], "Name") {
                    guard fields.name == nil else { throw .nameDuplicated }
                    let name = String(decoding: value, as: UTF8.self)
                    guard name.utf8.elementsEqual(value) else { throw .nameInvalid }
                    fields.name = name
                }
            }
            start = end + 1
        }
        return try fields.finish(endpoint: endpoint)
    }

    /// `AssociateIds`, `AssociateIds[]` or `AssociateIds[<index>]`, any case.
    private static func isIdsKey(_ key: [UInt8]) -> Bool {
        let base = "AssociateIds".utf8.count
        guard key.count >= base, ASCIIBytes.equalsIgnoringCase(key[0..<base], "AssociateIds") else { return false }
        let suffix = key[base...]
        if suffix.isEmpty { return true }
        guard suffix.first == UInt8(ascii: "["), suffix.last == UInt8(ascii: "]"), suffix.count >= 2 else { return false }
        return suffix.dropFirst().dropLast().allSatisfy(ASCIIBytes.isDigit)
    }

    private static func appendIds(_ value: [UInt8], to ids: inout [Int32], maxIds: Int) throws(TaskBodyError) {
        if ASCIIBytes.trimmingWhitespace(value[...]).isEmpty { return }
        var pieceStart = 0
        while pieceStart <= value.count {
            var pieceEnd = pieceStart
            while pieceEnd < value.count, value[pieceEnd] != UInt8(ascii: ",") {
                pieceEnd += 1
            }
            let id = try DecimalText.int32(value[pieceStart..<pieceEnd])
            guard ids.count < maxIds else { throw .tooManyIds(maxIds) }
            ids.append(id)
            pieceStart = pieceEnd + 1
        }
    }

    static func percentDecode(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(TaskBodyError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < end,
                    let high = JSONScanner.hexValue(bytes[index + 1]),
                    let low = JSONScanner.hexValue(bytes[index + 2])
                else { throw malformedEncoding }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
