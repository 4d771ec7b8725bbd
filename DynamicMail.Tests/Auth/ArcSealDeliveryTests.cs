using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DynamicMail.Smtp.Auth;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Tests.Auth;

/// <summary>
/// Issue #13: the ARC seal is made after the sender's 250 (its two RSA signatures would cost ingest most of its
/// speed). The background sealer attaches it to the stored message; a message it did not reach is sealed when it
/// is delivered. Either way the customer's server gets exactly one ARC set that verifies against the published key.
/// </summary>
public abstract class ArcSealDeliveryTest : HostileDeliveryTest
{
    private readonly FakeDnsServer _dns = new();

    protected abstract bool SealInBackground { get; }

    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Auth:Enabled"] = "true",
        ["DynamicMail:Auth:SealInBackground"] = SealInBackground.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Dns:Servers:0"] = _dns.EndPoint.ToString(),
        ["DynamicMail:Dns:Timeout"] = "00:00:02",
        ["DynamicMail:Auth:SealerNice"] = "0", // the test machine is busy: at nice 19 the sealer may wait for minutes
    };

    public override async ValueTask InitializeAsync()
    {
        _dns.Txt["sender.example"] = ["v=spf1 ip4:127.0.0.1 -all"];
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dns.DisposeAsync();
    }

    protected async Task<string> QueueSignedLookingAsync(string subject)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        var content = $"From: Alice <alice@sender.example>\r\nTo: bob@xyz.com\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sender.example>\r\n\r\nHello.\r\n";
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], content));
    }

    protected bool StoredSealed(string id) => Engine.Queue.ReadContent(Engine.Queue.Find(id)!).AsSpan().StartsWith("ARC-Seal:"u8);

    /// <summary>The delivered message carries one ARC set, with the door's verdict, that verifies against our key.</summary>
    protected async Task AssertDeliveredSealedAsync(string subject)
    {
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        var delivered = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(Assert.Single(Sink.Messages).Content)));
        Assert.Equal(subject, delivered.Subject);
        Assert.Single(delivered.Headers, h => h.Id == HeaderId.ArcSeal);
        Assert.StartsWith("ARC-Seal:", Assert.Single(Sink.Messages).Content, StringComparison.Ordinal);
        var key = Engine.Services.GetRequiredService<ArcKeys>().Current;
        var result = await new ArcVerifier(new OneDkimKey(key.RecordValue)).VerifyAsync(delivered, TestContext.Current.CancellationToken);
        Assert.Equal(ArcSignatureValidationResult.Pass, result.Chain);
        Assert.Contains("spf=pass", delivered.Headers[HeaderId.ArcAuthenticationResults], StringComparison.Ordinal);
    }

}

public sealed class ArcSealAtDeliveryTests : ArcSealDeliveryTest
{
    protected override bool SealInBackground => false;

    [Fact]
    public async Task MessageStoredUnsealed_IsSealedWhenDelivered()
    {
        var id = await QueueSignedLookingAsync("sealed on the way out");
        Assert.False(StoredSealed(id));

        GoOnline();

        await AssertDeliveredSealedAsync("sealed on the way out");
        await Wait.Until(() => IsGone(id), "delivered and removed");
    }
}

public sealed class ArcSealInBackgroundTests : ArcSealDeliveryTest
{
    protected override bool SealInBackground => true;

    [Fact]
    public async Task MessageSealedInTheBackground_IsDeliveredWithThatOneSeal()
    {
        var id = await QueueSignedLookingAsync("sealed while queued");
        await Wait.Until(() => StoredSealed(id), "sealed in the background");
        var stored = Engine.Queue.ReadContent(Engine.Queue.Find(id)!);

        GoOnline();

        await AssertDeliveredSealedAsync("sealed while queued");
        Assert.Equal(Encoding.Latin1.GetString(stored), Assert.Single(Sink.Messages).Content);
    }
}
