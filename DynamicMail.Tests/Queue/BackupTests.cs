using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Queue;

/// <summary>Issue #14: an online backup while clients keep sending; restored, it holds every message acknowledged before it began.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _elsewhere = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _dir.Dispose();
        _elsewhere.Dispose();
    }

    private static async Task<HttpClient> ApiClientAsync(WebAppHost web)
    {
        var (_, key) = await web.Services.GetRequiredService<IApiKeys>().CreateAsync("backup-tests", EngineHost.OperatorName);
        var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    [Fact]
    public async Task Backup_WhileFourClientsKeepSending_RestoredInstanceHasEveryMessageAcknowledgedBefore()
    {
        var backup = Path.Combine(_elsewhere.Path, "backup");
        var acked = new ConcurrentQueue<string>();
        string large;
        using (var web = new WebAppHost(_dir.Path, deliveryPort: 25))
        {
            using var http = await ApiClientAsync(web);
            large = await SendLargeAsync(web.Smtp);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(i => SendUntilAsync(web.Smtp, i, acked, stop.Token)).ToList();
            await Wait.Until(() => acked.Count >= 40, "clients sending");

            var before = acked.ToArray();
            var response = await http.PostAsJsonAsync("/api/v1/backup", new { folder = backup }, Ct);
            var during = acked.Count;
            await Wait.Until(() => acked.Count >= during + 20, "clients still sending after the backup");
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(1, report.GetProperty("spoolFiles").GetInt32());
            Assert.True(report.GetProperty("bytes").GetInt64() > 2_000_000);
            Assert.True(during > before.Length, "mail was accepted while the backup ran");
            acked = new ConcurrentQueue<string>(before);
        }

        var restored = Path.Combine(_elsewhere.Path, "restored");
        CopyFolder(backup, restored); // restore: the backup's files become a fresh data folder
        using var fresh = new WebAppHost(restored, deliveryPort: 25);
        var queue = fresh.Services.GetRequiredService<IMailQueue>();
        var missing = acked.Where(id => queue.Find(id) is null).ToList();
        Assert.Empty(missing);
        var big = queue.Find(large)!;
        await using var content = queue.OpenContent(big);
        Assert.Equal(big.Size, await content.CopyToCountAsync());
    }

    [Fact]
    public async Task Backup_IntoANonEmptyOrRelativeFolder_Is400_WithoutAKey_401()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25);
        using var http = await ApiClientAsync(web);
        await File.WriteAllTextAsync(Path.Combine(_elsewhere.Path, "something"), "x", Ct);

        var full = await http.PostAsJsonAsync("/api/v1/backup", new { folder = _elsewhere.Path }, Ct);
        var relative = await http.PostAsJsonAsync("/api/v1/backup", new { folder = "backup" }, Ct);
        var inside = await http.PostAsJsonAsync("/api/v1/backup", new { folder = Path.Combine(_dir.Path, "b") }, Ct);
        using var anonymous = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var noKey = await anonymous.PostAsJsonAsync("/api/v1/backup", new { folder = Path.Combine(_elsewhere.Path, "x") }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Contains("not empty", await full.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_elsewhere.Path, "x")));
    }

    [Fact]
    public async Task BackupCommand_AsksTheRunningService_AndTheFolderHoldsTheStore()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25);
        var (_, key) = await web.Services.GetRequiredService<IApiKeys>().CreateAsync("cli", EngineHost.OperatorName);
        var id = await Mail.SendAsync(web.Smtp, "alice@sender.example", "bob@xyz.com", "backed up");
        var folder = Path.Combine(_elsewhere.Path, "cli");
        var output = new StringWriter();

        var exit = await BackupCommand.RunAsync(["backup", folder, "--url", web.BaseUrl], output,
            name => name == BackupCommand.KeyVariable ? key : null);

        Assert.True(exit == 0, output.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "dynamicmail.db")));
        Assert.Contains("pauseMilliseconds", output.ToString(), StringComparison.Ordinal);
        Assert.NotNull(id);
    }

    private static async Task SendUntilAsync(IPEndPoint smtp, int client, ConcurrentQueue<string> acked, CancellationToken stop)
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(smtp);
        await dialogue.SendAsync($"EHLO client{client}.example");
        for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
        {
            var reply = await dialogue.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: client {client} message {i}\r\n\r\nhello");
            Assert.StartsWith("250 2.0.0", reply);
            acked.Enqueue(QueueReading.QueueId(reply));
        }
    }

    private static async Task<string> SendLargeAsync(IPEndPoint smtp)
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(smtp);
        await dialogue.SendAsync("EHLO large.example");
        var body = new StringBuilder("Subject: large\r\n\r\n");
        for (var i = 0; i < 30_000; i++)
        {
            body.Append("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
        }
        var reply = await dialogue.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], body.ToString());
        Assert.StartsWith("250 2.0.0", reply);
        return QueueReading.QueueId(reply);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
