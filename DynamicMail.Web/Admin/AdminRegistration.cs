using DynamicMail.Smtp.Queue;
using DynamicMail.Web.Api;
using Microsoft.AspNetCore.Authentication;

namespace DynamicMail.Web.Admin;

/// <summary>The operator console's web side: policies, the API key scheme, OpenAPI, the dashboard's activity recorder.</summary>
internal static class AdminRegistration
{
    public static void AddOperatorConsoleWeb(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuth.Policy, p => p.RequireRole(OperatorAuth.Role))
            .AddPolicy(ApiKeyHandler.Policy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireRole(ApiKeyHandler.Policy));
        services.AddProblemDetails();
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ApiKeyDocumentTransformer>();
        });
        services.AddSingleton<PendingSecondFactor>();
        services.AddSingleton<ConsoleActivity>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleActivity>());
        services.AddScoped<DashboardModel>();
        services.AddSingleton<HoldReader>();
    }

    public static void MapOperatorConsole(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePages());
        app.MapOperatorLogin();
        app.MapDomainApi();
        app.MapRecipientApi();
        app.MapAlertApi();
        app.MapBackupApi();
        app.MapCompactionApi();
        app.MapBulkApi();
        app.MapHoldApi();
        app.MapOpenApi();
        app.MapGet("/admin/queue/{id}/download", async (string id, IMailQueue queue, CancellationToken ct) =>
            await queue.FindAsync(id, ct).ConfigureAwait(false) is { } m
                ? Results.Stream(await queue.OpenContentAsync(m, ct).ConfigureAwait(false), "message/rfc822", $"{id}.eml")
                : Results.NotFound())
            .RequireAuthorization(OperatorAuth.Policy);
    }
}
