namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// Tests that run the built service as child processes (crash harness, two nodes on one PostgreSQL): one after the
/// other, since they kill and restart their processes on fixed addresses and each loads the cores, but beside the
/// other collections (the browser tests' included), so the suite's critical path stays short.
/// </summary>
[CollectionDefinition(nameof(ProcessCollection))]
public sealed class ProcessCollection;
