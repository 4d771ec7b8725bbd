namespace DynamicMail.Web.Sessions;

/// <summary>What binds a session cookie to the account it was issued for.</summary>
internal static class SessionClaims
{
    /// <summary>The domain's identity: a domain deleted and created again has another one.</summary>
    public const string Identity = "dm:identity";

    /// <summary>The account's security stamp when the cookie was issued.</summary>
    public const string Stamp = "dm:stamp";
}
