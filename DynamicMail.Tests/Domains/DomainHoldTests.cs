using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Domains;

/// <summary>
/// A domain on hold ("maintenance mode", issue #20) on the real engine and a fake clock: mail keeps queuing, no
/// delivery starts while the customer is online, and the hold lifts itself at its end, when delivery starts at once.
/// </summary>
public sealed class DomainHoldTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    }, services => services.AddSingleton<TimeProvider>(_time));

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    private IDomainHolds Holds => _engine.Services.GetRequiredService<IDomainHolds>();
    private DomainStatusBoard Board => _engine.Services.GetRequiredService<DomainStatusBoard>();
    private DeliveryCoordinator Coordinator => _engine.Services.GetServices<IHostedService>().OfType<DeliveryCoordinator>().Single();
    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync() =>
        await _engine.Services.GetRequiredService<IAuditLog>().RecentAsync(50, "domain.hold", TestContext.Current.CancellationToken);

    [Fact]
    public async Task CustomerHold_KeepsMailQueued_ThenLiftsItselfOnTheClock_AndDeliveryStarts()
    {
        var result = await Holds.HoldAsync("xyz.com", "Replacing our mail server", null, "customer:xyz.com");
        Assert.True(result.Ok, result.Message);
        Assert.Equal(Now.AddDays(3), _engine.Domains.FindByName("xyz.com")!.Hold!.Until);

        _engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Held, "the online domain shows its hold", 5000);
        var id = await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@xyz.com", "while held");

        // No delivery agent exists for a held domain: nothing can start, however long one waits.
        Assert.Equal(0, Coordinator.Running);
        Assert.Equal(0, _sink.Connections);
        Assert.NotNull(_engine.Queue.Find(id));
        Assert.Contains("Replacing our mail server", Board.Get("xyz.com").Text, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        Assert.Null(_engine.Domains.FindByName("xyz.com")!.Hold);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e is { Action: "domain.hold", Operator: "customer:xyz.com", Target: "xyz.com" });
        Assert.Contains(audit, e => e is { Action: "domain.hold-ended", Operator: "system" });
    }

    [Fact]
    public async Task Release_StartsDeliveryAtOnce_AndAnEditOfTheDomainKeepsTheHold()
    {
        _engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "online", 5000);
        Assert.True((await Holds.HoldAsync("xyz.com", "Disk full", Now.AddDays(1), "operator")).Ok);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Held, "held while online", 5000);

        var admin = _engine.Services.GetRequiredService<IDomainAdmin>();
        var input = DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.Notes = "edited while held";
        Assert.True((await admin.UpdateAsync("xyz.com", input, "operator")).Ok);
        Assert.Equal("Disk full", _engine.Domains.FindByName("xyz.com")!.Hold?.Reason);
        await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@xyz.com", "queued while held");
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Held, "still held after the edit", 5000);

        Assert.True((await Holds.ReleaseAsync("xyz.com", "operator")).Ok);

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        Assert.Contains(await AuditAsync(), e => e is { Action: "domain.release", Operator: "operator" } or { Action: "domain.hold", Operator: "operator" });
    }

    public static TheoryData<string?, double?> BadHolds => new()
    {
        { "maintenance", -1 },
        { "maintenance", 0 },
        { "maintenance", 30.01 },
        { "maintenance", 365 },
        { "", 2 },
        { null, 2 },
        { "   ", 2 },
        { new string('x', 100_000), 2 },
        { "line one\r\nline two", 2 },
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task BadHold_IsRefusedWithAReason_AndChangesNothing(string? reason, double? days)
    {
        var result = await Holds.HoldAsync("xyz.com", reason, days is { } d ? Now.AddDays(d) : null, "operator");

        Assert.Equal(DomainFailure.Invalid, result.Failure);
        Assert.NotEmpty(result.Message);
        Assert.Null(_engine.Domains.FindByName("xyz.com")!.Hold);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task HoldOfAnUnknownDomain_IsNotFound()
    {
        var result = await Holds.HoldAsync("nowhere.example", "maintenance", null, "operator");

        Assert.Equal(DomainFailure.NotFound, result.Failure);
    }
}
