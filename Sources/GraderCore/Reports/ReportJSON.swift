import Foundation

/// The JSON form of reports: pretty, keys sorted, so files diff well and tools read them easily.
public enum ReportJSON {
    /// An encoder with the reports' settings.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a value as report JSON, with a final newline.
    ///
    /// - Throws: whatever `JSONEncoder` throws (not expected for report types).
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }

    /// Decodes a report written by ``data(_:)``.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
