import Foundation

/// Typed access to a JSON object's fields, with errors that name the key path.
struct Fields {
    let values: [(String, JSONValue)]
    let key: String

    init(_ value: JSONValue, key: String) throws {
        guard case .object(let values) = value else {
            throw ConfigError.wrongType(
                key: key.isEmpty ? "(top level)" : key, expected: "an object", found: value.kindName)
        }
        self.values = values
        self.key = key
    }

    func path(_ name: String) -> String { key.isEmpty ? name : key + "." + name }

    func refuseUnknown(_ allowed: [String]) throws {
        if let unknown = values.first(where: { !allowed.contains($0.0) }) {
            throw ConfigError.unknownKey(path(unknown.0))
        }
    }

    func optional(_ name: String) -> JSONValue? { values.first { $0.0 == name }?.1 }

    func required(_ name: String) throws -> JSONValue {
        guard let value = optional(name) else { throw ConfigError.missingKey(path(name)) }
        return value
    }

    func number(_ name: String, range: ClosedRange<Double>, default fallback: Double? = nil) throws -> Double {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .number(let number) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a number", found: value.kindName)
        }
        guard number.isFinite, range.contains(number) else {
            throw ConfigError.badValue(
                key: path(name), reason: "is \(number); it must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    func integer(_ name: String, range: ClosedRange<Int> = Int.min...Int.max, default fallback: Int? = nil) throws
        -> Int
    {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .number(let number) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a whole number", found: value.kindName)
        }
        guard number == number.rounded(), abs(number) < 9e15 else {
            throw ConfigError.wrongType(key: path(name), expected: "a whole number", found: "\(number)")
        }
        let integer = Int(number)
        guard range.contains(integer) else {
            throw ConfigError.badValue(
                key: path(name), reason: "is \(integer); it must be between \(range.lowerBound) and \(range.upperBound)"
            )
        }
        return integer
    }

    func string(_ name: String, default fallback: String? = nil) throws -> String {
        guard let value = optional(name) else {
            if let fallback { return fallback }
            throw ConfigError.missingKey(path(name))
        }
        guard case .string(let text) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "a string", found: value.kindName)
        }
        guard !text.isEmpty else { throw ConfigError.badValue(key: path(name), reason: "is empty") }
        return text
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = optional(name) else { return fallback }
        guard case .bool(let flag) = value else {
            throw ConfigError.wrongType(key: path(name), expected: "true or false", found: value.kindName)
        }
        return flag
    }
}
