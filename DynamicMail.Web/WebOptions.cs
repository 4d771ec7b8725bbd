namespace DynamicMail.Web;

/// <summary>Web-side settings ("DynamicMail:Web").</summary>
public sealed class WebOptions
{
    public const string Section = "DynamicMail:Web";

    /// <summary>Reverse proxies whose X-Forwarded-For is trusted; nobody else's is.</summary>
    public List<string> KnownProxies { get; set; } = [];
}
