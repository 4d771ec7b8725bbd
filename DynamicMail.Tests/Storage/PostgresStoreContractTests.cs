using DynamicMail.Smtp.Storage;
using DynamicMail.Smtp.Storage.Postgres;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamicMail.Tests.Storage;

/// <summary>The store contract on PostgreSQL: a database of its own in the run's throwaway cluster.</summary>
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContract
{
    private string? _connectionString;

    public override async ValueTask InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    protected override void AddStore(IServiceCollection services)
    {
        services.AddSingleton(Options.Create(new StoreSelectionOptions
        {
            Provider = StoreProvider.Postgres,
            ConnectionString = _connectionString,
            NodeId = "contract-node",
        }));
        services.AddPostgresStorage();
    }
}
