namespace DynamicMail.Smtp.Auth;

/// <summary>One DKIM signature's verdict (RFC 8601 §2.7.1) with its signing domain (<c>d=</c>) and selector (<c>s=</c>).</summary>
public sealed record DkimResult(string Result, string? Domain, string? Selector, string? Reason = null)
{
    public bool Passed => Result == "pass";
}
