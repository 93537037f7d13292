/// A category compared and hashed by its Unicode scalars (Python's string equality).
struct CategoryKey: Hashable, Sendable {
    let value: String?

    init(_ value: String?) { self.value = value }

    static func == (lhs: CategoryKey, rhs: CategoryKey) -> Bool {
        switch (lhs.value, rhs.value) {
        case (nil, nil): true
        case (let a?, let b?): a.unicodeScalars.elementsEqual(b.unicodeScalars)
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        guard let value else {
            hasher.combine(false)
            return
        }
        hasher.combine(true)
        for scalar in value.unicodeScalars { hasher.combine(scalar.value) }
    }
}
