using DynamicMail.Tests.E2E;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Crash;

/// <summary>The crash scenarios on the embedded store (a LiteDB file in the service's data folder).</summary>
[Collection(nameof(ProcessCollection))]
[Trait("Category", "Crash")]
public sealed class CrashTests : CrashScenarios
{
    protected override Task<IReadOnlyDictionary<string, string?>> StoreAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}
