namespace DynamicMail.Tests.Telemetry;

/// <summary>
/// Metric tests run alone: a meter listener may see every meter named "DynamicMail" in the process (each host has its own), so another test's
/// host sending mail at the same time would move the counters these tests count exactly.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
