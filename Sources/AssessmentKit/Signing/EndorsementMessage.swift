import Crypto
import Foundation

/// What each panelist signs to endorse a closed transcript (PRODUCT.md, "Endorsement"): the
/// transcript's bytes through the newline after its `closed` event, named by line count and
/// SHA-256, with the assessment, candidate, panelist and login.
public struct EndorsementMessage: Equatable, Sendable {
    public static let namespace = "assess-endorsement"

    public var assessment: String
    public var candidateID: String
    public var panelist: String
    public var login: String
    /// Lines from the first through the `closed` event.
    public var lines: Int
    /// Lowercase hex SHA-256 of those lines' bytes.
    public var sha256: String

    /// The text signed, each line ending in `\n`.
    public var text: String {
        """
        assess endorsement v1
        assessment: \(assessment)
        candidate-id: \(candidateID)
        panelist: \(panelist)
        login: \(login)
        lines: \(lines)
        sha256: \(sha256)

        """
    }

    /// The signed part of a transcript: its line count and SHA-256 through the `closed`
    /// event's line; nil if no line is a `closed` event.
    public static func closedPart(of transcript: [UInt8]) -> (lines: Int, sha256: String)? {
        var start = 0, lines = 0
        while start < transcript.count {
            guard let newline = transcript[start...].firstIndex(of: 10) else { return nil }
            lines += 1
            let line = Data(transcript[start..<newline])
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], object["type"] as? String == "closed" {
                let digest = SHA256.hash(data: transcript[0...newline])
                return (lines, digest.map { String(format: "%02x", $0) }.joined())
            }
            start = newline + 1
        }
        return nil
    }
}
