using Bunit;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Web.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// bUnit over the real engine: an <see cref="EngineHost"/> (LiteDB file in a temp folder, MX on port 0) whose
/// services the console components get, rendered for a signed-in operator.
/// </summary>
public abstract class ConsoleContext : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ConsoleActivity? _activity;

    protected EngineHost Engine { get; private set; } = null!;
    protected string DataDirectory => _dir.Path;

    /// <summary>Engine settings on top of the defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        Engine = await EngineHost.StartAsync(_dir.Path, Settings);
        var engine = Engine.Services;
        _activity = new ConsoleActivity(engine.GetRequiredService<IMailEvents>(), engine.GetRequiredService<DomainStatusBoard>(),
            engine.GetRequiredService<DynamicMail.Smtp.Telemetry.IActivityHistory>(), TimeProvider.System);
        await _activity.StartAsync(Xunit.TestContext.Current.CancellationToken);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(engine.GetRequiredService<IOptions<QueueOptions>>());
        Services.AddSingleton(engine.GetRequiredService<IMailEvents>());
        Services.AddSingleton(engine.GetRequiredService<IDomainDirectory>());
        Services.AddSingleton(engine.GetRequiredService<IMailQueue>());
        Services.AddSingleton(engine.GetRequiredService<IQueueAdmin>());
        Services.AddSingleton(engine.GetRequiredService<DynamicMail.Smtp.Queue.Bulk.IBulkActions>());
        Services.AddSingleton(engine.GetRequiredService<DynamicMail.Smtp.Queue.Bulk.QueueSearch>());
        Services.AddSingleton(engine.GetRequiredService<IMailReturns>());
        Services.AddSingleton(engine.GetRequiredService<IAuditLog>());
        Services.AddSingleton(engine.GetRequiredService<IDomainAdmin>());
        Services.AddSingleton(engine.GetRequiredService<IDomainHolds>());
        Services.AddSingleton(engine.GetRequiredService<AgeingSchedule>());
        Services.AddSingleton(engine.GetRequiredService<DynamicMail.Smtp.Delivery.Transcripts.ITranscriptLog>());
        Services.AddSingleton(engine.GetRequiredService<PresenceRegistry>());
        Services.AddSingleton(engine.GetRequiredService<DomainStatusBoard>());
        Services.AddSingleton(engine.GetRequiredService<DynamicMail.Smtp.Alerts.IAlertHistory>());
        Services.AddSingleton(_activity);
        Services.AddScoped<DashboardModel>();
        var auth = AddAuthorization();
        auth.SetAuthorized(EngineHost.OperatorName);
        auth.SetRoles(OperatorAuth.Role);
    }

    /// <summary>
    /// The console's popover, dialog and snackbar host, as the layout renders it: render it before the component, then
    /// find dialogs (confirmations) and snackbars in it.
    /// </summary>
    protected IRenderedComponent<DynamicMail.Web.Components.Layout.ConsoleProviders> RenderProviders() =>
        Render<DynamicMail.Web.Components.Layout.ConsoleProviders>();

    protected Task<string> SendAsync(string to, string subject, string from = "alice@sender.example") => Mail.SendAsync(Engine.Smtp, from, to, subject);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_activity is not null)
        {
            await _activity.StopAsync(CancellationToken.None);
        }
        await Engine.DisposeAsync();
        await AfterEngineStoppedAsync();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes what a test class started for the engine (a sink it delivers to), once the engine has stopped.</summary>
    protected virtual ValueTask AfterEngineStoppedAsync() => ValueTask.CompletedTask;
}
