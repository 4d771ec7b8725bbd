using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Tests.TestSupport;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DynamicMail.Tests.Ingest;

/// <summary>Issue #12, SMTP door: STARTTLS with a generated or configured certificate, and the attacks on it.</summary>
public sealed class StartTlsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _certs = new();

    public void Dispose()
    {
        _dir.Dispose();
        _certs.Dispose();
    }

    private static async Task<SmtpDialogue> SecureAsync(EngineHost engine)
    {
        var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        Assert.Contains("STARTTLS", await smtp.SendAsync("EHLO client.example"));
        Assert.StartsWith("220", await smtp.SendAsync("STARTTLS"));
        await smtp.StartTlsAsync();
        return smtp;
    }

    [Fact]
    public async Task MailKit_StartTls_WithTheGeneratedCertificate_QueuesWithTlsRecorded_AndTheCertificateIsKept()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        string? seen = null;
        using (var client = new SmtpClient())
        {
#pragma warning disable CA5359 // opportunistic TLS: a sender accepts the self-signed certificate
            client.ServerCertificateValidationCallback = (_, cert, _, _) => { seen = cert!.GetCertHashString(); return true; };
#pragma warning restore CA5359
            await client.ConnectAsync(engine.Smtp.Address.ToString(), engine.Smtp.Port, SecureSocketOptions.StartTls, TestContext.Current.CancellationToken);
            var message = new MimeMessage { Subject = "over tls" };
            message.From.Add(MailboxAddress.Parse("alice@sender.example"));
            message.To.Add(MailboxAddress.Parse("bob@xyz.com"));
            message.Body = new TextPart("plain") { Text = "secret" };
            await client.SendAsync(message, TestContext.Current.CancellationToken);
            await client.DisconnectAsync(true, TestContext.Current.CancellationToken);
        }

        var stored = Assert.Single(engine.Queue.ListDomain("xyz.com", 0, 10));
        Assert.StartsWith("TLSv1.3 with cipher TLS_", stored.Tls);
        var content = Encoding.Latin1.GetString(engine.Queue.ReadContent(stored));
        Assert.Contains("(using TLSv1.3 with cipher TLS_", content);
        Assert.Contains("with ESMTPS id " + stored.Id, content);
        await engine.DisposeAsync();
        await using var again = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SecureAsync(again);
        Assert.Equal(seen, smtp.ServerCertificate!.GetCertHashString());
        Assert.Equal("CN=mx.test", smtp.ServerCertificate.Subject);
    }

    [Fact]
    public async Task PythonSmtplib_StartTls_SendsAMessage()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        var script = $$"""
            import smtplib, ssl
            ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
            s = smtplib.SMTP("127.0.0.1", {{engine.Smtp.Port}}); s.ehlo("py.example"); s.starttls(context=ctx); s.ehlo("py.example")
            assert not s.has_extn("starttls") and not s.has_extn("auth")
            s.sendmail("py@sender.example", ["bob@xyz.com"], "Subject: from python\r\n\r\nhi\r\n"); s.quit()
            """;
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardError = true })!;
        var error = await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(python.ExitCode == 0, error);
        Assert.StartsWith("TLSv1.3", Assert.Single(engine.Queue.ListDomain("xyz.com", 0, 10)).Tls);
    }

    [Fact]
    public async Task PipelinedAfterStartTls_IsThrownAway_NotRunInsideTls()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        await smtp.WriteAsync("STARTTLS\r\nRSET\r\nMAIL FROM:<injected@evil.example>\r\n");
        Assert.StartsWith("220", await smtp.ReadReplyAsync());
        await smtp.StartTlsAsync();

        var ehlo = await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250-", ehlo);
        Assert.DoesNotContain("STARTTLS", ehlo);
        Assert.DoesNotContain("AUTH", ehlo);
        Assert.StartsWith("250 2.1.0", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
    }

    [Theory]
    [InlineData("AUTH PLAIN AGJvYgBhbnl0aGluZw==")]
    [InlineData("AUTH LOGIN")]
    [InlineData("AUTH CRAM-MD5")]
    public async Task Auth_OverTls_IsRefused(string command)
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SecureAsync(engine);
        await smtp.SendAsync("EHLO client.example");

        Assert.StartsWith("503 5.5.1", await smtp.SendAsync(command));
        Assert.StartsWith("250", await smtp.SendAsync("NOOP"));
    }

    [Fact]
    public async Task Auth_InClear_IsRefused()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        Assert.StartsWith("503 5.5.1", await smtp.SendAsync("AUTH PLAIN AGJvYgBhbnl0aGluZw=="));
    }

    [Fact]
    public async Task AfterTls_MailBeforeEhlo_Replies503()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SecureAsync(engine);

        Assert.StartsWith("503 5.5.1", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
    }

    [Fact]
    public async Task ConfiguredPemPair_IsPresented_AndARenewalIsUsedByTheNextSession()
    {
        var (certPath, keyPath) = (Path.Combine(_certs.Path, "fullchain.pem"), Path.Combine(_certs.Path, "privkey.pem"));
        var first = WritePem("first.test", certPath, keyPath, DateTime.UtcNow.AddMinutes(-10));
        await using var engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Smtp:Tls:CertificatePath"] = certPath,
            ["DynamicMail:Smtp:Tls:KeyPath"] = keyPath,
        });
        await using (var smtp = await SecureAsync(engine))
        {
            Assert.Equal(first, smtp.ServerCertificate!.GetCertHashString(HashAlgorithmName.SHA256));
        }

        var renewed = WritePem("renewed.test", certPath, keyPath, DateTime.UtcNow);

        await using var next = await SecureAsync(engine);
        Assert.Equal(renewed, next.ServerCertificate!.GetCertHashString(HashAlgorithmName.SHA256));
        Assert.Equal("CN=renewed.test", next.ServerCertificate.Subject);
    }

    [Fact]
    public async Task UnreadableConfiguredCertificate_StopsStartUp_NamingTheKey()
    {
        var bogus = Path.Combine(_certs.Path, "missing.pem");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Smtp:Tls:CertificatePath"] = bogus,
            ["DynamicMail:Smtp:Tls:KeyPath"] = bogus,
        }));

        Assert.Contains("DynamicMail:Smtp:Tls:CertificatePath", error.ToString());
    }

    private static string WritePem(string host, string certPath, string keyPath, DateTime stamp)
    {
        using var cert = SelfSigned.Create(host);
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, cert.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.SetLastWriteTimeUtc(certPath, stamp);
        File.SetLastWriteTimeUtc(keyPath, stamp);
        return cert.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
