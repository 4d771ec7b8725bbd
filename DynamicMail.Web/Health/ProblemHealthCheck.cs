using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DynamicMail.Web.Health;

/// <summary>Unhealthy with the engine's own explanation while <paramref name="problem"/> returns one.</summary>
internal sealed class ProblemHealthCheck(Func<string?> problem, string healthy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(problem() is { } why ? HealthCheckResult.Unhealthy(why) : HealthCheckResult.Healthy(healthy));
}
