using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>Delivery through the engine's presence API to a real scripted SMTP server, one remote behaviour per test.</summary>
public sealed class DeliveryOutcomeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly ScriptedSmtpServer _smartHost = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
        ["DynamicMail:Delivery:RetryInterval"] = "00:00:00.300",
        ["DynamicMail:Domains:1:DeliveryPort"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicMail:Domains:1:HoldRejected"] = "true",
        ["DynamicMail:Bounces:SmartHostPort"] = _smartHost.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _sink.DisposeAsync();
        await _smartHost.DisposeAsync();
        _dir.Dispose();
    }

    private PresenceRegistry Presence => _engine.Services.GetRequiredService<PresenceRegistry>();
    private DomainStatusBoard Board => _engine.Services.GetRequiredService<DomainStatusBoard>();

    private async Task<string> QueueAsync(params string[] recipients)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", recipients, "Subject: t\r\n\r\nhello"));
    }

    private void GoOnline() => Presence.Register("tab-1", "xyz.com", IPAddress.Loopback);


    [Fact]
    public async Task Accepted_IsDelivered_AndLeavesTheQueue()
    {
        var id = await QueueAsync("a@xyz.com", "b@xyz.com");
        GoOnline();

        await _sink.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(10));
        await Wait.Until(() => _engine.Queue.Find(id) is null, "message left the queue", 10000);
        var received = Assert.Single(_sink.Messages);
        Assert.Equal("alice@sender.example", received.Sender);
        Assert.Contains($"with ESMTP id {id}", received.Content);
        // The board counts right after the queue commit, on the worker's thread: wait for it rather than race it.
        await Wait.Until(() => Board.Get("xyz.com").DeliveredThisSession == 2, "two deliveries on the board", 5000);
    }

    [Fact]
    public async Task TemporaryRecipientFailure_StaysQueuedWithBackoff()
    {
        _sink.RcptReply = a => a.StartsWith("later", StringComparison.Ordinal) ? "451 4.3.0 try later" : "250 ok";
        var id = await QueueAsync("later@xyz.com", "now@xyz.com");
        GoOnline();

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        await Wait.Until(() => _engine.Queue.Find(id)?.Recipients.Single(r => r.Address == "later@xyz.com") is { State: RecipientState.Queued, Attempts: 1 }, "retry scheduled");
        var later = _engine.Queue.Find(id)!.Recipients.Single(r => r.Address == "later@xyz.com");
        Assert.Equal("451 4.3.0 try later", later.LastReply);
        Assert.True(later.NextAttemptAt > DateTime.UtcNow.AddSeconds(20));
        Assert.Equal(RecipientState.Delivered, _engine.Queue.Find(id)!.Recipients.Single(r => r.Address == "now@xyz.com").State);
    }

    [Fact]
    public async Task PermanentRecipientFailure_IsReturnedToTheSenderAtOnce_WithTheReply()
    {
        _sink.RcptReply = a => a.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 ok";
        var id = await QueueAsync("nobody@xyz.com", "bob@xyz.com");
        GoOnline();

        await _smartHost.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(["bob@xyz.com"], _sink.DeliveredRecipients);
        await Wait.Until(() => Board.Get("xyz.com").FailedThisSession == 1, "one refusal on the board", 5000);
        var bounce = Assert.Single(_smartHost.Messages);
        Assert.Equal(("", "alice@sender.example"), (bounce.Sender, Assert.Single(bounce.Recipients)));
        var refused = DsnReading.Parse(bounce.Content).Recipient("nobody@xyz.com");
        Assert.Equal(("failed", "5.1.1"), (refused["Action"], refused["Status"]));
        Assert.Equal("smtp; 550 5.1.1 no such user", refused["Diagnostic-Code"]);
        Assert.Equal("dns; [127.0.0.1]", refused["Remote-MTA"]);
        Assert.Single(DsnReading.Parse(bounce.Content).PerRecipient);
        await Wait.Until(() => _engine.Queue.Find(id) is null, "message left the queue once its sender was told", 10000);
    }

    [Fact]
    public async Task PermanentRecipientFailure_WithHoldRejected_IsHeldForTheOperator()
    {
        _sink.RcptReply = a => a.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 ok";
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        var id = QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["nobody@abc.org", "bob@abc.org"], "Subject: t\r\n\r\nhello"));
        Presence.Register("tab-1", "abc.org", IPAddress.Loopback);

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        await Wait.Until(() => _engine.Queue.Find(id)?.Recipients.Select(r => r.State).ToList() is [RecipientState.Held, RecipientState.Delivered], "one held, one delivered", 10000);
        var held = _engine.Queue.Find(id)!.Recipients.Single(r => r.Address == "nobody@abc.org");
        Assert.Equal("550 5.1.1 no such user", held.HeldReason);
        Assert.Null(_engine.Queue.Find(id)!.NextAttemptAt);
        // A returned refusal is written to the outbox in the same commit as its outcome, and leaves the outbox only
        // after the smart host took it: with the hold on record, an empty outbox and an empty smart host (checked in
        // that order) prove nothing was returned, without waiting for a bounce that should never come.
        Assert.Equal(0, await _engine.Services.GetRequiredService<IOutbox>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Empty(_smartHost.Messages);
        Assert.NotNull(_engine.Queue.Find(id));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerHangsUpMidTransaction_RecipientsStayQueued_AndAreRetried(bool afterFinalDot)
    {
        if (afterFinalDot) { _sink.HangUpsAfterDot = 1; } else { _sink.HangUpsAfterDataCommand = 1; }
        var id = await QueueAsync("bob@xyz.com");
        GoOnline();

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        await Wait.Until(() => _engine.Queue.Find(id) is null, "delivered on the retry", 10000);
        Assert.Equal(afterFinalDot ? 1 : 0, _sink.Unacknowledged);
        Assert.Equal(["bob@xyz.com"], _sink.DeliveredRecipients);
        Assert.Empty(_smartHost.Messages);
    }

    [Fact]
    public async Task SameRejectionForEveryone_PausesAndBouncesNothing()
    {
        _sink.RcptReply = _ => "550 5.7.1 relaying denied";
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await QueueAsync($"u{i}@xyz.com"));
        }
        GoOnline();

        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused", 10000);
        Assert.Contains("refused all mail", Board.Get("xyz.com").Text);
        await Wait.Until(() => ids.All(id => _engine.Queue.Find(id)?.Recipients.All(r => r.State != RecipientState.Failed) == true), "nothing failed", 10000);
        Assert.Equal(12, _engine.Queue.Summarize("xyz.com").Messages);
    }

    [Theory]
    [InlineData("554 5.3.2 not accepting mail")]
    [InlineData("421 4.3.2 shutting down")]
    public async Task RefusingGreeting_PausesWithoutTouchingTheQueue(string greeting)
    {
        _sink.Greeting = greeting;
        var id = await QueueAsync("bob@xyz.com");
        GoOnline();

        await Wait.Until(() => Board.Get("xyz.com").State is DeliveryState.Paused or DeliveryState.NotAnswering, "paused", 10000);
        Assert.Contains(greeting[..3], Board.Get("xyz.com").LastReply);
        await Wait.Until(() => _engine.Queue.Find(id)!.Recipients.Single().State == RecipientState.Queued, "lease released", 10000);
        Assert.Equal(0, _engine.Queue.Find(id)!.Recipients.Single().Attempts);
    }

    [Fact]
    public async Task ServiceClosing421AtMail_Pauses_ThenRecovers()
    {
        _sink.MailReply = "421 4.7.0 too busy";
        var id = await QueueAsync("bob@xyz.com");
        GoOnline();

        await Wait.Until(() => Board.Get("xyz.com").State is DeliveryState.NotAnswering or DeliveryState.Paused, "paused", 10000);
        _sink.MailReply = "250 ok";
        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        await Wait.Until(() => _engine.Queue.Find(id) is null, "delivered after retry", 10000);
    }

    [Fact]
    public async Task ConnectionRefused_ShowsNotAnswering_AndKeepsMail()
    {
        var id = await QueueAsync("bob@xyz.com");
        await _sink.DisposeAsync();
        GoOnline();

        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.NotAnswering, "not answering", 10000);
        Assert.Contains("is not answering", Board.Get("xyz.com").Text);
        await Wait.Until(() => _engine.Queue.Find(id)!.Recipients.Single().State == RecipientState.Queued, "still queued", 10000);
    }

    [Fact]
    public async Task SelfSignedStartTls_IsUsed_AndItsFingerprintShown()
    {
        using var cert = ScriptedSmtpServer.SelfSigned();
        _sink.Certificate = cert;
        await QueueAsync("bob@xyz.com");
        GoOnline();

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        await Wait.Until(() => Board.Get("xyz.com").Tls.Secure, "TLS shown", 10000);
        Assert.Equal(cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), Board.Get("xyz.com").Tls.Fingerprint);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PinnedTlsFingerprint_OnlyThatCertificateGetsTheMail(bool matches)
    {
        using var cert = ScriptedSmtpServer.SelfSigned();
        _sink.Certificate = cert;
        var hash = cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        // Operators paste fingerprints as shown by tools: lower case with colons is the same pin.
        var pin = matches ? string.Join(':', hash.Chunk(2).Select(c => new string(c))).ToLowerInvariant() : new string('A', 64);
        var admin = _engine.Services.GetRequiredService<DynamicMail.Smtp.Domains.DomainAdmin>();
        var input = DynamicMail.Smtp.Domains.DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.TlsFingerprint = pin;
        Assert.True((await admin.UpdateAsync("xyz.com", input, "tester")).Ok);
        var id = await QueueAsync("bob@xyz.com");

        GoOnline();

        if (matches)
        {
            await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
            await Wait.Until(() => _engine.Queue.Find(id) is null, "delivered to the pinned server", 10000);
        }
        else
        {
            await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused", 10000);
            Assert.Contains("does not match the pinned fingerprint", Board.Get("xyz.com").LastReply, StringComparison.Ordinal);
            Assert.Empty(_sink.Messages);
            Assert.Equal(RecipientState.Queued, _engine.Queue.Find(id)!.Recipients[0].State);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RequireTls_WithoutStartTlsAtTheServer_Pauses_WithItDelivers(bool serverOffersTls)
    {
        using var cert = ScriptedSmtpServer.SelfSigned();
        _sink.Certificate = serverOffersTls ? cert : null;
        var admin = _engine.Services.GetRequiredService<DynamicMail.Smtp.Domains.DomainAdmin>();
        var input = DynamicMail.Smtp.Domains.DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.RequireTls = true;
        Assert.True((await admin.UpdateAsync("xyz.com", input, "tester")).Ok);
        var id = await QueueAsync("bob@xyz.com");

        GoOnline();

        if (serverOffersTls)
        {
            await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
            await Wait.Until(() => _engine.Queue.Find(id) is null, "delivered over TLS", 10000);
        }
        else
        {
            await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused", 10000);
            Assert.Contains("does not offer STARTTLS, and this domain requires TLS", Board.Get("xyz.com").LastReply, StringComparison.Ordinal);
            Assert.Empty(_sink.Messages);
            Assert.Equal(RecipientState.Queued, _engine.Queue.Find(id)!.Recipients[0].State);
        }
    }

    [Fact]
    public async Task PresenceLoss_StopsDelivery_AndReleasesLeases()
    {
        GoOnline();
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "waiting", 10000);
        Presence.Unregister("tab-1");
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Offline, "offline", 10000);

        var id = await QueueAsync("bob@xyz.com");

        // No agent is left to deliver it (not a sleep: the coordinator's own count after the stop it awaited).
        var coordinator = _engine.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DeliveryCoordinator>().Single();
        Assert.Equal(0, coordinator.Running);
        Assert.Empty(_sink.Messages);
        Assert.Equal(RecipientState.Queued, _engine.Queue.Find(id)!.Recipients.Single().State);
    }

    [Fact]
    public async Task MailArrivingWhilePresent_GoesOut_WokenByItsArrival()
    {
        GoOnline();
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "waiting", 10000);

        await QueueAsync("bob@xyz.com");

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
    }
}
