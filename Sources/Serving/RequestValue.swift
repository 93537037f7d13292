public import Learning

/// One JSON value of a prediction request instance, as the server parsed it: the inference
/// type's own value, so parsed instances go to `InferenceModule` without a conversion.
public typealias RequestValue = FeatureValue
