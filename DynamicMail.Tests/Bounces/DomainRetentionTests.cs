using DynamicMail.Smtp.Bounces;
using System.Globalization;
using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Bounces;

/// <summary>
/// Retention per domain (issue #20): abc.org keeps its mail 2 days (seeded as <c>Domains:1:MaxLifetime</c>), so its
/// delay warning comes at 2/5 of the global 24 hours (9.6 h) and its mail is returned after 2 days, while xyz.com
/// keeps the global 5 days.
/// </summary>
public sealed class DomainRetentionTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _smartHost = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Bounces:SmartHost"] = "127.0.0.1",
        ["DynamicMail:Bounces:SmartHostPort"] = _smartHost.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Domains:1:MaxLifetime"] = "2.00:00:00",
    }, services => services.AddSingleton<TimeProvider>(_time));

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _smartHost.DisposeAsync();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShortRetention_WarnsAtItsScaledTime_AndReturnsMailAtItsOwnEnd()
    {
        Assert.Equal(TimeSpan.FromDays(2), _engine.Domains.FindByName("abc.org")!.MaxLifetime);
        var abc = await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@abc.org", "short retention");
        var xyz = await Mail.SendAsync(_engine.Smtp, "carol@sender.example", "bob@xyz.com", "global retention");

        _time.Advance(TimeSpan.FromHours(9));
        var now = _time.GetUtcNow().UtcDateTime;
        var ageing = _engine.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AgeingWorker>().Single();
        var outbox = _engine.Services.GetRequiredService<DynamicMail.Smtp.Queue.IOutbox>();
        await Wait.Until(() => ageing.QuietUntil > now && outbox.CountAsync().GetAwaiter().GetResult() == 0, "ageing and outbox caught up");
        Assert.Empty(_smartHost.Messages);

        _time.Advance(TimeSpan.FromHours(0.7));
        await _smartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        var warning = DsnReading.Parse(_smartHost.Messages.Single().Content);
        Assert.Equal(["alice@sender.example"], _smartHost.Messages.Single().Recipients);
        Assert.All(warning.PerRecipient, r => Assert.Equal(("delayed", "4.4.1"), (r["Action"], r["Status"])));

        _time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(9.7) + TimeSpan.FromMinutes(1));
        // Now abc.org's mail is returned (2 days) and xyz.com's has its one warning (24 h of its 5 days).
        await _smartHost.WaitForRecipientsAsync(3, TimeSpan.FromSeconds(10));
        var later = _smartHost.Messages.Skip(1).ToList();
        var failed = DsnReading.Parse(Assert.Single(later, m => m.Recipients.Contains("alice@sender.example")).Content);
        Assert.All(failed.PerRecipient, r => Assert.Equal(("failed", "5.4.7"), (r["Action"], r["Status"])));
        var delayed = DsnReading.Parse(Assert.Single(later, m => m.Recipients.Contains("carol@sender.example")).Content);
        Assert.All(delayed.PerRecipient, r => Assert.Equal(("delayed", "4.4.1"), (r["Action"], r["Status"])));
        await Wait.Until(() => _engine.Queue.Find(abc) is null, "the expired message left the queue");
        Assert.NotNull(_engine.Queue.Find(xyz));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("12:00:00")]
    [InlineData("31.00:00:00")]
    [InlineData("-1.00:00:00")]
    public async Task RetentionOutsideOneTo30Days_IsRefused_AndNotStored(string value)
    {
        var admin = _engine.Services.GetRequiredService<IDomainAdmin>();
        var input = DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.MaxLifetime = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        var result = await admin.UpdateAsync("xyz.com", input, "operator");

        Assert.Equal(DomainFailure.Invalid, result.Failure);
        Assert.Contains(nameof(DomainInput.MaxLifetime), result.Errors.Keys);
        Assert.Null(_engine.Domains.FindByName("xyz.com")!.MaxLifetime);
    }

    [Fact]
    public async Task SeedingA31DayRetention_StopsTheStart_NamingTheKey()
    {
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EngineHost.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Domains:0:MaxLifetime"] = "31.00:00:00",
        }));

        Assert.Contains("MaxLifetime", error.Message, StringComparison.Ordinal);
    }
}
