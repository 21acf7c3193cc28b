import Foundation

/// `--listen ADDR:PORT`: an IP address (IPv6 in brackets) and a port; port 0 picks a free
/// one. The address is always written out, so serving every interface (`0.0.0.0`, `[::]`)
/// is something the host asked for, never a default.
public struct ListenAddress: Equatable, Sendable {
    public var host: String
    public var port: Int

    public init(parsing text: String) throws(ListenAddressError) {
        guard let colon = text.lastIndex(of: ":") else { throw .noPort(text) }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { throw .badPort(text) }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard Self.isIPv6(host) else { throw .notAnAddress(text) }
        } else {
            guard Self.isIPv4(host) else { throw host.isEmpty ? .noAddress(text) : .notAnAddress(text) }
        }
        (self.host, self.port) = (host, port)
    }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}

public enum ListenAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    case noPort(String)
    case badPort(String)
    case noAddress(String)
    case notAnAddress(String)

    public var description: String {
        switch self {
        case .noPort(let text), .badPort(let text):
            return "--listen '\(text)': give ADDR:PORT, a port from 0 to 65535 (0 picks a free one), e.g. 127.0.0.1:2222"
        case .noAddress(let text):
            return "--listen '\(text)': give the address to listen on, e.g. 127.0.0.1:\(text.dropFirst()); to serve every interface say so: 0.0.0.0\(text)"
        case .notAnAddress(let text):
            return "--listen '\(text)': the address must be an IP address (IPv6 in brackets: [::1]:2222), not a host name"
        }
    }
}
