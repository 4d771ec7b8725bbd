namespace DynamicMail.Smtp.Auth;

/// <summary>SPF's verdict (RFC 7208 §2.6) for one identity: <c>mailfrom</c>, or <c>helo</c> for the null sender.</summary>
public sealed record SpfResult(string Result, string? Domain, string Identity, string? Checked)
{
    public bool Passed => Result == "pass";

    public static SpfResult None(string identity, string? checkedValue) => new("none", null, identity, checkedValue);
}
