using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Bench;

/// <summary>
/// Ingest with sender authentication (issue #13): 20 sessions, 4 KB, one message per connection, every message from a
/// domain that publishes SPF, a DKIM key and DMARC p=reject on the loopback DNS server, DKIM-signed by the driver.
/// DynamicMail checks SPF, DKIM, DMARC and ARC and seals each message; Postfix (no policy service) checks nothing.
/// </summary>
internal sealed class AuthIngestScenario(Run run, string signedMessage)
{
    private const int Sessions = 20;

    public async Task RunAsync()
    {
        var messages = Settings.Quick ? 2_000 : 20_000;
        var content = Encoding.ASCII.GetBytes(signedMessage);
        List<double> dm = [], pf = [];
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            await Run.AlternateAsync(rep,
                async () =>
                {
                    await using var service = await DynamicMailService.StartAsync();
                    dm.Add(await SendAsync(Settings.DmSmtpPort, messages, content));
                    var queued = await service.StopAndCountQueuedAsync();
                    if (queued != messages) { throw new InvalidOperationException($"DynamicMail logged {queued} queued of {messages}"); }
                    Run.Log($"ingest with sender checks DynamicMail {dm[^1]:N0} msg/s");
                },
                async () =>
                {
                    await Postfix.ResetAsync();
                    pf.Add(await SendAsync(Settings.PostfixPort, messages, content));
                    await Postfix.WaitQueuedAsync(messages);
                    Run.Log($"ingest with sender checks Postfix {pf[^1]:N0} msg/s");
                });
        }
        var (d, p) = (Report.Median(dm), Report.Median(pf));
        run.Rows.Add(new Row($"1 ingest with SPF + DKIM + DMARC + ARC seal (DNS on loopback), {Sessions} sessions, {messages:N0} × 4 KB signed",
            Report.Rate(d), Report.Rate(p), Report.Times(d / p), "≥ 3×", d / p >= 3 ? "met" : "**not met**"));
        run.Notes.Add($"- ingest with sender checks samples: DynamicMail {Report.Samples(dm, Report.Rate)}; Postfix {Report.Samples(pf, Report.Rate)}");
    }

    /// <summary>One 4 KB message signed once (relaxed/simple) with a fresh key; returns it ready for DATA, and the public key.</summary>
    public static (string Message, string PublicKey) SignedMessage()
    {
        using var rsa = RSA.Create(2048);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@" + BenchDns.SenderDomain));
        message.To.Add(MailboxAddress.Parse("user@" + DynamicMailService.Domain));
        message.Subject = "signed load";
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = "bench@" + BenchDns.SenderDomain;
        var body = new StringBuilder();
        while (body.Length < Settings.Body4K - 600) { body.Append(new string('x', 76)).Append("\r\n"); }
        message.Body = new TextPart("plain") { Text = body.ToString() };
        using var key = new MemoryStream(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
        var signer = new DkimSigner(key, BenchDns.SenderDomain, BenchDns.Selector) { HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        using var bytes = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        return (Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r', '\n') + "\r\n.\r\n", Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
    }

    private static async Task<double> SendAsync(int port, int messages, byte[] content)
    {
        var next = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= messages)
            {
                await OneAsync(port, content);
            }
        }));
        return messages / sw.Elapsed.TotalSeconds;
    }

    private static async Task OneAsync(int port, byte[] content)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        await ExpectAsync(reader, "220");
        foreach (var (command, expected) in new[] { ("EHLO client.bench.example", "250"), ($"MAIL FROM:<alice@{BenchDns.SenderDomain}>", "250"),
            ($"RCPT TO:<user@{DynamicMailService.Domain}>", "250"), ("DATA", "354") })
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            await ExpectAsync(reader, expected);
        }
        await stream.WriteAsync(content);
        await ExpectAsync(reader, "250");
        await stream.WriteAsync("QUIT\r\n"u8.ToArray());
        await ExpectAsync(reader, "221");
    }

    private static async Task ExpectAsync(StreamReader reader, string code)
    {
        string line;
        do { line = await reader.ReadLineAsync() ?? throw new IOException("closed"); } while (line.Length > 3 && line[3] == '-');
        if (!line.StartsWith(code, StringComparison.Ordinal)) { throw new InvalidOperationException($"expected {code}, got {line}"); }
    }
}
