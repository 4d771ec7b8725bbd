using System.Net;
using System.Net.Http;
using System.Text.Json;
using DynamicMail.Smtp;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Health;

/// <summary>Issue #14: /healthz is liveness only; /readyz says, in JSON, which part keeps the service from being ready.</summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readyz_WhenTheStoreCannotWrite_IsUnhealthyWithTheReason_ThenHealthyAgainOnItsOwn()
    {
        var disk = new FillingDisk();
        var web = new WebAppHost(_dir.Path, deliveryPort: 25, configure: s => s.AddSingleton<IStoreFiles>(disk));
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var (status, body) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", Check(body, "store"));

        disk.Full = true;
        await using var smtp = await SmtpDialogue.ConnectAsync(web.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("452 4.3.1", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: full\r\n\r\nhi"));
        (status, body) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(body, "store"));
        Assert.Contains("cannot write", Description(body, "store"), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(body, "smtp"));
        var live = await http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode); // liveness: the process is fine, restarting would not help

        disk.Full = false; // no mail needed: the store's own probe write finds the space again
        await Wait.Until(() => ReadyAsync(http).GetAwaiter().GetResult().Status == HttpStatusCode.OK, "readyz healthy again", 20000);
        (_, body) = await ReadyAsync(http);
        Assert.Equal("Healthy", Check(body, "store"));
        await web.DisposeAsync();
        // The engine that closed on the failed write may leave a transaction behind; LiteDB 5's finalizer of an
        // undisposed transaction throws on the finalizer thread and ends the process (LiteDB #2828): run it now.
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public async Task Readyz_WhenTheStoreFolderTurnsReadOnly_IsUnhealthy_NoMailIsAcknowledged_ThenHealthyAgain()
    {
        var disk = new FillingDisk();
        var web = new WebAppHost(_dir.Path, deliveryPort: 25, configure: s => s.AddSingleton<IStoreFiles>(disk));
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);

        disk.ReadOnly = true;
        await using var smtp = await SmtpDialogue.ConnectAsync(web.Smtp);
        await smtp.SendAsync("EHLO client.example");
        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: read-only\r\n\r\nhi");
        Assert.StartsWith("4", reply); // try again later: never a 250 for mail that is not stored
        var (status, body) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Read-only file system", Description(body, "store"), StringComparison.Ordinal);

        disk.ReadOnly = false;
        await Wait.Until(() => ReadyAsync(http).GetAwaiter().GetResult().Status == HttpStatusCode.OK, "readyz healthy again", 20000);
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: writable\r\n\r\nhi"));
        await web.DisposeAsync();
        GC.Collect(); // see above: LiteDB #2828
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public async Task Readyz_WhenFreeDiskIsBelowMinFreeBytes_IsUnhealthyNamingTheSetting()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25, new Dictionary<string, string?>
        {
            ["DynamicMail:Queue:MinFreeBytes"] = (long.MaxValue / 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        var (status, body) = await ReadyAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Check(body, "disk"));
        Assert.Contains("DynamicMail:Queue:MinFreeBytes", Description(body, "disk"), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(body, "store"));
    }

    [Fact]
    public async Task ListenerHealth_BeforeStart_NotBound_WhileRunning_Healthy_AfterStop_Stopped()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(EngineHost.Settings(_dir.Path, 25));
        builder.Services.AddDynamicMailEngine();
        using var host = builder.Build();
        var listener = host.Services.GetRequiredService<IListenerHealth>();
        Assert.Contains("not bound", listener.Problem, StringComparison.Ordinal);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.Services.GetRequiredService<SmtpIngestService>().Bound.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Null(listener.Problem);

        await host.StopAsync(CancellationToken.None);
        Assert.Contains("stopped", listener.Problem, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/readyz");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var json = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(json).RootElement.Clone());
    }

    private static string? Check(JsonElement body, string name) => body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();

    private static string Description(JsonElement body, string name) =>
        body.GetProperty("checks").GetProperty(name).GetProperty("description").GetString() ?? "";
}
