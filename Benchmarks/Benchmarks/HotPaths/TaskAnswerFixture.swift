import NIOCore

/// A `GetBatchTaskInfosByAssociates` answer for 20 associates, two tasks each: the same shape and size
/// (about 42 KB) as the payload `../shared/bench/make-payload.py` writes for the side-by-side runs.
enum TaskAnswerFixture {
    /// The answer's JSON text, built once.
    static let json: String = {
        let states = ["New", "Started", "Succeeded", "Failed"]
        var tasks: [String] = []
        for associate in 101...120 {
            for offset in 0..<2 {
                let id = associate * 10 + offset
                let fields = ["Name", "Description", "FileName"].map { field in
                    #""\#(field)": {"FieldRight": {"Mask": "Read, Write", "Reason": ""}, "#
                        + #""FieldType": "System.String", "FieldLength": 255}"#
                }.joined(separator: ", ")
                tasks.append(
                    #"{"Id": \#(id), "Name": "Export contacts \#(id)", "AssociateId": \#(associate), "#
                        + #""DetailsTable": 294, "DetailsRecord": \#(id + 7), "IsSystemTask": false, "#
                        + #""IsInternalTask": false, "ParameterObject": {"Selection": "sel-\#(id)", "Format": "csv"}, "#
                        + #""LastStarted": "2026-11-20T08:15:00", "Created": "2026-11-19T17:02:11", "#
                        + #""StartCount": \#(id % 5), "DatabaseSerialNumber": "1446363", "Context": "batch/\#(id)", "#
                        + #""Result": "", "State": "\#(states[id % 4])", "#
                        + #""Description": "Nightly export of selection \#(id)", "Response": "", "#
                        + #""Request": "{\"selectionId\":\#(id)}", "ProgressDescription": "Writing rows", "#
                        + #""ProgressPercent": \#((id * 7) % 101), "FileName": "export-\#(id).csv", "#
                        + #""CancellationBehaviour": "CanCancel", "#
                        + #""TableRight": {"Mask": "Select, Update", "Reason": ""}, "#
                        + #""FieldProperties": {\#(fields)}}"#
                )
            }
        }
        return "[" + tasks.joined(separator: ", ") + "]"
    }()

    /// The answer as the upstream transport hands it over.
    static var body: ByteBuffer { ByteBuffer(string: json) }
}
