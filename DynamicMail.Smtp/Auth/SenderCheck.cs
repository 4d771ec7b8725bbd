namespace DynamicMail.Smtp.Auth;

/// <summary>
/// What the door knows at MAIL FROM: the blocklist zone that lists the client (null: none), and SPF, already under way
/// while the recipients and the data arrive. The SPF task never fails (a failure is <c>temperror</c>).
/// </summary>
public sealed record SenderCheck(string? BlockedBy, Task<SpfResult> Spf);
