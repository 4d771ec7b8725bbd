using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DynamicMail.Web.Health;

/// <summary>
/// /healthz is liveness (the process answers HTTP); /readyz is readiness: the store writes, the MX listener is
/// bound and the disk has room. Either answers 503 when unhealthy; /readyz's JSON body says why.
/// </summary>
internal static class HealthRegistration
{
    private const string Ready = "ready";

    public static void AddDynamicMailHealth(this IServiceCollection services) => services.AddHealthChecks()
        .Add(Check("store", sp => sp.GetRequiredService<IStoreHealth>().Problem, "The store accepts writes."))
        .Add(Check("smtp", sp => sp.GetRequiredService<IListenerHealth>().Problem, "The SMTP listener is bound."))
        .Add(Check("disk", sp => sp.GetRequiredService<IDiskHealth>().Problem, "The store's disk has room for new mail."));

    public static void MapDynamicMailHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = HealthResponse.WriteAsync,
        });
    }

    private static HealthCheckRegistration Check(string name, Func<IServiceProvider, string?> problem, string healthy) =>
        new(name, sp => new ProblemHealthCheck(() => problem(sp), healthy), failureStatus: null, tags: [Ready]);
}
