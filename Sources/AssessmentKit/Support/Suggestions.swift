/// The valid name closest to a misspelt one, for "did you mean" hints.
///
/// Returns nil when nothing is close enough to be a plausible typo.
public func closestName(to word: String, among names: [String]) -> String? {
    let lowered = word.lowercased()
    if !lowered.isEmpty, let prefixed = names.first(where: { $0.lowercased().hasPrefix(lowered) }) { return prefixed }
    var best: (name: String, distance: Int)?
    for name in names {
        let distance = editDistance(lowered, name.lowercased())
        if best == nil || distance < best!.distance { best = (name, distance) }
    }
    guard let best else { return nil }
    let limit = max(2, min(lowered.count, best.name.count) / 3)
    return best.distance <= limit ? best.name : nil
}

/// " (did you mean 'x'?)" or "", for appending to an error message.
public func didYouMean(_ word: String, among names: [String]) -> String {
    guard let name = closestName(to: word, among: names) else { return "" }
    return " (did you mean '\(name)'?)"
}

/// Edit distance over characters, counting a swap of neighbours as one edit
/// (optimal string alignment), so "bne" is one edit from "ben".
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}

/// Joins names as "a, b or c" for messages.
public func listing(_ names: [String], conjunction: String = "or") -> String {
    switch names.count {
    case 0: return ""
    case 1: return names[0]
    default: return names.dropLast().joined(separator: ", ") + " \(conjunction) " + names[names.count - 1]
    }
}
