using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Operators;

/// <summary>Creates the configured first operator when there is no operator at all; otherwise the store is authoritative.</summary>
internal sealed class OperatorSeeder(IOperatorDirectory operators, IOptions<AdminOptions> options, ILogger<OperatorSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await operators.AllAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }
        var admin = options.Value;
        if (string.IsNullOrEmpty(admin.Username) || string.IsNullOrEmpty(admin.Password))
        {
            logger.LogWarning("No operator exists: set {UserKey} and {PasswordKey} to create the first one", AdminOptions.Section + ":Username", AdminOptions.Section + ":Password");
            return;
        }
        await operators.TryAddAsync(admin.Username, admin.Password, createdBy: null).ConfigureAwait(false);
        logger.LogInformation("Created the first operator {Operator} from configuration", admin.Username);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
