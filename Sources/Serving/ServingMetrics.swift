import Artifacts
import Foundation
public import Prometheus
import Synchronization

/// The server's Prometheus metrics: requests and latency by route and status, predicted
/// instances, the loaded model, reloads and failed reloads, source errors.
///
/// Request series are created on first use and cached here, keyed by route, method and
/// status, so the hot path is one dictionary lookup under a lock plus the counter updates;
/// routes are the server's own paths (anything else is `unmatched`), so the number of series
/// stays bounded whatever clients send.
public final class ServingMetrics: Sendable {
    /// The registry `/metrics` renders; exposed so an embedding program can add its own.
    public let registry: PrometheusCollectorRegistry

    private struct SeriesKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Series: Sendable {
        var requests: Counter
        var latency: DurationHistogram
    }

    private let series = Mutex<[SeriesKey: Series]>([:])
    private let currentModelInfo = Mutex<Gauge?>(nil)

    private let predictedInstances: Counter
    private let modelLoaded: Gauge
    private let modelVersion: Gauge
    private let reloads: Counter
    private let reloadFailures: Counter
    private let loadDuration: Gauge
    private let sourceErrors: Counter

    private static var requestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "retrain_serve", metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests answered, by route, method and status.")
    }
    private static var latencyDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "retrain_serve", metricName: "http_request_duration", unitName: "seconds",
        helpText: "Time from request head to response, by route, method and status.")
    }
    private static var infoDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "retrain_serve", metricName: "model_info", unitName: "",
        helpText: "1 for the model being served, labelled with its name, version and bundle digest.")
    }

    /// Latency buckets, from 50 µs (a single prediction) to 10 s (the drain limit).
    static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        predictedInstances = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "predicted_instances", unitName: "total",
            helpText: "Instances scored by POST /v1/predict."))
        modelLoaded = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "model_loaded", unitName: "",
            helpText: "1 when a model is loaded and predictions are answered, else 0."))
        modelVersion = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "model_version", unitName: "",
            helpText: "Registry version of the model being served (0 for an unregistered pinned bundle or none)."))
        reloads = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "model_reloads", unitName: "total",
            helpText: "Models loaded, checked and swapped in (the first load included)."))
        reloadFailures = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "model_reload_failures", unitName: "total",
            helpText: "Bundles refused while loading (fetch, digest, files or self check); the old model kept serving."))
        loadDuration = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "model_load_duration", unitName: "seconds",
            helpText: "How long the last successful load took, fetch and self check included."))
        sourceErrors = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "retrain_serve", metricName: "source_errors", unitName: "total",
            helpText: "Polls of the model source that failed (unreadable registry, remote down); the current model kept serving."))
        modelLoaded.set(to: 0)
    }

    /// Counts one answered request.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = SeriesKey(route: route, method: method, status: status)
        let entry = series.withLock { series -> Series in
            if let existing = series[key] { return existing }
            let labels = [("route", route), ("method", method), ("status", String(status))]
            let made = Series(
                requests: registry.makeCounter(descriptor: Self.requestsDescriptor, labels: labels),
                latency: registry.makeDurationHistogram(descriptor: Self.latencyDescriptor, labels: labels, buckets: Self.latencyBuckets))
            series[key] = made
            return made
        }
        entry.requests.increment()
        entry.latency.record(duration)
    }

    func recordPredictions(_ count: Int) {
        predictedInstances.increment(by: Int64(count))
    }

    /// A model was swapped in.
    func recordReload(of identity: ModelIdentity, duration: Duration) {
        reloads.increment()
        modelLoaded.set(to: 1)
        modelVersion.set(to: Double(identity.version ?? 0))
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        loadDuration.set(to: seconds)
        let info = registry.makeGauge(descriptor: Self.infoDescriptor, labels: [
            ("model", identity.name), ("version", identity.version.map(String.init) ?? ""), ("digest", identity.digest.description),
        ])
        info.set(to: 1)
        let previous = currentModelInfo.withLock { current in
            defer { current = info }
            return current
        }
        if let previous, previous !== info { registry.unregisterGauge(previous) }
    }

    /// A bundle was refused.
    func recordReloadFailure() {
        reloadFailures.increment()
    }

    /// A poll of the source failed.
    func recordSourceError() {
        sourceErrors.increment()
    }

    /// The Prometheus text exposition (format 0.0.4).
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
