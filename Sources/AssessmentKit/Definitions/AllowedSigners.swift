import Crypto
import Foundation

/// One line of an OpenSSH `allowed_signers` file (ssh-keygen(1), "ALLOWED SIGNERS"):
/// `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]`. The panel host lets in the logins a key
/// is listed for, and the same file verifies endorsements with `ssh-keygen -Y verify`.
public struct AllowedSigner: Equatable, Sendable {
    /// Login patterns, as written: `ana`, `ana,ben`, `*@iom.int`, `!guest`.
    public var principals: [String]
    /// `cert-authority`, `namespaces="…"`, `valid-after=…`, `valid-before=…`, as written.
    public var options: [String]
    public var keyType: SSHKeyType
    /// The key as the file gives it: the SSH wire encoding, base64-decoded.
    public var key: [UInt8]
    public var comment: String?
    /// Where in the file, for messages.
    public var line: Int

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String { SSHKeyType.fingerprint(of: key) }

    /// The namespaces the key may sign in (`namespaces="assess-endorsement"`); nil when
    /// the line does not restrict them.
    public var namespaces: [String]? {
        options.lazy.compactMap { option -> [String]? in
            guard option.lowercased().hasPrefix("namespaces=") else { return nil }
            return Self.unquoted(String(option.dropFirst("namespaces=".count))).split(separator: ",").map(String.init)
        }.first
    }

    /// Whether `date` is inside the line's `valid-after` and `valid-before` (YYYYMMDD[HHMM[SS]],
    /// UTC with a trailing Z, else local time, as ssh-keygen reads them). A time it cannot
    /// read makes the key invalid, never valid.
    public func isValid(at date: Date) -> Bool {
        for option in options {
            let lowered = option.lowercased()
            for (name, isAfter) in [("valid-after=", true), ("valid-before=", false)] where lowered.hasPrefix(name) {
                guard let limit = Self.time(Self.unquoted(String(option.dropFirst(name.count)))) else { return false }
                if isAfter ? date < limit : date >= limit { return false }
            }
        }
        return true
    }

    /// `20261201`, `202612011530`, `20261201153000`, each with an optional `Z` (UTC).
    static func time(_ text: String) -> Date? {
        let utc = text.hasSuffix("Z") || text.hasSuffix("z")
        let digits = utc ? String(text.dropLast()) : text
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let numbers = Array(digits)
        func field(_ start: Int, _ length: Int) -> Int? { start + length <= numbers.count ? Int(String(numbers[start..<(start + length)])) : 0 }
        var parts = DateComponents()
        parts.year = field(0, 4)
        parts.month = field(4, 2)
        parts.day = field(6, 2)
        parts.hour = field(8, 2)
        parts.minute = field(10, 2)
        parts.second = field(12, 2)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(identifier: "UTC")! : TimeZone.current
        guard parts.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: parts)
    }

    /// A certificate authority's key signs others' certificates; it is no panelist's key.
    public var isCertificateAuthority: Bool { options.contains { $0.lowercased() == "cert-authority" } }

    /// Whether the line lists `login`: one of its patterns matches and no negated one does
    /// (OpenSSH's `match_pattern_list`).
    public func lists(_ login: String) -> Bool { Self.patternList(principals, matches: login) }

    /// Whether `patterns` match `text` as OpenSSH's `match_pattern_list` does: one matches,
    /// and no negated one (`!pattern`) does.
    static func patternList(_ patterns: [String], matches text: String) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if glob(String(pattern.dropFirst()), matches: text) { return false }
            } else if glob(pattern, matches: text) {
                matched = true
            }
        }
        return matched
    }

    /// `*` any run of characters, `?` any one, the rest itself.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let pattern = Array(pattern), text = Array(text)
        var (p, t, star, mark) = (0, 0, -1, 0)
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                (p, t) = (p + 1, t + 1)
            } else if p < pattern.count && pattern[p] == "*" {
                (star, mark, p) = (p, t, p + 1)
            } else if star >= 0 {
                (p, mark) = (star + 1, mark + 1)
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    static func unquoted(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }
}

/// The key types the panel host takes: those the SSH library it uses speaks.
public enum SSHKeyType: String, CaseIterable, Sendable {
    case ed25519 = "ssh-ed25519"
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    case ecdsaP521 = "ecdsa-sha2-nistp521"

