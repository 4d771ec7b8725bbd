using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Odmr;

/// <summary>On-Demand Mail Relay, RFC 2645 ("DynamicMail:Odmr").</summary>
public sealed class OdmrOptions
{
    public const string Section = "DynamicMail:Odmr";

    public bool Enabled { get; set; } = true;

    /// <summary>3366 by default; 366 is the registered ODMR port for production. 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 3366;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>ODMR sessions open at once; more get 421 4.7.0.</summary>
    [Range(1, 10_000)]
    public int MaxConnections { get; set; } = 100;

    /// <summary>Silence from the client (before the turn) that ends the session with 421.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
