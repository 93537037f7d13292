extension CronField {
    /// Parses one field: a comma-separated list of `*`, `v`, `a-b`, each optionally `/step`,
    /// or `v/step` meaning `v` up to the field's maximum (`5/10` in minutes is 5,15,25,…,55).
    ///
    /// Day-of-week bounds are 0-7, so `*` and `v/step` run up to 7 (cronie's reading): `1/2`
    /// is Mon, Wed, Fri, Sun. Day-of-week 7 is folded into 0 in the result.
    func parse(_ text: Substring) throws(CronExpressionError) -> CronFieldSet {
        var set = CronFieldSet()
        let elements = text.split(separator: ",", omittingEmptySubsequences: false)
        for element in elements {
            guard !element.isEmpty else { throw .emptyElement(self, text: String(text)) }
            for value in try values(of: element) {
                set.insert(self == .dayOfWeek ? value % 7 : value)
            }
        }
        return set
    }

    /// The values of one list element, in the field's own numbering (day-of-week may hold 7).
    private func values(of element: Substring) throws(CronExpressionError) -> StrideThrough<Int> {
        let parts = element.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .malformed(self, element: String(element)) }
        let base = parts[0]
        var step = 1
        if parts.count == 2 {
            let stepText = parts[1]
            guard let parsed = Self.decimal(stepText), parsed >= 1 else {
                throw .badStep(self, element: String(element), step: String(stepText))
            }
            step = parsed
        }

        if base == "*" {
            return stride(from: bounds.lowerBound, through: bounds.upperBound, by: step)
        }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let start = try value(of: ends[0], in: element)
            // `v/step` runs to the field's maximum; a bare `v` is itself.
            let end = parts.count == 2 ? bounds.upperBound : start
            return stride(from: start, through: end, by: step)
        case 2:
            guard !ends[0].isEmpty, !ends[1].isEmpty else {
                throw .malformed(self, element: String(element))
            }
            let start = try value(of: ends[0], in: element)
            let end = try value(of: ends[1], in: element)
            guard start <= end else { throw .reversedRange(self, element: String(element)) }
            return stride(from: start, through: end, by: step)
        default:
            throw .malformed(self, element: String(element))
        }
    }

    /// One number or name, checked against the field's bounds.
    private func value(of text: Substring, in element: Substring) throws(CronExpressionError) -> Int {
        if let number = Self.decimal(text) {
            guard bounds.contains(number) else { throw .outOfRange(self, value: String(text)) }
            return number
        }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            // All digits but too long for an Int: out of range, not "not a number".
            throw .outOfRange(self, value: String(text))
        }
        if let named = names[text.lowercased()] { return named }
        if text == "*" { throw .malformed(self, element: String(element)) }
        throw .notAValue(self, value: String(text))
    }

    /// A non-empty run of ASCII digits that fits comfortably in an Int.
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }
}