    /// Key types OpenSSH knows that the host does not take, so a line of one is named as
    /// unsupported rather than as garbage.
    static let knownUnsupported: Set<String> = [
        "ssh-rsa", "ssh-dss", "rsa-sha2-256", "rsa-sha2-512", "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// `SHA256:` and the unpadded base64 of the key's SHA-256, as `ssh-keygen -l` prints it.
    public static func fingerprint(of key: [UInt8]) -> String {
        "SHA256:" + Data(SHA256.hash(data: key)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// What is wrong with `key` as a key of this type, or nil. Checks the wire encoding:
    /// the type named inside, then the key's own fields and their lengths.
    func problem(with key: [UInt8]) -> String? {
        var reader = SSHWireReader(key)
        guard let inner = reader.string(), String(decoding: inner, as: UTF8.self) == rawValue else {
            return "the key's data does not say it is \(rawValue)"
        }
        switch self {
        case .ed25519:
            guard let point = reader.string(), point.count == 32, reader.atEnd else { return "not a 32-byte ed25519 key" }
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let curve = String(rawValue.dropFirst("ecdsa-sha2-".count))
            let length = ["nistp256": 65, "nistp384": 97, "nistp521": 133][curve] ?? 0
            guard let name = reader.string(), String(decoding: name, as: UTF8.self) == curve,
                  let point = reader.string(), point.count == length, point.first == 4, reader.atEnd
            else { return "not an uncompressed \(curve) point" }
        }
        return nil
    }
}

/// Why an `allowed_signers` file cannot be used.
public enum AllowedSignersError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    /// Others may change it, and with it who gets in.
    case writableByOthers(path: String, mode: Int)
    case unsupportedKeyType(path: String, line: Int, type: String)
    /// An option ssh-keygen refuses (unknown, or given twice).
    case refusedOption(path: String, line: Int, reason: String)
    case badLine(path: String, line: Int, reason: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .writableByOthers(let path, let mode):
            return "\(path) can be changed by others (mode \(String(mode, radix: 8))), and with it whose keys are trusted; make it yours alone: chmod go-w \(path)"
        case .refusedOption(let path, let line, let reason):
            return "\(path):\(line): \(reason); ssh-keygen refuses such a line"
        case .unsupportedKeyType(let path, let line, let type):
            return "\(path):\(line): \(type) keys are not supported; use an ed25519 or ECDSA key (ssh-keygen -t ed25519)"
        case .badLine(let path, let line, let reason):
            return "\(path):\(line): \(reason); a line is LOGIN[,LOGIN…] [OPTIONS] KEYTYPE BASE64 [COMMENT]"
        case .empty(let path):
            return "\(path) lists no keys; add a line per panelist: LOGIN ssh-ed25519 AAAA…"
        }
    }
}

public enum AllowedSigners {
    /// The lines of `text`; `#` comments and blank lines are skipped. `path` names the file
    /// in messages. Given `skipping`, a line of a key type assess does not take (an RSA key
    /// among HR's others) is passed to it and left out, as `verify` wants; else refused, as
    /// the panel host wants.
    public static func parse(_ text: String, path: String,
                             skipping: ((AllowedSignersError) -> Void)? = nil) throws(AllowedSignersError) -> [AllowedSigner] {
        var signers: [AllowedSigner] = []
        // A file saved on Windows ends its lines in CR LF (one Character, which "\n" does not split).
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let text = String(raw).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if text.isEmpty || text.hasPrefix("#") { continue }
            var fields = try words(text, path: path, line: line)
            guard fields.count >= 3 else {
                throw .badLine(path: path, line: line, reason: "too few fields")
            }
            let principals = fields.removeFirst()
            // Options come before the key type, if the second field is not one.
            var options: [String] = []
            if !isKeyType(fields[0]) && fields.count > 1 && isKeyType(fields[1]) {
                options = splitOptions(fields.removeFirst())
                if let reason = refusal(of: options) {
                    let error = AllowedSignersError.refusedOption(path: path, line: line, reason: reason)
                    guard let skipping else { throw error }
                    skipping(error)
                    continue
                }
            }
            guard fields.count >= 2 else { throw .badLine(path: path, line: line, reason: "no key after the options") }
            let typeName = fields.removeFirst(), encoded = fields.removeFirst()
            guard let type = SSHKeyType(rawValue: typeName) else {
                if SSHKeyType.knownUnsupported.contains(typeName) || typeName.hasPrefix("ssh-") || typeName.hasPrefix("ecdsa-") {
                    let error = AllowedSignersError.unsupportedKeyType(path: path, line: line, type: typeName)
                    guard let skipping else { throw error }
                    skipping(error)
                    continue
                }
                throw .badLine(path: path, line: line, reason: "'\(typeName)' is not a key type")
            }
            guard let data = Data(base64Encoded: encoded) else {
                throw .badLine(path: path, line: line, reason: "the key is not valid base64")
            }
            let key = [UInt8](data)
            if let problem = type.problem(with: key) { throw .badLine(path: path, line: line, reason: problem) }
            signers.append(AllowedSigner(principals: AllowedSigner.unquoted(principals).split(separator: ",").map(String.init), options: options, keyType: type, key: key,
                                         comment: fields.isEmpty ? nil : fields.joined(separator: " "), line: line))
        }
        return signers
    }

