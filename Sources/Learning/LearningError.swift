/// Why fitting, transforming or scoring could not be done, naming the column or value at fault.
///
/// A struct over a private enum so that new cases do not break callers; `description` is one
/// line meant for a stage's stderr.
public struct LearningError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case missingColumn(String)
        case wrongColumnKind(String, expected: String)
        case lengthMismatch(String, expected: Int, actual: Int)
        case duplicateColumn(String)
        case singleClass(String)
        case mixedLabels
        case invalidLabel(String)
        case invalidParameter(String, String)
        case emptyInput(String)
        case nonFinite(String)
        case singularSystem(String)
        case featureCountMismatch(expected: Int, actual: Int)
        case unknownLabel(String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A column the transform needs is not in the input.
    public static func missingColumn(_ name: String) -> LearningError { .init(.missingColumn(name)) }
    /// A column arrived as numeric where categorical was fitted, or the other way round.
    public static func wrongColumnKind(_ name: String, expected: String) -> LearningError {
        .init(.wrongColumnKind(name, expected: expected))
    }
    /// A column (or label array) has a different number of rows than the others.
    public static func lengthMismatch(_ name: String, expected: Int, actual: Int) -> LearningError {
        .init(.lengthMismatch(name, expected: expected, actual: actual))
    }
    /// The same column name appears twice.
    public static func duplicateColumn(_ name: String) -> LearningError { .init(.duplicateColumn(name)) }
    /// A classifier was asked to fit labels of one class only.
    public static func singleClass(_ label: String) -> LearningError { .init(.singleClass(label)) }
    /// Labels mix numbers and strings.
    public static let mixedLabels = LearningError(.mixedLabels)
    /// A label that cannot be used (NaN).
    public static func invalidLabel(_ label: String) -> LearningError { .init(.invalidLabel(label)) }
    /// A parameter outside its domain (`C <= 0`, `tol < 0`, …).
    public static func invalidParameter(_ name: String, _ reason: String) -> LearningError {
        .init(.invalidParameter(name, reason))
    }
    /// Nothing to fit or score.
    public static func emptyInput(_ what: String) -> LearningError { .init(.emptyInput(what)) }
    /// A NaN or infinity where only finite values are allowed.
    public static func nonFinite(_ what: String) -> LearningError { .init(.nonFinite(what)) }
    /// A linear system that has no unique solution.
    public static func singularSystem(_ what: String) -> LearningError { .init(.singularSystem(what)) }
    /// A feature matrix whose width differs from what the model was fitted on.
    public static func featureCountMismatch(expected: Int, actual: Int) -> LearningError {
        .init(.featureCountMismatch(expected: expected, actual: actual))
    }
    /// A true label that is not one of the model's classes.
    public static func unknownLabel(_ label: String) -> LearningError { .init(.unknownLabel(label)) }

    public var description: String {
        switch kind {
        case .missingColumn(let name): "column '\(name)' is missing from the input"
        case .wrongColumnKind(let name, let expected): "column '\(name)' must be \(expected)"
        case .lengthMismatch(let name, let expected, let actual):
            "column '\(name)' has \(actual) rows, expected \(expected)"
        case .duplicateColumn(let name): "column '\(name)' appears more than once"
        case .singleClass(let label): "the label has one class only (\(label)); a classifier needs two or more"
        case .mixedLabels: "labels mix numbers and strings"
        case .invalidLabel(let label): "label \(label) cannot be used as a class"
        case .invalidParameter(let name, let reason): "parameter '\(name)' \(reason)"
        case .emptyInput(let what): "\(what) is empty"
        case .nonFinite(let what): "\(what) contains NaN or infinity"
        case .singularSystem(let what): "\(what) is singular"
        case .featureCountMismatch(let expected, let actual):
            "feature matrix has \(actual) columns, the model expects \(expected)"
        case .unknownLabel(let label): "label \(label) is not one of the model's classes"
        }
    }
}
