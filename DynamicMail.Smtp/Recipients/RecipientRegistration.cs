using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Smtp.Recipients;

/// <summary>Registers the recipient lists (the store adapter comes with the storage registration).</summary>
internal static class RecipientRegistration
{
    public static IServiceCollection AddRecipientLists(this IServiceCollection services)
    {
        services.AddSingleton<RecipientLists>();
        services.AddSingleton<IRecipientLists>(sp => sp.GetRequiredService<RecipientLists>());
        services.AddHostedService<RecipientListUpkeep>();
        return services;
    }
}