    /// Reads and parses the file at `path`, which must be a regular file no one else may write.
    public static func load(path: String, skipping: ((AllowedSignersError) -> Void)? = nil) throws(AllowedSignersError) -> [AllowedSigner] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotRead(path: path, reason: SystemError(code: errno).description) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .cannotRead(path: path, reason: "it is not a regular file") }
        let mode = Int(info.st_mode & 0o777)
        guard mode & 0o022 == 0 else { throw .writableByOthers(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .cannotRead(path: path, reason: "it is not UTF-8 text")
        }
        let signers = try parse(text, path: path, skipping: skipping)
        guard !signers.isEmpty else { throw .empty(path: path) }
        return signers
    }

    static func isKeyType(_ word: String) -> Bool {
        SSHKeyType(rawValue: word) != nil || SSHKeyType.knownUnsupported.contains(word)
            || word.hasPrefix("ssh-") || word.hasPrefix("ecdsa-sha2-")
    }

    /// Splits a line on blanks, keeping double-quoted runs (option values) whole.
    static func words(_ text: String, path: String, line: Int) throws(AllowedSignersError) -> [String] {
        var words: [String] = [], current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted && (character == " " || character == "\t") {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        // An open quote in the comment (after principals, key type and key) is just text.
        guard !quoted || words.count >= 3 else { throw .badLine(path: path, line: line, reason: "a quote is not closed") }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The options ssh-keygen takes on an allowed_signers line, each at most once.
    static let knownOptions = ["cert-authority", "namespaces=", "valid-after=", "valid-before="]

    /// Why ssh-keygen would refuse a line with `options`, or nil.
    static func refusal(of options: [String]) -> String? {
        var seen: Set<String> = []
        for option in options {
            let lowered = option.lowercased()
            guard let name = knownOptions.first(where: { $0.hasSuffix("=") ? lowered.hasPrefix($0) : lowered == $0 }) else {
                return "unknown option '\(SafeText.visible(option))'"
            }
            guard seen.insert(name).inserted else { return "the option '\(name.trimmingCharacters(in: ["="]))' is given twice" }
        }
        return nil
    }

    /// `cert-authority,namespaces="a,b"` → two options; commas inside quotes stay.
    static func splitOptions(_ text: String) -> [String] {
        var options: [String] = [], current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                options.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        options.append(current)
        return options.filter { !$0.isEmpty }
    }
}

extension SSHKeyType {
    /// `KEYTYPE BASE64`, as `allowed_signers` and `.pub` files write a key.
    public static func text(of key: [UInt8]) -> String {
        var reader = SSHWireReader(key)
        let type = reader.string().map { String(decoding: $0, as: UTF8.self) } ?? "unknown"
        return type + " " + Data(key).base64EncodedString()
    }

    /// The wire form of `KEYTYPE BASE64 [COMMENT]`, if it is an ed25519 or ECDSA key.
    public static func key(text: String) -> [UInt8]? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let type = SSHKeyType(rawValue: String(fields[0])),
              let data = Data(base64Encoded: String(fields[1])), type.problem(with: Array(data)) == nil else { return nil }
        return Array(data)
    }

    /// The fingerprint of a key given as text; `(not a key)` if it is none.
    public static func fingerprint(text: String) -> String {
        key(text: text).map { fingerprint(of: $0) } ?? "(not a key)"
    }
}
