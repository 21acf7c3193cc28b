/// How a candidate did on an item, from the lowest band to the highest.
public enum Band: String, Codable, Sendable, CaseIterable, Comparable {
    case unsatisfactory
    case partiallySatisfactory = "partially-satisfactory"
    case satisfactory
    case outstanding

    public var title: String {
        switch self {
        case .unsatisfactory: return "Unsatisfactory"
        case .partiallySatisfactory: return "Partially Satisfactory"
        case .satisfactory: return "Satisfactory"
        case .outstanding: return "Outstanding"
        }
    }

    public static func < (a: Band, b: Band) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How an item is rated.
public enum Method: String, Codable, Sendable, CaseIterable {
    /// A whole number on a scale per panelist (the legacy UN method).
    case scale
    /// Yes / Partially / No for each behavioural indicator (the current UN method).
    case indicators
}

/// A numeric rating scale with a label per point and the lowest value of each band.
public struct Scale: Codable, Equatable, Sendable {
    public var id: String
    public var min: Int
    public var max: Int
    public var labels: [Int: String]
    /// Lowest values (inclusive) of the partially-satisfactory, satisfactory and outstanding bands.
    public var edges: BandEdges

    public struct BandEdges: Codable, Equatable, Sendable {
        public var partiallySatisfactory: Double
        public var satisfactory: Double
        public var outstanding: Double

        public init(partiallySatisfactory: Double, satisfactory: Double, outstanding: Double) {
            (self.partiallySatisfactory, self.satisfactory, self.outstanding) = (partiallySatisfactory, satisfactory, outstanding)
        }

        var ascending: [(Band, Double)] {
            [(.partiallySatisfactory, partiallySatisfactory), (.satisfactory, satisfactory), (.outstanding, outstanding)]
        }
    }

    public init(id: String, min: Int, max: Int, labels: [Int: String], edges: BandEdges) {
        (self.id, self.min, self.max, self.labels, self.edges) = (id, min, max, labels, edges)
    }

    /// The UN 4-point scale: 1 Unsatisfactory … 4 Outstanding, bands [1,2) [2,3) [3,4) 4.
    public static let un4 = Scale(
        id: "un-4", min: 1, max: 4,
        labels: [1: "Unsatisfactory", 2: "Partially Satisfactory", 3: "Satisfactory", 4: "Outstanding"],
        edges: BandEdges(partiallySatisfactory: 2, satisfactory: 3, outstanding: 4))

    public static let builtIn: [Scale] = [un4]

    /// The band of a (possibly averaged) value on this scale.
    public func band(of value: Double) -> Band {
        var band = Band.unsatisfactory
        // A tolerance, so a mean like 2.9999999999999996 lands on its edge.
        for (candidate, edge) in edges.ascending where value >= edge - 1e-9 { band = candidate }
        return band
    }

    public func contains(_ value: Int) -> Bool { value >= min && value <= max }
}

/// A rating of one behavioural indicator under the indicator method.
public enum IndicatorRating: String, Codable, Sendable, CaseIterable {
    case yes, partly, no

    /// `yes`, `partly` or `no`, or their first letters `y`, `p`, `n`, in any case.
    public init?(word: String) {
        let word = word.lowercased()
        guard let rating = IndicatorRating.allCases.first(where: { $0.rawValue == word || String($0.rawValue.prefix(1)) == word }) else {
            return nil
        }
        self = rating
    }

    /// Yes 1, Partially 0.5, No 0.
    public var value: Double {
        switch self {
        case .yes: return 1
        case .partly: return 0.5
        case .no: return 0
        }
    }
}
