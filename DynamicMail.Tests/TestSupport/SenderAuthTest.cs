using System.Security.Cryptography;
using System.Text;
using DynamicMail.Smtp.Queue;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// The real engine with sender authentication on, its one resolver pointed at a <see cref="FakeDnsServer"/> on loopback
/// that publishes SPF, DKIM key and DMARC records; messages are signed in the test with MimeKit's <see cref="DkimSigner"/>.
/// </summary>
public abstract class SenderAuthTest : IAsyncLifetime
{
    /// <summary>One RSA key for every signing domain of the tests (made once: key generation is slow).</summary>
    private static readonly Lazy<(string Pem, string Public)> Key = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportPkcs8PrivateKeyPem(), Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
    });

    protected TempDirectory Dir { get; } = new();
    protected FakeDnsServer Dns { get; } = new();
    protected EngineHost Engine { get; private set; } = null!;

    /// <summary>Settings on top of the auth settings (e.g. blocklist zones).</summary>
    protected virtual IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicMail:Auth:Enabled"] = "true",
            ["DynamicMail:Dns:Servers:0"] = Dns.EndPoint.ToString(),
            ["DynamicMail:Dns:Timeout"] = "00:00:02",
            ["DynamicMail:Auth:SealerNice"] = "0", // the test machine is busy: at nice 19 the sealer may wait for minutes
        };
        foreach (var (k, v) in MoreSettings)
        {
            settings[k] = v;
        }
        Engine = await EngineHost.StartAsync(Dir.Path, settings);
    }

    /// <summary>Publishes the test key at <c>selector._domainkey.domain</c>.</summary>
    protected void PublishKey(string domain, string selector = "sel") =>
        Dns.Txt[$"{selector}._domainkey.{domain}"] = ["v=DKIM1; k=rsa; p=" + Key.Value.Public];

    protected static MimeMessage NewMessage(string from, string subject, string body = "Hello from the test.\r\n")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("bob@xyz.com"));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        message.MessageId = $"{Guid.NewGuid():N}@test";
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    protected static MimeMessage SignedBy(MimeMessage message, string domain, string selector = "sel")
    {
        using var key = new MemoryStream(Encoding.ASCII.GetBytes(Key.Value.Pem));
        var signer = new DkimSigner(key, domain, selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple,
        };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        return message;
    }

    protected static string Text(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, stream);
        return Encoding.ASCII.GetString(stream.ToArray());
    }

    /// <summary>Sends one message over the real MX listener; returns the final reply.</summary>
    protected async Task<string> SendAsync(string envelopeFrom, string content, string to = "bob@xyz.com", string helo = "client.example")
    {
        await using var dialogue = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await dialogue.SendAsync("EHLO " + helo);
        Assert.StartsWith("250", await dialogue.SendAsync($"MAIL FROM:<{envelopeFrom}>"));
        Assert.StartsWith("250", await dialogue.SendAsync($"RCPT TO:<{to}>"));
        Assert.StartsWith("354", await dialogue.SendAsync("DATA"));
        await dialogue.WriteAsync(content.TrimEnd('\r', '\n') + "\r\n.\r\n");
        return await dialogue.ReadReplyAsync();
    }

    /// <summary>Sends and expects 250; returns the stored message and its queue entry.</summary>
    protected async Task<(QueuedMessage Entry, MimeMessage Stored, string Raw)> SendAndStoreAsync(string envelopeFrom, string content, string to = "bob@xyz.com")
    {
        var reply = await SendAsync(envelopeFrom, content, to);
        Assert.StartsWith("250", reply);
        var entry = Engine.Queue.Find(QueueReading.QueueId(reply))!;
        var bytes = Engine.Queue.ReadContent(entry);
        return (entry, MimeMessage.Load(new MemoryStream(bytes)), Encoding.ASCII.GetString(bytes));
    }

    /// <summary>The Authentication-Results headers of a stored message that name DynamicMail (mx.test).</summary>
    protected static List<string> OurResults(MimeMessage stored) =>
        stored.Headers.Where(h => h.Id == HeaderId.AuthenticationResults && h.Value.TrimStart().StartsWith(EngineHost.Hostname + ";", StringComparison.Ordinal))
            .Select(h => System.Text.RegularExpressions.Regex.Replace(h.Value.Trim(), @"\s+", " ")).ToList();

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Dns.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
