using System.Text;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Storage;

/// <summary>
/// What every store must do, whatever its technology (issue #19). A store's test class derives from this and only
/// registers its adapters in <see cref="AddStore"/>; every fact here then runs against it. The facts use the
/// capability interfaces only, with a clock that stands still unless a fact moves it.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private ServiceProvider? _services;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>Registers the store under test: every store interface of the capability folders.</summary>
    protected abstract void AddStore(IServiceCollection services);

    /// <summary>Closes the store and opens it again on the same data, as a restarted process would.</summary>
    protected async Task ReopenAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        _services = Build();
    }

    public virtual ValueTask InitializeAsync()
    {
        _services = Build();
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IMailEvents, MailEventHub>();
        services.AddSingleton(Options.Create(new QueueOptions()));
        services.AddSingleton<AgeingSchedule>();
        services.AddSingleton<ISecretProtector, NoSecretProtector>();
        services.AddSingleton<MailMetrics>();
        // The capability logic over the store interfaces; only the stores come from the subclass.
        services.AddSingleton<IOperatorDirectory, OperatorDirectory>();
        services.AddSingleton<IOperatorAccounts, OperatorAccounts>();
        services.AddSingleton<IApiKeys, ApiKeys>();
        services.AddSingleton<IDomainDirectory, DomainDirectory>();
        AddStore(services);
        return services.BuildServiceProvider();
    }

    internal T Get<T>() where T : notnull => _services!.GetRequiredService<T>();

    protected IMailQueue Queue => Get<IMailQueue>();
    protected IOutbox Outbox => Get<IOutbox>();
    internal IQueueAdminStore AdminStore => Get<IQueueAdminStore>();
    internal DynamicMail.Smtp.Queue.Bulk.IBulkQueueStore BulkStore => Get<DynamicMail.Smtp.Queue.Bulk.IBulkQueueStore>();
    protected IDomainDirectory Domains => Get<IDomainDirectory>();
    protected IOperatorDirectory Operators => Get<IOperatorDirectory>();
    protected IOperatorAccounts Accounts => Get<IOperatorAccounts>();
    protected IApiKeys Keys => Get<IApiKeys>();
    protected IAuditLog Audit => Get<IAuditLog>();
    internal IActivityStore Activity => Get<IActivityStore>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected Task<QueuedMessage> EnqueueAsync(string domain = "xyz.com", string subject = "hello", params string[] to) =>
        EnqueueAsync(domain, subject, Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\nbody\r\n"), to);

    protected Task<QueuedMessage> EnqueueAsync(string domain, string subject, byte[] content, params string[] to) =>
        Queue.EnqueueAsync(new NewMessage(domain, "alice@sender.example", to.Length > 0 ? to : ["bob@" + domain], content,
            new HeaderSummary("Alice <alice@sender.example>", subject, "<m1@sender.example>"), "192.0.2.1", "sender.example"), Ct);

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }
}
