using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace DynamicMail.Web.Security;

/// <summary>
/// Where the web door keeps its Data Protection keys: the data folder's <c>keys/</c> on the embedded store, the
/// shared store when the store is PostgreSQL, with one application name for every node (by
/// default it is the content root path, which may differ between nodes and would make their protectors differ).
/// </summary>
internal static class KeyRingRegistration
{
    public const string ApplicationName = "DynamicMail";

    public static void AddDynamicMailKeyRing(this IServiceCollection services, string dataDirectory)
    {
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, IOptions<StoreSelectionOptions>>((options, sp, store) =>
        {
            if (Shared(store))
            {
                options.XmlRepository = new StoreXmlRepository(sp.GetRequiredService<IKeyRingStore>());
            }
        });
        services.AddOptions<DataProtectionOptions>().Configure<IOptions<StoreSelectionOptions>>((options, store) =>
        {
            if (Shared(store))
            {
                options.ApplicationDiscriminator = ApplicationName;
            }
        });
    }

    private static bool Shared(IOptions<StoreSelectionOptions> store) => store.Value.Provider == StoreProvider.Postgres;
}
