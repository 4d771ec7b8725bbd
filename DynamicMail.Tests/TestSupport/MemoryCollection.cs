namespace DynamicMail.Tests.TestSupport;

/// <summary>Tests that count the process's allocated bytes run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public sealed class MemoryCollection;
