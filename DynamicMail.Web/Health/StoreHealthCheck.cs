using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DynamicMail.Web.Health;

/// <summary>Unhealthy while the store cannot write (a full disk, a read-only file), until it has been reopened.</summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy("The store accepts writes."));
}
