/// A value whose `init()` is its empty form: `false`, `[]`.
public protocol DefaultInitializable: Codable, Equatable {
    init()
}

extension Bool: DefaultInitializable {}
extension Array: DefaultInitializable where Element: Codable & Equatable {}

/// A key the JSON reports write only when its value is not the default (`false`, `[]`):
/// such keys flag something unusual (`"acceptedDamage": true`) and are absent otherwise.
/// A missing key reads back as the default.
@propertyWrapper
public struct OmittedWhenDefault<Value: DefaultInitializable>: Codable, Equatable {
    public var wrappedValue: Value

    public init(wrappedValue: Value = Value()) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws { wrappedValue = try Value(from: decoder) }

    public func encode(to encoder: any Encoder) throws { try wrappedValue.encode(to: encoder) }
}

extension OmittedWhenDefault: Sendable where Value: Sendable {}

extension KeyedEncodingContainer {
    /// Used by synthesized `Encodable`: the default value writes no key.
    public mutating func encode<Value>(_ value: OmittedWhenDefault<Value>, forKey key: Key) throws {
        if value.wrappedValue != Value() { try encode(value.wrappedValue, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Used by synthesized `Decodable`: a missing key is the default value.
    public func decode<Value>(_ type: OmittedWhenDefault<Value>.Type, forKey key: Key) throws -> OmittedWhenDefault<Value> {
        try decodeIfPresent(type, forKey: key) ?? OmittedWhenDefault()
    }
}
