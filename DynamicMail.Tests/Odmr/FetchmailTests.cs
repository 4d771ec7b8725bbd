using System.Diagnostics;
using System.Globalization;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Odmr;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Odmr;

/// <summary>Issue #16: Debian's fetchmail, a client nobody here wrote, collects a domain's queue over ODMR.</summary>
public sealed class FetchmailTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _home = new();
    private readonly ScriptedSmtpServer _sink = new();
    private WebAppHost _web = null!;

    public ValueTask InitializeAsync()
    {
        _web = new WebAppHost(_dir.Path, deliveryPort: 9);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _web.Dispose();
        await _sink.DisposeAsync();
        _dir.Dispose();
        _home.Dispose();
    }

    private async Task QueueAsync(int count)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_web.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < count; i++)
        {
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", [$"u{i}@xyz.com"], $"Subject: odmr {i}\r\n\r\nhi"));
        }
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@abc.org"], "Subject: not theirs\r\n\r\nhi"));
    }

    private async Task<(int Exit, string Output)> FetchmailAsync(string password)
    {
        var odmr = await _web.Services.GetRequiredService<OdmrListener>().Bound;
        var rc = Path.Combine(_home.Path, "fetchmailrc");
        File.WriteAllText(rc, string.Create(CultureInfo.InvariantCulture, $"""
            set no bouncemail
            poll 127.0.0.1 port {odmr.Port} protocol ODMR auth cram-md5 user "xyzadmin" password "{password}"
              fetchdomains xyz.com smtphost 127.0.0.1/{_sink.Port} sslproto ''
            """));
        if (!OperatingSystem.IsWindows()) { File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
        var info = new ProcessStartInfo("fetchmail", ["-f", rc, "-v", "--nosyslog", "--nodetach"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["FETCHMAILHOME"] = _home.Path;
        info.Environment["HOME"] = _home.Path;
        using var fetchmail = Process.Start(info)!;
        var output = fetchmail.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = fetchmail.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await fetchmail.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (fetchmail.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Fetchmail_CollectsTheQueue_OverOdmr_AndTheSessionIsSeen()
    {
        await QueueAsync(5);
        var sessions = new List<OdmrSessionChanged>();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = _web.Services.GetRequiredService<IMailEvents>().Subscribe(e =>
        {
            if (e is not OdmrSessionChanged o) { return; }
            lock (sessions) { sessions.Add(o); }
            if (!o.Active) { ended.TrySetResult(); }
        });

        var (exit, output) = await FetchmailAsync("xyz-password");

        Assert.True(exit == 0, output);
        // fetchmail exits once it has the mail; the engine ends the ODMR session (and says so) on its own time after.
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(_sink.DeliveredRecipients.Count() == 5, output);
        Assert.Equal(0, _web.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>().Summarize("xyz.com").Messages);
        Assert.Equal(1, _web.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>().Summarize("abc.org").Messages);
        lock (sessions)
        {
            Assert.Equal([true, false], sessions.Select(s => s.Active));
            Assert.All(sessions, s => Assert.Equal("127.0.0.1", s.Client));
        }
        var activity = _web.Services.GetRequiredService<DynamicMail.Web.Admin.ConsoleActivity>();
        List<string> Feed() => activity.Feed("xyz.com", 50).Select(f => f.Text).ToList();
        await Wait.Until(() => Feed().Contains("ODMR session from 127.0.0.1 ended"), "the console feed shows the session's end");
        Assert.Contains("ODMR session from 127.0.0.1: collecting its mail", Feed());
        Assert.NotNull(_web.Services.GetRequiredService<DynamicMail.Web.Admin.ConsoleActivity>().LastConnected("xyz.com"));
    }

    [Fact]
    public async Task Fetchmail_WithAWrongPassword_CollectsNothing()
    {
        await QueueAsync(2);

        var (exit, output) = await FetchmailAsync("wrong-password");

        Assert.True(exit != 0, output);
        Assert.Empty(_sink.Messages);
        Assert.Equal(2, _web.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>().Summarize("xyz.com").Messages);
    }
}
