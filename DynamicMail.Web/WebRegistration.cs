using DynamicMail.Web.Components;
using MudBlazor.Services;

namespace DynamicMail.Web;

/// <summary>The web host's services and pipeline.</summary>
internal static class WebRegistration
{
    public static void AddDynamicMailWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHealthChecks();
    }

    public static void UseDynamicMailWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("Web listening on {Urls}", string.Join(", ", app.Urls)));
    }
}
