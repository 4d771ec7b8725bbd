namespace DynamicMail.Bench;

/// <summary>
/// Ingest over STARTTLS (issue #12): 20 sessions, 4 KB, one message per connection, both sides encrypting with the
/// same RSA-2048 certificate — DynamicMail's configured PEM pair, Postfix with smtpd_tls_security_level = may.
/// </summary>
internal sealed class TlsIngestScenario(Run run)
{
    private const int Sessions = 20;

    public async Task RunAsync()
    {
        var (cert, key) = await CertificateAsync();
        await Proc.CheckAsync("postconf", $"-e smtpd_tls_security_level=may smtpd_tls_cert_file={cert} smtpd_tls_key_file={key}");
        await Proc.CheckAsync("postfix", "reload");
        var messages = Settings.Quick ? 1_000 : 5_000;
        List<double> dm = [], pf = [];
        for (var rep = 0; rep < Settings.Repetitions; rep++)
        {
            await Run.AlternateAsync(rep,
                async () =>
                {
                    await using var service = await DynamicMailService.StartAsync(extraEnv: new()
                    {
                        ["DynamicMail__Smtp__Tls__CertificatePath"] = cert,
                        ["DynamicMail__Smtp__Tls__KeyPath"] = key,
                    });
                    dm.Add(await TlsLoad.SendAsync(Settings.DmSmtpPort, Sessions, messages, Settings.Body4K));
                    // Counted once the service has stopped: its last "Queued" lines have then been read.
                    var queued = await service.StopAndCountQueuedAsync();
                    if (queued != messages) { throw new InvalidOperationException($"DynamicMail logged {queued} queued of {messages}"); }
                    Run.Log($"ingest over STARTTLS DynamicMail {dm[^1]:N0} msg/s");
                },
                async () =>
                {
                    await Postfix.ResetAsync();
                    pf.Add(await TlsLoad.SendAsync(Settings.PostfixPort, Sessions, messages, Settings.Body4K));
                    await Postfix.WaitQueuedAsync(messages);
                    Run.Log($"ingest over STARTTLS Postfix {pf[^1]:N0} msg/s");
                });
        }
        var (d, p) = (Report.Median(dm), Report.Median(pf));
        run.Rows.Add(new Row($"1 ingest over STARTTLS, {Sessions} sessions, {messages:N0} × 4 KB (a TLS handshake per message, both sides)",
            Report.Rate(d), Report.Rate(p), Report.Times(d / p), "—", "—"));
        run.Notes.Add($"- ingest over STARTTLS samples: DynamicMail {Report.Samples(dm, Report.Rate)}; Postfix {Report.Samples(pf, Report.Rate)}");
    }

    /// <summary>One self-signed RSA-2048 certificate for both servers, readable by Postfix.</summary>
    private static async Task<(string Cert, string Key)> CertificateAsync()
    {
        var dir = Path.Combine(Settings.WorkDirectory, "tls");
        Directory.CreateDirectory(dir);
        var (cert, key) = (Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        if (!File.Exists(cert))
        {
            await Proc.CheckAsync("openssl", $"req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=mx.bench.local -keyout {key} -out {cert}");
        }
        return (cert, key);
    }
}
