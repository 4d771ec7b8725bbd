using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamicMail.Tests.Storage;

/// <summary>The store contract on the embedded store: a real LiteDB file (and spool folder) in a temporary folder.</summary>
public sealed class LiteDbStoreContractTests : StoreContract
{
    private readonly TempDirectory _dir = new();

    protected override void AddStore(IServiceCollection services)
    {
        services.AddSingleton(Options.Create(new StoreOptions { DataDirectory = _dir.Path }));
        services.AddLiteDbStorage();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
