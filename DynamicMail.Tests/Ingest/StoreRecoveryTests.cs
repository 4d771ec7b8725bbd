using System.Net.Http;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Ingest;

/// <summary>
/// Issue #11 (4): a disk that fills while LiteDB writes closes its engine for good. Mail gets 452 meanwhile and
/// health says so; once space is back, mail is accepted again without a restart and nothing earlier is lost.
/// </summary>
public sealed class StoreRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FillingDisk _disk = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DiskFullDuringWrite_Replies452_HealthFalse_ThenRecoversWithoutRestart()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25, configure: s => s.AddSingleton<IStoreFiles>(_disk));
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        await using var smtp = await SmtpDialogue.ConnectAsync(web.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250 2.0.0", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: before\r\n\r\nhi"));

        _disk.Full = true;
        var full = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: full\r\n\r\nhi");
        Assert.StartsWith("452 4.3.1", full);
        var health = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);

        _disk.Full = false;
        Assert.StartsWith("250 2.0.0", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: after\r\n\r\nhi"));
        var healthy = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, healthy.StatusCode);
        var queue = web.Services.GetRequiredService<IMailQueue>();
        Assert.Equal(["after", "before"], queue.ListDomain("xyz.com", 0, 10).Select(m => m.Subject).Order());
    }
}
