using System.Globalization;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Bounces;

/// <summary>
/// Issue #22, "also seen": with a DSN host that never answers, DSNs waiting their turn must not be dropped at
/// Bounces:MaxLifetime without ever having been tried.
/// </summary>
public sealed class OutboxFairnessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _silent = new() { GreetingHook = (_, ct) => Task.Delay(Timeout.Infinite, ct) };
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Bounces:SmartHostPort"] = _silent.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Bounces:Timeout"] = "00:00:01",
        ["DynamicMail:Bounces:MaxLifetime"] = "00:01:00",
    }, services => services.AddSingleton<TimeProvider>(_time));

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _silent.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SilentDsnHost_EveryDsnIsTriedOnce_BeforeItIsDroppedAtMaxLifetime()
    {
        var returns = _engine.Services.GetRequiredService<IMailReturns>();
        for (var i = 0; i < 10; i++)
        {
            var id = await Mail.SendAsync(_engine.Smtp, $"alice@sender{i}.example", "bob@xyz.com", $"m{i}");
            Assert.Equal(1, await returns.ReturnNowAsync(id, "test", TestContext.Current.CancellationToken));
        }

        // Four are being tried (a second each against the silent host) when the lifetime of all ten has passed.
        _time.Advance(TimeSpan.FromMinutes(2));

        var outbox = _engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => outbox.Count() == 0, "every DSN dropped", 30000);
        Assert.Equal(10, _silent.Connections);
    }
}
