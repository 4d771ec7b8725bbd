using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// The certificate STARTTLS presents. Configured files are read again when they change on disk (a renewal),
/// so the next session gets the new certificate without a restart; a renewal that cannot be read is logged and
/// the previous certificate stays. With no files configured, a self-signed one is made once and reused.
/// </summary>
internal sealed class SmtpCertificates : ICertificateFactory
{
    private readonly SmtpTlsOptions _tls;
    private readonly string _hostname;
    private readonly string _selfSignedPath;
    private readonly ILogger<SmtpCertificates> _logger;
    private readonly Lock _gate = new();
    private X509Certificate2? _current;
    private DateTime _loadedStamp;

    public SmtpCertificates(IOptions<SmtpOptions> smtp, IOptions<StoreOptions> store, ILogger<SmtpCertificates> logger)
    {
        _tls = smtp.Value.Tls;
        _hostname = smtp.Value.EffectiveHostname;
        _selfSignedPath = Path.Combine(store.Value.DataDirectory, "tls", "smtp-selfsigned.pfx");
        _logger = logger;
    }

    private bool Configured => !string.IsNullOrWhiteSpace(_tls.CertificatePath);

    /// <summary>The certificate now (loads it on first use; throws when configured files cannot be read at all).</summary>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                var stamp = Configured ? Stamp() : DateTime.MinValue;
                if (_current is null || stamp != _loadedStamp)
                {
                    Reload(stamp);
                }
                return _current!;
            }
        }
    }

    public System.Security.Cryptography.X509Certificates.X509Certificate GetServerCertificate(ISessionContext sessionContext) => Current;

    private void Reload(DateTime stamp)
    {
        try
        {
            var loaded = Configured ? LoadConfigured() : LoadOrCreateSelfSigned();
            _current = loaded;
            _loadedStamp = stamp;
            _logger.LogInformation("STARTTLS certificate {Subject}, SHA-256 {Fingerprint}, valid until {NotAfter:u}",
                loaded.Subject, loaded.GetCertHashString(HashAlgorithmName.SHA256), loaded.NotAfter);
        }
        catch (Exception ex) when (_current is not null && ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "The renewed STARTTLS certificate cannot be read; still using the previous one");
            _loadedStamp = stamp;
        }
    }

    private DateTime Stamp()
    {
        var cert = File.GetLastWriteTimeUtc(_tls.CertificatePath!);
        var key = string.IsNullOrWhiteSpace(_tls.KeyPath) ? DateTime.MinValue : File.GetLastWriteTimeUtc(_tls.KeyPath);
        return cert > key ? cert : key;
    }

    private X509Certificate2 LoadConfigured()
    {
        if (string.IsNullOrWhiteSpace(_tls.KeyPath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(_tls.CertificatePath!, _tls.Password);
        }
        return string.IsNullOrEmpty(_tls.Password)
            ? X509Certificate2.CreateFromPemFile(_tls.CertificatePath!, _tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(_tls.CertificatePath!, _tls.Password, _tls.KeyPath);
    }

    private X509Certificate2 LoadOrCreateSelfSigned()
    {
        if (File.Exists(_selfSignedPath))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(_selfSignedPath, null);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(30))
            {
                return existing;
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_selfSignedPath)!);
        var pfx = SelfSigned.Create(_hostname).Export(X509ContentType.Pfx);
        var temp = _selfSignedPath + ".tmp";
        File.WriteAllBytes(temp, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, _selfSignedPath, overwrite: true);
        _logger.LogWarning("No STARTTLS certificate configured: made a self-signed one for {Hostname} in {Path}", _hostname, _selfSignedPath);
        return X509CertificateLoader.LoadPkcs12(pfx, null);
    }
}
