namespace DynamicMail.Smtp.Auth;

/// <summary>
/// DMARC's verdict (RFC 7489) for the From: domain: <c>pass</c>, <c>fail</c>, <c>none</c> (no policy published),
/// <c>temperror</c>, <c>permerror</c>; <see cref="Policy"/> is the policy to apply on failure (none, quarantine, reject).
/// </summary>
public sealed record DmarcResult(string Result, string? FromDomain, string Policy = "none")
{
    public bool Rejects => Result == "fail" && Policy == "reject";
    public bool Quarantines => Result == "fail" && Policy == "quarantine";
}
