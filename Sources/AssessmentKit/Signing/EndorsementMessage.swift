
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
}
