using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Ingest;

/// <summary>The MX listener ("DynamicMail:Smtp").</summary>
public sealed class SmtpOptions
{
    public const string Section = "DynamicMail:Smtp";

    /// <summary>0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary>Address to bind; all interfaces by default.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Greeting, Received: and DSN Reporting-MTA name; the machine name when empty.</summary>
    [RegularExpression(@"^[A-Za-z0-9.-]*$", ErrorMessage = "Hostname may hold letters, digits, '.' and '-'.")]
    public string? Hostname { get; set; }

    [Range(1024, 1024L * 1024 * 1024)]
    public int MaxMessageSize { get; set; } = 36_700_160;

    [Range(1, 100_000)]
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>No byte from the client for this long closes the session with 421.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Total cap of one session, long enough for a 35 MiB message on a slow link.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest command line accepted (RFC 5321 allows 512; extensions need more).</summary>
    [Range(512, 65536)]
    public int MaxCommandLength { get; set; } = 2048;

    /// <summary>Consecutive failed commands after which the session is closed with 421.</summary>
    [Range(1, 10_000)]
    public int MaxErrors { get; set; } = 20;

    /// <summary>SMTP sessions open at once; more get 421 4.7.0 before the library sees them.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>SMTP sessions open at once from one client address (Postfix's default is 50).</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary>STARTTLS: certificate files, or a generated self-signed certificate.</summary>
    public SmtpTlsOptions Tls { get; set; } = new();

    public string EffectiveHostname => string.IsNullOrWhiteSpace(Hostname) ? Environment.MachineName.ToLowerInvariant() : Hostname;
}
