namespace DynamicMail.Web.Customers;

/// <summary>The customer's page: its session log (built from events since start-up), view reader and support contact.</summary>
internal static class CustomerRegistration
{
    public static IServiceCollection AddCustomerPages(this IServiceCollection services)
    {
        services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CustomerSessionLog>();
        services.AddSingleton<SessionViewReader>();
        services.AddScoped<BrowserClock>();
        return services;
    }

    /// <summary>Starts the session log at once, so sessions are counted from the first event, not the first page.</summary>
    public static void StartCustomerPages(this WebApplication app) => app.Services.GetRequiredService<CustomerSessionLog>();
}
