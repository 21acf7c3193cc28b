import Foundation

/// JSONDecoder's errors in words: which value, where, and what it should be. Foundation on
/// Linux reports a number that does not fit its type (`"max": 4.5` for a whole number) as
/// "The given data was not valid JSON." with no path; `wording` finds that number itself.
enum DecodingProblem {
    /// What is wrong with `line`, which failed to decode as `kind` with `error`.
    static func wording<T: Decodable>(_ error: Error, line: Data, kind: T.Type, decoder: JSONDecoder) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            let path = path(context.codingPath)
            return path.isEmpty ? "no '\(key.stringValue)' field" : "no '\(key.stringValue)' field in \(path)"
        case .typeMismatch(let type, let context):
            return "the value at \(path(context.codingPath)) is not \(expected(type))"
        case .valueNotFound(let type, let context):
            return "the value at \(path(context.codingPath)) is null; it must be \(expected(type))"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "the value at \(path(context.codingPath)) is not valid (\(context.debugDescription))"
        case .dataCorrupted(let context):
            if let number = misfitNumber(in: line, kind: kind, decoder: decoder) {
                return "the value at \(number.path) is \(number.fractional ? "not a whole number" : "too large a number")"
            }
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// `assessment.items[2].name`.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "the top level" : text
    }

    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        default: return "\(type)".hasPrefix("Array") ? "a list" : "an object"
        }
    }

    /// One step of a path into parsed JSON.
    enum Step { case key(String), index(Int) }

    /// The number that made decoding fail though the line is valid JSON. The candidates are
    /// the numbers that are not whole numbers within Int's range; each is tried alone, every
    /// other candidate set to 0: the first that still fails is a misfit. Only on the error
    /// path, so decoding again is affordable.
    static func misfitNumber<T: Decodable>(in line: Data, kind: T.Type, decoder: JSONDecoder) -> (path: String, fractional: Bool)? {
        guard let root = try? JSONSerialization.jsonObject(with: line) else { return nil }
        var candidates: [([Step], Double)] = []
        collect(root, at: [], into: &candidates)
        for (index, (steps, value)) in candidates.enumerated() {
            var alone = root
            for (other, (otherSteps, _)) in candidates.enumerated() where other != index { alone = replacing(alone, at: otherSteps[...]) }
            guard let data = try? JSONSerialization.data(withJSONObject: alone) else { continue }
            do {
                _ = try decoder.decode(kind, from: data)
                continue
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                // Still unreadable with only this number left: it is a misfit.
            } catch {
                continue
            }
            let text = steps.reduce(into: "") { text, step in
                switch step {
                case .key(let key): text += (text.isEmpty ? "" : ".") + key
                case .index(let index): text += "[\(index)]"
                }
            }
            return (text, value.rounded() != value)
        }
        return nil
    }

    private static func collect(_ value: Any, at steps: [Step], into candidates: inout [([Step], Double)]) {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() { collect(object[key] as Any, at: steps + [.key(key)], into: &candidates) }
        case let array as [Any]:
            for (index, element) in array.enumerated() { collect(element, at: steps + [.index(index)], into: &candidates) }
        case let number as NSNumber:
            let double = number.doubleValue
            if double.rounded() != double || !(Double(Int.min)..<Double(Int.max)).contains(double) {
                candidates.append((steps, double))
            }
        default:
            break
        }
    }

    private static func replacing(_ value: Any, at steps: ArraySlice<Step>) -> Any {
        guard let step = steps.first else { return 0 }
        switch (step, value) {
        case (.key(let key), var object as [String: Any]):
            object[key] = replacing(object[key] as Any, at: steps.dropFirst())
            return object
        case (.index(let index), var array as [Any]) where array.indices.contains(index):
            array[index] = replacing(array[index], at: steps.dropFirst())
            return array
        default:
            return value
        }
    }
}
