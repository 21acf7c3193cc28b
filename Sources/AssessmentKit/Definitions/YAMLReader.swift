import CYaml
import Foundation
import Yams

/// Walks a YAML tree and records problems with their line and column, so a file's
/// problems can all be reported at once. Accessors return nil after recording an issue.
final class YAMLReader {
    let file: String
    private(set) var issues: [DefinitionIssue] = []

    init(file: String) { self.file = file }

    /// A mapping's entries in file order, with the key's node for locating problems.
    struct Fields {
        var node: Node
        var entries: [(key: String, keyNode: Node, value: Node)]

        subscript(key: String) -> Node? {
            guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
            return YAMLReader.isNull(value) ? nil : value
        }

        func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }
    }

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func fail(_ node: Node?, _ message: String) {
        issues.append(DefinitionIssue(location(node), message))
    }

    func fail(at location: SourceLocation, _ message: String) {
        issues.append(DefinitionIssue(location, message))
    }

    /// Parses the text; a syntax error becomes an issue at its position. The readers below
    /// take every scalar as text, so Yams resolves no tags (its default resolver compiles
    /// regular expressions) and constructs no values.
    func root(of text: String) -> Node? {
        let size = text.utf8.count
        guard size <= DefinitionLimits.fileBytes else {
            fail(at: SourceLocation(file: file, line: 1, column: 1), DefinitionLimits.tooLarge(size))
            return nil
        }
        if let alias = YAMLReader.firstAlias(in: text) {
            fail(at: SourceLocation(file: file, line: alias.line, column: alias.column),
                 "YAML aliases (*name) are not supported; write the value out in full here")
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8) else {
                fail(at: SourceLocation(file: file, line: 1, column: 1), "the file is empty; see docs/assessment-format.md")
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                fail(at: SourceLocation(file: file, line: mark.line, column: mark.column),
                     "YAML syntax: \(problem); check the indentation and quoting here")
            case .duplicatedKeysInMapping(let duplicates, _):
                fail(at: SourceLocation(file: file, line: 1, column: 1),
                     "duplicate key \(listing(duplicates.map { "'\($0)'" }, conjunction: "and")); give each key once")
            default:
                fail(at: SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
            }
            return nil
        } catch {
            fail(at: SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
            return nil
        }
    }

    /// Where the first alias (`*name`) is, 1-based; nil when there is none or the text does
    /// not parse (Yams then reports why). Yams expands aliases as it builds the tree, and
    /// hashes mapping keys to find duplicates, so a few nested aliases cost exponential
    /// time; the format has no use for them. libyaml's event parser (Yams's own copy, CYaml)
    /// reports an alias as one event without expanding it: this pass is linear.
    static func firstAlias(in text: String) -> (line: Int, column: Int)? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { return nil }
        defer { yaml_parser_delete(parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            while yaml_parser_parse(parser, event) == 1 {
                let type = event.pointee.type
                let mark = event.pointee.start_mark
                yaml_event_delete(event)
                if type == YAML_ALIAS_EVENT { return (Int(mark.line) + 1, Int(mark.column) + 1) }
                if type == YAML_STREAM_END_EVENT { return nil }
            }
            return nil
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A mapping whose keys must all be among `allowed` and include every `required` one.
    func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let entries = entries(node, what, allowed: allowed) else { return nil }
        let fields = Fields(node: node, entries: entries)
        for key in required where fields[key] == nil {
            fail(node, "\(what) needs '\(key)'")
        }
        return fields
    }

    /// The entries of a mapping in file order. Without `allowed`, its keys are data (item ids,
    /// levels); with it, they are words that must be among `allowed`.
    func entries(_ node: Node, _ what: String, allowed: [String]? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            fail(node, allowed.map { "\(what) must be a mapping of keys (\(listing($0, conjunction: "and")))" } ?? "\(what) must be a mapping")
            return nil
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                fail(keyNode, "keys of \(what) must be plain words" + (allowed == nil ? " or numbers" : ""))
                continue
            }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                fail(keyNode, "unknown key '\(key)' in \(what)\(didYouMean(key, among: allowed)) (allowed: \(allowed.joined(separator: ", ")))")
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    func list(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            fail(node, "\(what) must be a list (lines starting with '- ', or [a, b])")
            return nil
        }
        return Array(sequence)
    }

    func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, "\(what) must be text, not a \(node.isMapping ? "mapping" : "list")")
            return nil
        }
        let text = scalar.string.trimmingWhitespace
        guard !text.isEmpty else {
            fail(node, "\(what) is empty; write the text")
            return nil
        }
        return text
    }

    func int(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            fail(node, "\(what) must be a whole number")
            return nil
        }
        return value
    }

    func number(_ node: Node, _ what: String) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            fail(node, "\(what) must be a number")
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            fail(node, "\(what) must be true or false")
            return nil
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(node, "\(what) must be true or false, not '\(scalar.string)'")
            return nil
        }
    }

    /// A non-empty list of texts.
    func strings(_ node: Node, _ what: String) -> [String]? {
        guard let nodes = list(node, what) else { return nil }
        guard !nodes.isEmpty else {
            fail(node, "\(what) is an empty list; give at least one")
            return nil
        }
        let values = nodes.compactMap { string($0, "an entry of \(what)") }
        return values.count == nodes.count ? values : nil
    }

    /// A lowercase id: letters, digits and '-', starting with a letter.
    func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard isIdentifier(text) else {
            fail(node, "\(what) '\(text)' must be lowercase letters, digits and '-', starting with a letter")
            return nil
        }
        return text
    }
}

extension Node {
    var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}
